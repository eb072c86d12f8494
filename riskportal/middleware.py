"""Small request guards that sit in front of every view."""

from __future__ import annotations

import ipaddress
import time

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.shortcuts import render

_PROXY_HEADERS = (
    "HTTP_X_FORWARDED_PROTO",
    "HTTP_X_FORWARDED_FOR",
    "HTTP_X_FORWARDED_HOST",
    "HTTP_X_FORWARDED_PORT",
    "HTTP_FORWARDED",
    "HTTP_X_FORWARDED_PROTOCOL",
    "HTTP_X_FORWARDED_SSL",
    "HTTP_X_REAL_IP",
)


def trusted_networks(entries) -> list:
    """``TRUSTED_PROXY_IPS`` as networks: addresses (``10.0.0.2``) or ranges
    (``10.0.0.0/24``), as gunicorn's ``forwarded_allow_ips`` takes them."""
    networks = []
    for entry in entries:
        try:
            networks.append(ipaddress.ip_network(entry.strip(), strict=False))
        except ValueError:
            raise ImproperlyConfigured(
                f"TRUSTED_PROXY_IPS: {entry!r} is not an IP address or network."
            ) from None
    return networks


class TrustedProxyMiddleware:
    """Drop X-Forwarded-* headers unless the request came from a configured proxy.

    Django trusts ``SECURE_PROXY_SSL_HEADER`` from anyone who sends it; behind a TLS proxy
    only the proxy may say a request was HTTPS, so the headers of any other peer are
    removed before anything reads them. With ``TRUSTED_PROXY_IPS`` empty (the default)
    nobody is trusted, the local machine included.
    """

    def __init__(self, get_response):
        self.get_response = get_response
        self.trusted = trusted_networks(settings.TRUSTED_PROXY_IPS)

    def _is_trusted(self, address: str) -> bool:
        if not self.trusted:
            return False
        try:
            peer = ipaddress.ip_address(address)
        except ValueError:
            return False
        return any(peer in network for network in self.trusted)

    def __call__(self, request):
        if not self._is_trusted(request.META.get("REMOTE_ADDR", "")):
            for header in _PROXY_HEADERS:
                request.META.pop(header, None)
        return self.get_response(request)


class RequestSizeLimitMiddleware:
    """Refuse bodies over ``MAX_REQUEST_BYTES`` with a page that says so (413).

    Django's own limits raise a bare 400 once the body is read; checking the declared
    length first answers with a clear message and never reads the body. The answer sets
    no ``Connection`` header: it is the server's (hop-by-hop), wsgiref (``runserver``)
    refuses it with a 500 and gunicorn drops it; each server deals with the unread body.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        limit = settings.MAX_REQUEST_BYTES
        if length > limit:
            response = render(
                request,
                "413.html",
                {"limit_mb": limit / (1024 * 1024), "size_mb": length / (1024 * 1024)},
                status=413,
            )
            return response
        return self.get_response(request)


class IdleSessionMiddleware:
    """Keep an active user's session alive; let an idle one expire.

    Sessions last ``SESSION_COOKIE_AGE`` seconds from their last save. Saving on every
    request (Django's SESSION_SAVE_EVERY_REQUEST) would cost a database write per page, so
    the session is touched only when its last touch is older than ``SESSION_TOUCH_SECONDS``;
    an idle session therefore ends between ``age - touch`` and ``age`` seconds.
    """

    KEY = "_last_touch"

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        session = getattr(request, "session", None)
        user = getattr(request, "user", None)
        if session is not None and user is not None and user.is_authenticated:
            now = int(time.time())
            if now - session.get(self.KEY, 0) >= settings.SESSION_TOUCH_SECONDS:
                session[self.KEY] = now
        return response
