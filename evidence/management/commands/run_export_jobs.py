"""manage.py run_export_jobs: the worker that renders large evidence packs in the background."""

from __future__ import annotations

import time

from django.core.management.base import BaseCommand, CommandParser

from evidence.worker import WorkerLimits, run_pending


class Command(BaseCommand):
    help = (
        "Render queued evidence-pack exports, each in a child process with memory and time "
        "limits. Runs until stopped; --once empties the queue and exits (for cron)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--once", action="store_true", help="Empty the queue, then exit.")
        parser.add_argument(
            "--poll", type=float, default=3.0, help="Seconds between looks at the queue."
        )

    def handle(self, *args, **options) -> None:
        limits = WorkerLimits.from_settings()
        while True:
            taken = run_pending(limits)
            if taken:
                self.stdout.write(f"Rendered {taken} export job(s).")
            if options["once"]:
                return
            time.sleep(options["poll"])
