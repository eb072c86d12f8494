"""The app's own "Page not found" in development too.

With ``DEBUG`` on, Django answers a 404 with its technical page, which lists every URL
pattern; a person trying the app (``make run``) should see what production shows: the
app's ``404.html`` ("it does not exist, or it belongs to a team you are not part of").
Developers who want the technical page back set ``DEBUG_TECHNICAL_404=true``.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.http import Http404
from django.views.defaults import page_not_found


class AppNotFoundPageMiddleware:
    """In development, turn a 404 into the app's page: a view raising ``Http404`` (through
    ``process_exception``) and an address no URL pattern matches (the resolver fails before
    any view, so the response comes back with no ``resolver_match``). Not used when
    ``DEBUG`` is off (Django shows the app's page already) or ``DEBUG_TECHNICAL_404`` is on.
    """

    def __init__(self, get_response):
        if not settings.DEBUG or settings.DEBUG_TECHNICAL_404:
            raise MiddlewareNotUsed
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if response.status_code == 404 and getattr(request, "resolver_match", None) is None:
            return page_not_found(request, Http404())
        return response

    def process_exception(self, request, exception):
        if isinstance(exception, Http404):
            return page_not_found(request, exception)
        return None
