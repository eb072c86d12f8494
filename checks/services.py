"""Dismissing a finding and taking a dismissal back."""

from __future__ import annotations

from django.core.cache import cache
from django.db import transaction
from django.utils import timezone

from checks.loading import dismissals_key
from checks.models import Dismissal
from checks.rules import Finding


@transaction.atomic
def dismiss(*, register, finding: Finding, reason: str, by) -> Dismissal:
    """Set ``finding`` aside with ``reason`` (replacing an earlier reason for it)."""
    dismissal, _ = Dismissal.objects.update_or_create(
        register=register,
        rule=finding.rule.id,
        record=finding.record,
        defaults={
            "reference": finding.reference,
            "message": finding.message,
            "reason": reason,
            "dismissed_by": by,
            "dismissed_at": timezone.now(),
        },
    )
    _forget(register.pk)
    return dismissal


@transaction.atomic
def reopen(*, dismissal: Dismissal) -> None:
    """Take a dismissal back: the finding shows as open again if it still applies."""
    dismissal.delete()
    _forget(dismissal.register_id)


def _forget(register_id) -> None:
    """Drop the cached dismissals of the register once the change is committed."""
    key = dismissals_key(register_id)
    transaction.on_commit(lambda: cache.delete(key))
