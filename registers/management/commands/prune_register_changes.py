"""Delete the register changes no cache key needs any more: all but the newest of each
register, and those of registers that are gone. Safe to run at any time (daily, say)."""

from __future__ import annotations

from django.core.management.base import BaseCommand
from django.db.models import Max

from registers.models import Register, RegisterChange


class Command(BaseCommand):
    help = __doc__

    def handle(self, *args, **options) -> None:
        newest = RegisterChange.objects.values("register_id").annotate(newest=Max("id"))
        stale = RegisterChange.objects.exclude(id__in=newest.values("newest"))
        gone = RegisterChange.objects.exclude(register_id__in=Register.objects.values("pk"))
        deleted = stale.delete()[0] + gone.delete()[0]
        self.stdout.write(f"Deleted {deleted} register change row(s).")
