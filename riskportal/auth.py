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


#: The length of django-axes' username column.
RECORDED_USERNAME_MAX = 255


def throttled_username(request, credentials: dict | None = None) -> str | None:
    """The user name django-axes records and locks on (``AXES_USERNAME_CALLABLE``).

    As typed, but cut to the column's length: Django's sign-in form does not check the
    length before authenticating, and PostgreSQL refuses a longer value (a server error
    where a failed sign-in belongs). No user name is that long, so nothing is lost.
    """
    username = (credentials or {}).get("username")
    if username is None:
        username = getattr(request, "POST", {}).get("username")
    return username[:RECORDED_USERNAME_MAX] if isinstance(username, str) else username
