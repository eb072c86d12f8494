"""``manage.py send_reminders``: run daily from cron; each reminder goes once a day at most."""

from __future__ import annotations

from django.core.management.base import BaseCommand

from assessments.reminders import send_reminders


class Command(BaseCommand):
    help = (
        "Email owners of overdue actions, and supervisors of registers due a review and of "
        "reviews waiting for their sign-off. Safe to run several times a day: each reminder "
        "is sent once per day at most."
    )

    def handle(self, *args, **options) -> None:
        sent = send_reminders()
        self.stdout.write(
            f"Reminded {sent['actions']} action owner(s), {sent['reviews']} supervisor(s) of "
            f"registers due a review and {sent['sign_offs']} supervisor(s) of reviews to sign off."
        )
