"""Counting requests per client address or per email in Django's cache, for rate limits.

A limit is a number of attempts in a fixed window of time: the first attempt opens the
window, and the count starts again when it ends. The counts live in the ``default``
cache; with the in-memory cache each web process counts on its own, so a shared cache
(``CACHE_URL``) makes the limits exact across processes.
"""

from __future__ import annotations

import hashlib
import ipaddress

from django.core.cache import cache


def _address(text: str) -> str | None:
    try:
        return str(ipaddress.ip_address(text.strip()))
    except ValueError:
        return None


def client_address(request) -> str | None:
    """The address of the client that sent ``request`` (None if it has none).

    ``REMOTE_ADDR``, except behind a trusted proxy: ``TrustedProxyMiddleware`` keeps
    ``X-Forwarded-For`` only on requests from the proxies in ``TRUSTED_PROXY_IPS``, and the
    last address in it is the one that proxy saw (the ones before it are the client's word).
    Also django-axes' ``AXES_CLIENT_IP_CALLABLE``, so sign-in throttling counts the same.
    """
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    if forwarded:
        last = _address(forwarded.split(",")[-1])
        if last:
            return last
    return _address(request.META.get("REMOTE_ADDR") or "")


def _key(scope: str, who: str) -> str:
    digest = hashlib.sha256(who.encode("utf-8", "replace")).hexdigest()[:32]
    return f"throttle:{scope}:{digest}"


def allow(scope: str, who: str, *, limit: int, window_seconds: int) -> bool:
    """Count one attempt by ``who`` at ``scope``; False once more than ``limit`` attempts
    fell in the current window (refused attempts count too, so hammering never helps)."""
    key = _key(scope, who)
    cache.add(key, 0, timeout=window_seconds)
    try:
        count = cache.incr(key)
    except ValueError:  # the window ended between the two calls
        cache.set(key, 1, timeout=window_seconds)
        count = 1
    return count <= limit
