"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone


def fragment_cache(request) -> dict:
    """What ``{% cache %}`` fragments need: ``fragment_seconds``, their lifetime, and
    ``today``, part of the key of every page that flags what is due or overdue."""
    return {"fragment_seconds": settings.FRAGMENT_CACHE_SECONDS, "today": timezone.localdate()}
