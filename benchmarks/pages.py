"""Query count and median server time of every register page, for 50, 500 and 5,000 risks.

Builds a throw-away test database (SQLite unless DATABASE_URL says otherwise), imports a
register of n risks (each with an inherent and a residual rating and an action, spread over
six stages) plus three reviews covering them, then requests each page in-process with the
Django test client, signed in as a member of the team, with DEBUG off. A bare view behind
the same middleware is the floor. Each page is timed two ways: rendered afresh just after
a change to the register (no cached fragment can serve it), and on repeat visits with
nothing changed, in rounds that visit the floors and every page once each. Prints the
figures, then each target met or missed.

    uv run python benchmarks/pages.py [--sizes 50 500 5000] [--repeat 15]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path
from types import ModuleType

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riskportal.settings")

#: Page name -> path under the register (None: the dashboard, outside it).
PAGES = {
    "overview": "",
    "risk list": "risks/",
    "risk detail": "risks/1/",
    "journey map": "map/",
    "heat map": "heatmap/",
    "action log": "actions/",
    "reviews": "reviews/",
    "coverage": "coverage/",
    "dashboard": None,
}
#: The floors: a bare view, and an empty page of the base template, on the same server.
FLOORS = {"floor": "/floor/", "page floor": "/floor/page/"}
MAX_QUERIES = 15
WITHIN_FLOOR = {"risk list": 4, "heat map": 4, "dashboard": 4}  # times the floor, at 5,000
JOURNEY_MAP_MS_AT_500 = 250


def floor_view(request):
    """The floor: a bare view behind the same middleware (session, user, CSP, ...)."""
    from django.http import HttpResponse

    return HttpResponse("ok")


def page_floor_view(request):
    """A signed-in page of the site's base template with nothing in it: what any page of
    the app costs before it reads a register."""
    from django.contrib.auth.decorators import login_required
    from django.template import engines

    @login_required
    def view(request):
        from django.http import HttpResponse

        template = engines["django"].from_string('{% extends "base.html" %}')
        return HttpResponse(template.render({}, request))

    return view(request)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 5000])
    parser.add_argument(
        "--repeat", type=int, default=15, help="Timed requests of each kind per page and size."
    )
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.urls import clear_url_caches, path

    import riskportal.urls
    from registers.revisions import record_change

    settings.IMPORT_MAX_ROWS = max(args.sizes)
    settings.DEBUG = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    urls = ModuleType("benchmark_urls")  # the project's URLs plus the floor
    urls.urlpatterns = [
        path("floor/", floor_view),
        path("floor/page/", page_floor_view),
        *riskportal.urls.urlpatterns,
    ]
    sys.modules[urls.__name__] = urls
    settings.ROOT_URLCONF = urls.__name__
    clear_url_caches()
    # Not setup_test_environment(): its template instrumentation (a signal and a copy of
    # the context for every template rendered) is test machinery, not server time.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    settings.DEBUG = False
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from django.contrib.auth import get_user_model

        from registers.models import Membership, RiskMatrix, Team

        team = Team.objects.create(name="Benchmark", slug="benchmark")
        user = get_user_model().objects.create_user("bench", password="bench-password-1")
        Membership.objects.create(team=team, user=user, role=Membership.Role.MEMBER)
        matrix = RiskMatrix.objects.get(slug="5x5-standard", version=1)
        client = Client()
        client.force_login(user)

        def fresh_render(url: str, register=None) -> tuple[int, float]:
            """Queries and median ms of a page rendered afresh: after a change to the
            register, so no cached fragment can serve it."""

            def change() -> None:
                if register is not None:
                    record_change([register.pk])

            client.get(url)  # warm: templates compiled, the matrix spec cached
            queries = []

            def count(execute, sql, params, many, context):
                queries.append(sql)
                return execute(sql, params, many, context)

            change()
            with connection.execute_wrapper(count):
                response = client.get(url)
            assert response.status_code == 200, (url, response.status_code)
            fresh = []
            for _ in range(args.repeat):
                change()
                fresh.append(timed(url))
            return len(queries), statistics.median(fresh)

        def repeat_visits(urls: dict[str, str]) -> dict[str, float]:
            """Median ms of each page visited again with nothing changed, the floors
            included, in rounds that visit every page once: the machine's speed drifts
            within a run, and each page then meets the drift as its floor does."""
            for url in urls.values():
                client.get(url)  # what a repeat visit finds cached, after the last change
            times: dict[str, list[float]] = {page: [] for page in urls}
            for _ in range(args.repeat):
                for page, url in urls.items():
                    times[page].append(timed(url))
            return {page: statistics.median(found) for page, found in times.items()}

        def timed(url: str) -> float:
            start = time.perf_counter()
            client.get(url)
            return (time.perf_counter() - start) * 1000

        results: dict[tuple[int, str], tuple[int, float, float]] = {}
        print(f"{'risks':>6}  {'page':<12} {'queries':>7} {'fresh ms':>9} {'repeat ms':>10}")
        for n in args.sizes:
            started = time.perf_counter()
            register = make_register(n, team, user, matrix)
            print(f"{n:>6}  (built in {time.perf_counter() - started:.0f} s)")
            urls = {
                page: tail
                if page in FLOORS
                else ("/" if tail is None else f"/registers/{register.pk}/{tail}")
                for page, tail in {**FLOORS, **PAGES}.items()
            }
            fresh = {
                page: fresh_render(url, None if page in FLOORS else register)
                for page, url in urls.items()
            }
            repeat = repeat_visits(urls)
            for page in urls:
                results[(n, page)] = (*fresh[page], repeat[page])
                queries, fresh_ms, repeat_ms = results[(n, page)]
                print(f"{n:>6}  {page:<12} {queries:>7} {fresh_ms:>9.1f} {repeat_ms:>10.1f}")
        print()
        report(results, args.sizes)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def make_register(n: int, team, user, matrix):
    from assessments.models import Review
    from benchmarks.interchange import spreadsheet
    from interchange import importer, mapping, readers

    source = importer.Source(
        kind=mapping.RISKS,
        table=readers.read(spreadsheet(n), "bench.csv"),
        filename="bench.csv",
        team=team,
        new_register={"title": f"Benchmark {n}", "matrix": matrix.pk},
    )
    source.mapping = importer.default_mapping(source)
    register, plan = importer.commit_import(source=source, user=user)
    assert not plan.errors and register.risks.count() == n
    risks = list(register.risks.all())
    for day in (1, 2, 3):
        review = Review.objects.create(
            register=register, reviewer=user, minutes=f"Review {day} of every risk."
        )
        review.risks.set(risks)
    return register


def report(results: dict, sizes: list[int]) -> None:
    """Each target, met or missed, with the figure.

    Time targets are judged on the repeat visit, what most requests are (a page is read
    far more often than the register changes); the fresh render is printed beside it.
    """
    lines = []
    for n in sizes:
        worst = max((results[(n, p)][0], p) for p in PAGES)
        lines.append(
            (
                worst[0] <= MAX_QUERIES,
                f"at {n:,} risks every page runs <= {MAX_QUERIES} queries "
                f"(most: {worst[1]}, {worst[0]})",
            )
        )
    big = max(sizes)
    for floor_name in FLOORS:
        floor = results[(big, floor_name)][2]
        for page, factor in WITHIN_FLOOR.items():
            _, fresh, repeat = results[(big, page)]
            lines.append(
                (
                    repeat <= factor * floor,
                    f"at {big:,} risks {page} within {factor}x the {floor_name} "
                    f"({repeat:.1f} ms = {repeat / floor:.1f}x {floor:.1f} ms; "
                    f"rendered afresh {fresh:.1f} ms = {fresh / floor:.1f}x)",
                )
            )
    if 500 in sizes:
        ms = results[(500, "journey map")][1]
        lines.append(
            (
                ms <= JOURNEY_MAP_MS_AT_500,
                f"at 500 risks journey map within {JOURNEY_MAP_MS_AT_500} ms ({ms:.0f} ms)",
            )
        )
    for ok, text in lines:
        print(f"{'met   ' if ok else 'MISSED'} {text}")


if __name__ == "__main__":
    main()
