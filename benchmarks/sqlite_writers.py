"""Several processes writing to one SQLite file at once: how many writes fail?

With Django's defaults (deferred transactions, no busy timeout) most concurrent writes fail
with "database is locked"; riskportal's settings (WAL, IMMEDIATE, busy timeout) make them
wait their turn. Prints writers, writes, failures, seconds and writes per second.

    uv run python benchmarks/sqlite_writers.py [--writers 8] [--writes 50]
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

WRITER = r"""
import os, sys, django
os.environ["DJANGO_SETTINGS_MODULE"] = "riskportal.settings"
sys.path.insert(0, os.environ["ROOT"])
django.setup()
from django.db import transaction
from registers.models import Team
failures = 0
me, writes = sys.argv[1], int(sys.argv[2])
for i in range(writes):
    try:
        with transaction.atomic():
            team = Team.objects.create(name=f"w{me}-{i}", slug=f"w{me}-{i}")
            team.organisation = "x"
            team.save()
    except Exception as exc:
        failures += 1
print(failures)
"""


def run(writers: int, writes: int) -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3",
            "ROOT": str(ROOT),
            "DEBUG": "true",
        }
        subprocess.run(
            [sys.executable, "manage.py", "migrate", "-v", "0"], cwd=ROOT, env=env, check=True
        )
        started = time.perf_counter()
        processes = [
            subprocess.Popen(
                [sys.executable, "-c", WRITER, str(n), str(writes)],
                env=env,
                stdout=subprocess.PIPE,
                text=True,
            )
            for n in range(writers)
        ]
        failures = sum(int(p.communicate()[0].strip() or writes) for p in processes)
        seconds = time.perf_counter() - started
    total = writers * writes
    return {
        "writers": writers,
        "writes": total,
        "failures": failures,
        "seconds": round(seconds, 2),
        "writes_per_second": round(total / seconds, 1),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--writers", type=int, default=8)
    parser.add_argument("--writes", type=int, default=50)
    arguments = parser.parse_args()
    for key, value in run(arguments.writers, arguments.writes).items():
        print(f"{key}: {value}")


if __name__ == "__main__":
    main()
