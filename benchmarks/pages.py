"""Query count and median server time of every register page for 50, 500 and 5,000 risks,
judged against the performance budget.

Builds a throw-away test database (SQLite unless DATABASE_URL says otherwise) and a
register of n risks (``benchmarks/data.py``), then requests each page in-process with the
Django test client, signed in as a member of the team, with DEBUG off. No page is cached:
each visit renders it afresh (only what every request shares, the matrix spec, the criteria
and the checks' dismissals, comes from the cache, as on a server). Pages are visited in
rounds, the sign-in page (the yardstick) among them, so each page meets the machine's drift
in speed as the yardstick does. Times are the process's CPU time for the request (the test
client serves it in-process, SQLite included), which other work on a shared machine
inflates far less than wall-clock time.

The budget: at 500 risks every page within 20x the sign-in page of the same
run; at 5,000 risks every page within 300 ms; at every size at most 15 queries a page.

    uv run python benchmarks/pages.py [--sizes 50 500 5000] [--repeat 9]
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riskportal.settings")

#: Page name -> path under the register ("{review}" is the first review's id); None: the
#: dashboard, outside the register.
PAGES = {
    "overview": "",
    "risk list": "risks/",
    "risk detail": "risks/1/",
    "new risk form": "risks/new/",
    "journey map": "map/",
    "heat map": "heatmap/",
    "stages": "journey/",
    "action log": "actions/",
    "consultations": "consultations/",
    "awareness": "awareness/",
    "analysis": "analysis/",
    "reviews": "reviews/",
    "new review form": "reviews/new/",
    "review detail": "reviews/{review}/",
    "coverage": "coverage/",
    "tag form": "coverage/tags/",
    "evidence": "evidence/",
    "dashboard": None,
}
LOGIN = "/accounts/login/"
MAX_QUERIES = 15
TIMES_LOGIN_AT_500 = 20
MS_AT_5000 = 300


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 5000])
    parser.add_argument("--repeat", type=int, default=9, help="Timed rounds of each kind.")
    parser.add_argument("--pages", nargs="+", help="Only these pages (names as printed).")
    args = parser.parse_args()

    import django

    django.setup()
    from django.conf import settings
    from django.core.cache import cache
    from django.db import connection
    from django.test import Client

    pages = {p: t for p, t in PAGES.items() if not args.pages or p in args.pages}
    settings.IMPORT_MAX_ROWS = max(args.sizes)
    settings.DEBUG = False
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    # Not setup_test_environment(): its template instrumentation (a signal and a copy of
    # the context for every template rendered) is test machinery, not server time.
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "testserver"]
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from django.contrib.auth import get_user_model

        from benchmarks.data import make_register
        from registers.models import Membership, RiskMatrix, Team

        team = Team.objects.create(name="Benchmark", slug="benchmark")
        user = get_user_model().objects.create_user("bench", password="bench-password-1")
        Membership.objects.create(team=team, user=user, role=Membership.Role.MEMBER)
        matrix = RiskMatrix.objects.get(slug="5x5-standard", version=1)
        member, visitor = Client(), Client()
        member.force_login(user)

        def get(url: str):
            response = (visitor if url == LOGIN else member).get(url)
            assert response.status_code == 200, (url, response.status_code)
            return response

        def queries_of(url: str) -> int:
            """Queries of a request once the caches every request shares are warm (the
            matrix spec, the criteria, the dismissals), as most requests find them."""
            get(url)
            found = []

            def count(execute, sql, params, many, context):
                found.append(sql)
                return execute(sql, params, many, context)

            with connection.execute_wrapper(count):
                get(url)
            return len(found)

        def rounds(urls: dict[str, str]) -> dict[str, float]:
            for url in urls.values():
                get(url)  # warm: templates compiled, the matrix spec and the criteria cached
            times: dict[str, list[float]] = {page: [] for page in urls}
            for _ in range(args.repeat):
                for page, url in urls.items():
                    start = time.process_time()
                    get(url)
                    times[page].append((time.process_time() - start) * 1000)
            return {page: statistics.median(found) for page, found in times.items()}

        results: dict[int, dict[str, tuple]] = {}
        for n in args.sizes:
            started = time.perf_counter()
            register = make_register(n, team, user, matrix)
            review = register.reviews.order_by("pk").first()
            print(f"{n:,} risks (built in {time.perf_counter() - started:.0f} s)", flush=True)
            urls = {"login": LOGIN}
            for page, tail in pages.items():
                urls[page] = (
                    "/"
                    if tail is None
                    else f"/registers/{register.pk}/{tail.format(review=review.pk)}"
                )
            cache.clear()
            queries = {page: queries_of(url) for page, url in urls.items()}
            times = rounds(urls)
            results[n] = {p: (queries[p], times[p]) for p in urls}
            report(n, results[n])
        register_count = Team.objects.get(pk=team.pk).registers.count()
        assert register_count == len(args.sizes)
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


def report(n: int, figures: dict[str, tuple]) -> None:
    """A table of one size: queries, ms, and the budget per page."""
    login = figures["login"][1]
    print(f"{'page':<16} {'queries':>7} {'ms':>8} {'x login':>8}  budget")
    for page, (queries, ms) in figures.items():
        verdict = ""
        if page != "login":
            ok = queries <= MAX_QUERIES
            if n == 500:
                ok = ok and ms <= TIMES_LOGIN_AT_500 * login
            if n >= 5000:
                ok = ok and ms <= MS_AT_5000
            verdict = "PASS" if ok else "FAIL"
        print(f"{page:<16} {queries:>7} {ms:>8.1f} {ms / login:>8.1f}  {verdict}")
    rule = {500: f"<= {TIMES_LOGIN_AT_500}x login", 5000: f"<= {MS_AT_5000} ms"}
    print(f"(budget at {n:,}: <= {MAX_QUERIES} queries; {rule.get(n, 'queries only')})\n")


if __name__ == "__main__":
    main()
