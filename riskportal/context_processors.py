"""Template context shared by every page."""

from __future__ import annotations

import functools

from django.conf import settings
from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils import timezone


def today(request) -> dict:
    """``today``: the local date pages flag what is due or overdue against."""
    return {"today": timezone.localdate()}


#: The links of every page's header and breadcrumbs, by the name templates use.
SITE_LINKS = {
    "home": "dashboard:home",
    "registers": "registers:list",
    "import": "interchange:start",
    "admin": "admin:index",
    "password_change": "password_change",
    "logout": "logout",
}


@functools.cache
def _reverse_site_links(prefix: str, urlconf: str) -> dict[str, str]:
    links = {}
    for key, name in SITE_LINKS.items():
        try:
            links[key] = reverse(name, urlconf=urlconf)
        except NoReverseMatch:  # an app left out of the URL conf: its link is not shown
            links[key] = ""
    return links


def site_links(request) -> dict:
    """``site``: the address of each of ``SITE_LINKS``, reversed once per process (for
    each script prefix and URL conf) instead of on every page."""
    urlconf = get_urlconf() or settings.ROOT_URLCONF
    return {"site": _reverse_site_links(get_script_prefix(), urlconf)}
