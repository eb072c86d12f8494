"""Import and export times and query counts for 50, 500 and 5,000 risks.

Builds a throw-away test database (SQLite unless DATABASE_URL says otherwise), imports a
CSV of n risks with inherent and residual ratings and a mitigation each, then exports the
register as xlsx, CSV and JSON. Queries grow with batches of rows, never with each row.

    uv run python benchmarks/interchange.py [--sizes 50 500 5000]
"""

from __future__ import annotations

import argparse
import csv
import io
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riskportal.settings")

HEADER = [
    "Ref",
    "Title",
    "Stage",
    "Category",
    "Owner",
    "Likelihood",
    "Impact",
    "Residual likelihood",
    "Residual impact",
    "Mitigation",
    "Comments",
]
CATEGORIES = ["Financial", "Reputational", "Health & safety", "Sub-standard delivery"]


def spreadsheet(n: int) -> bytes:
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(HEADER)
    for i in range(1, n + 1):
        writer.writerow(
            [
                f"R{i:05d}",
                f"Risk number {i}",
                f"Stage {i % 6 + 1}",
                CATEGORIES[i % 4],
                "Duty manager",
                i % 5 + 1,
                (i * 3) % 5 + 1,
                max(1, i % 5),
                max(1, (i * 3) % 5),
                f"Mitigation for risk {i}",
                f"Imported comment {i}",
            ]
        )
    return buffer.getvalue().encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[50, 500, 5000])
    sizes = parser.parse_args().sizes

    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test.utils import CaptureQueriesContext, setup_test_environment

    settings.IMPORT_MAX_ROWS = max(sizes)
    setup_test_environment()
    old_name = connection.creation.create_test_db(verbosity=0)
    try:
        from django.contrib.auth import get_user_model

        from interchange import exporters, importer, mapping, readers
        from registers.models import Membership, Register, RiskMatrix, Team

        team = Team.objects.create(name="Benchmark", slug="benchmark")
        user = get_user_model().objects.create_user("bench")
        Membership.objects.create(team=team, user=user, role=Membership.Role.MEMBER)
        matrix = RiskMatrix.objects.get(slug="5x5-standard", version=1)
        print(f"{'risks':>6} {'step':<8} {'seconds':>8} {'queries':>8}")
        for n in sizes:
            data = spreadsheet(n)
            source = importer.Source(
                kind=mapping.RISKS,
                table=readers.read(data, "bench.csv"),
                filename="bench.csv",
                team=team,
                new_register={"title": f"Benchmark {n}", "matrix": matrix.pk},
            )
            source.mapping = importer.default_mapping(source)
            with CaptureQueriesContext(connection) as queries:
                start = time.perf_counter()
                register, plan = importer.commit_import(source=source, user=user)
                seconds = time.perf_counter() - start
            assert not plan.errors and register.risks.count() == n
            print(f"{n:>6} {'import':<8} {seconds:>8.2f} {len(queries):>8}")
            for fmt in ("xlsx", "csv", "json"):
                register = Register.objects.select_related("team", "matrix").get(pk=register.pk)
                with CaptureQueriesContext(connection) as queries:
                    start = time.perf_counter()
                    size = len(exporters.render(register, fmt))
                    seconds = time.perf_counter() - start
                print(
                    f"{n:>6} {fmt:<8} {seconds:>8.2f} {len(queries):>8}   ({size / 1024:,.0f} KB)"
                )
    finally:
        connection.creation.destroy_test_db(old_name, verbosity=0)


if __name__ == "__main__":
    main()
