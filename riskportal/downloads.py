"""Downloads of team data (exports, evidence packs): one rule for how they are cached.

A register's export holds team data; a browser or proxy must not keep a copy on disk
where the next person at a shared computer (or the proxy's next client) could find it.
Every download view answers through ``private_download`` (a view decorator) or
``no_store`` (for a response built elsewhere): ``Cache-Control: private, no-store``.
"""

from __future__ import annotations

import functools

from django.utils.cache import patch_cache_control

CACHE_CONTROL = "private, no-store"


def no_store(response):
    """``response`` marked as never to be stored by any cache; returned for chaining."""
    patch_cache_control(response, private=True, no_store=True)
    return response


def private_download(view):
    """Decorate a download view: its every answer is sent with ``CACHE_CONTROL``."""

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        return no_store(view(request, *args, **kwargs))

    return wrapped
