"""Visit every page a signed-in person can reach by following links, one page per URL name."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from urllib.parse import urlsplit

from django.urls import Resolver404, resolve

#: URL names a crawl never opens: files to download, sign-out, and health checks.
NOT_PAGES = frozenset(
    {
        "logout",
        "healthz",
        "interchange_register:download",
        "evidence:download",
        "exhibits:exhibit_download",
    }
)


def url_name(href: str) -> str | None:
    """The URL name a same-site link leads to, or None for other sites and fragments."""
    parts = urlsplit(href)
    if parts.scheme or parts.netloc or not parts.path.startswith("/"):
        return None
    try:
        return resolve(parts.path).view_name
    except Resolver404:
        return None


def crawl(
    page,
    start: Iterable[str],
    visit: Callable[[str, str], None],
    *,
    follow: Callable[[str], bool] = lambda name: not name.startswith("admin:"),
) -> dict[str, str]:
    """Open ``start``, then every link found, breadth first; call ``visit(name, url)`` on the
    first page of each URL name that ``follow`` accepts. Returns the URL visited per name.

    Only links (GET) are followed, never forms, so the crawl changes nothing.
    """
    queue = list(start)
    visited: dict[str, str] = {}
    while queue:
        href = queue.pop(0).split("#")[0]
        name = url_name(href)
        if name is None or name in visited or name in NOT_PAGES or not follow(name):
            continue
        response = page.goto(href)
        assert response is not None and response.ok, (
            f"{href} answered {response and response.status}"
        )
        visited[name] = href
        visit(name, href)
        queue.extend(
            page.eval_on_selector_all(
                "a[href]:not([download])", "links => links.map(a => a.getAttribute('href'))"
            )
        )
    return visited
