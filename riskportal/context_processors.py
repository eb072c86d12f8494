"""Template context shared by every page."""

from __future__ import annotations

from django.conf import settings


def fragment_cache(request) -> dict:
    """``fragment_seconds``: the lifetime given to ``{% cache %}`` fragments."""
    return {"fragment_seconds": settings.FRAGMENT_CACHE_SECONDS}
