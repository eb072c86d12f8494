"""Sign-in throttling (django-axes) for requests that come over HTTP."""

from __future__ import annotations

from axes.backends import AxesStandaloneBackend


class LoginThrottleBackend(AxesStandaloneBackend):
    """django-axes' check, applied to every sign-in that comes with a request.

    Credentials checked without a request (management commands, the test client's
    ``login()``) have no address to throttle on, so they pass straight to the next backend
    instead of raising.
    """

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is None:
            return None
        return super().authenticate(request, username=username, password=password, **kwargs)
