"""A finding of the consistency checks that the learner judged a false alarm, with why."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from registers.models import Register
from riskportal.scoping import RegisterScopedQuerySet


class Dismissal(models.Model):
    """One finding (``rule`` on ``record``) set aside with a reason, kept and printed.

    ``record`` is the key a finding gives its record (``risk:12``, ``stage:3:financial``,
    ``consultation:5:1a2b3c4d``...), so the dismissal follows the record, not its wording.
    """

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="dismissals")
    rule = models.CharField(max_length=60)
    record = models.CharField(max_length=80)
    reference = models.CharField(
        max_length=200, help_text="The record as the finding named it, e.g. R-004."
    )
    message = models.TextField(blank=True, help_text="The finding as it read when dismissed.")
    reason = models.TextField(help_text="Why the finding is a false alarm.")
    dismissed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    dismissed_at = models.DateTimeField(default=timezone.now)

    objects = RegisterScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["register", "rule", "record"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "rule", "record"], name="dismissal_unique_finding"
            ),
            models.CheckConstraint(
                condition=~models.Q(reason=""),
                name="dismissal_has_reason",
                violation_error_message="Say why this finding is a false alarm.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.rule} on {self.reference}: {self.reason[:60]}"


#: The kinds of record a finding's key names (``<kind>:<id>[:<detail>]``), by the list a
#: register backup keeps them in.
RECORD_KINDS = {
    "risk": "risks",
    "stage": "stages",
    "action": "actions",
    "consultation": "consultations",
    "review": "reviews",
}


def split_record(record: str) -> tuple[str, int, str] | None:
    """``"stage:3:financial"`` -> ``("stage", 3, ":financial")``; None for a key that is not
    of that shape (so no caller ever guesses at one)."""
    kind, _, rest = record.partition(":")
    number, colon, detail = rest.partition(":")
    if kind not in RECORD_KINDS or not number.isdigit():
        return None
    return kind, int(number), colon + detail
