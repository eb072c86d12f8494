"""Delete imports that were started but never committed, with their uploaded files, once
they are older than ``IMPORT_KEEP_DAYS`` (or ``--days``). Run it daily."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.management.base import BaseCommand

from interchange.services import delete_abandoned_imports


class Command(BaseCommand):
    help = __doc__

    def add_arguments(self, parser) -> None:
        parser.add_argument("--days", type=int, default=settings.IMPORT_KEEP_DAYS)

    def handle(self, *args, days: int, **options) -> None:
        deleted = delete_abandoned_imports(older_than=dt.timedelta(days=days))
        self.stdout.write(f"Deleted {deleted} abandoned import(s) older than {days} day(s).")
