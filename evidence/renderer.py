"""The PDF renderer: the one place WeasyPrint is called, with the one URL fetcher.

WeasyPrint's default fetcher follows ``file:``, ``http(s):``, ``ftp:`` and ``data:`` URLs,
so a stray ``<img src="file:///etc/passwd">`` or ``<link rel="attachment">`` would read
local files or reach internal services. Here every document is rendered with
``StaticFilesFetcher``: it serves the app's own static files, read from disk, and small
inline images; it refuses everything else. User text is escaped by the templates anyway;
the fetcher is the second wall.

Rendering cost is capped too: WeasyPrint announces every page it lays out on its progress
logger, and a filter there stops a render that runs past its page or time budget and
passes the page count to an optional progress callback. Every pack renders in a worker's
child process with operating-system limits on top (see ``evidence.worker``).
"""

from __future__ import annotations

import base64
import logging
import posixpath
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import unquote, unquote_to_bytes, urljoin

from django.conf import settings
from django.contrib.staticfiles import finders
from django.contrib.staticfiles.storage import staticfiles_storage
from django.core.exceptions import SuspiciousFileOperation
from weasyprint import HTML
from weasyprint.logger import PROGRESS_LOGGER
from weasyprint.urls import URLFetcher, URLFetcherResponse

#: Documents are parsed with this base URL, so ``{% static %}`` paths resolve under it.
#: ``.invalid`` is reserved (RFC 2606): even a fetcher bug could not reach a real host.
BASE_URL = "https://static.riskportal.invalid/"

#: File types the fetcher serves from the static folders. No SVG: images are ours only.
STATIC_TYPES = {
    ".css": "text/css",
    ".png": "image/png",
    ".jpg": "image/jpeg",
    ".jpeg": "image/jpeg",
    ".woff": "font/woff",
    ".woff2": "font/woff2",
    ".ttf": "font/ttf",
    ".otf": "font/otf",
}
STATIC_MAX_BYTES = 2 * 1024 * 1024
DATA_URL_MAX_CHARS = 64 * 1024
DATA_URL_TYPES = {"image/png", "image/jpeg", "image/gif"}

#: PDF/UA-1: tagged PDF with the document language, for screen readers (WCAG 2.2 AA).
PDF_VARIANT = "pdf/ua-1"


class FetchRefused(ValueError):
    """The URL is not one of the app's static files (or a small inline image)."""


class RenderLimitExceeded(RuntimeError):
    """The document needed more pages or time than its budget allows."""


def _static_prefix() -> str:
    # ``{% static %}`` gives a path ("/static/...") or, with a CDN, an absolute URL; both
    # are mapped back to files on disk, never fetched over the network.
    return urljoin(BASE_URL, settings.STATIC_URL)


class StaticFilesFetcher(URLFetcher):
    """Serves the app's own static files from disk; refuses every other URL.

    ``requested`` keeps every URL WeasyPrint asked for and ``refused`` those turned
    down, so a test (or a log line) can show what a document tried to load.
    """

    def __init__(self) -> None:
        # No protocols and no redirects for the inherited opener, which this class never
        # calls: ``fetch`` below answers every request itself.
        super().__init__(timeout=1, allowed_protocols=(), allow_redirects=False)
        self.requested: list[str] = []
        self.refused: list[str] = []

    def fetch(self, url: str, headers=None) -> URLFetcherResponse:
        self.requested.append(url[:200])
        try:
            if url[:5].lower() == "data:":
                return self._data(url)
            return self._static(url)
        except FetchRefused:
            self.refused.append(url[:200])
            raise

    def _static(self, url: str) -> URLFetcherResponse:
        prefix = _static_prefix()
        if not url.startswith(prefix):
            raise FetchRefused(f"Only the app's static files may be loaded, not {url[:80]!r}.")
        name = unquote(url[len(prefix) :].split("?", 1)[0].split("#", 1)[0])
        normal = posixpath.normpath(name)
        if "\x00" in name or normal.startswith(("../", "/")) or normal in ("..", "."):
            raise FetchRefused(f"Not a static file name: {name[:80]!r}.")
        content_type = STATIC_TYPES.get(posixpath.splitext(normal)[1].lower())
        if content_type is None:
            raise FetchRefused(f"Static files of this type are not loaded: {name[:80]!r}.")
        path = _find_static(normal)
        if path is None or path.stat().st_size > STATIC_MAX_BYTES:
            raise FetchRefused(f"No such static file (or too large): {name[:80]!r}.")
        return URLFetcherResponse(url, path.read_bytes(), {"Content-Type": content_type})

    def _data(self, url: str) -> URLFetcherResponse:
        if len(url) > DATA_URL_MAX_CHARS:
            raise FetchRefused(f"Inline data over {DATA_URL_MAX_CHARS} characters is refused.")
        header, comma, payload = url[5:].partition(",")
        parts = header.split(";")
        content_type = (parts[0] or "text/plain").strip().lower()
        if not comma or content_type not in DATA_URL_TYPES:
            raise FetchRefused(f"Inline data of type {content_type[:40]!r} is refused.")
        try:
            body = (
                base64.b64decode(payload, validate=True)
                if "base64" in parts[1:]
                else unquote_to_bytes(payload)
            )
        except ValueError as exc:
            raise FetchRefused("Inline data that does not decode is refused.") from exc
        return URLFetcherResponse(url, body, {"Content-Type": content_type})


def _find_static(name: str) -> Path | None:
    """The file for static ``name``: collected (hashed names too) or in a static folder."""
    try:
        collected = Path(staticfiles_storage.path(name))
    except (NotImplementedError, SuspiciousFileOperation, ValueError):
        collected = None
    if collected is not None and collected.is_file():
        return collected
    try:
        found = finders.find(name)
    except SuspiciousFileOperation:
        return None
    return Path(found) if isinstance(found, str) and Path(found).is_file() else None


# --- Budget ---------------------------------------------------------------------------------


@dataclass
class Limits:
    """How much one render may take before it is stopped."""

    max_pages: int = field(default_factory=lambda: settings.EVIDENCE_MAX_PAGES)
    max_seconds: float = field(default_factory=lambda: settings.EVIDENCE_MAX_RENDER_SECONDS)


_active = threading.local()


class _BudgetFilter(logging.Filter):
    """Checks the running render's budget each time WeasyPrint reports progress.

    Raising here stops the layout from inside WeasyPrint's own loop (it logs every page
    it lays out). The progress records themselves are dropped, never printed.
    """

    def filter(self, record: logging.LogRecord) -> bool:
        budget = getattr(_active, "budget", None)
        if budget is None:
            return False
        limits, deadline, on_progress = budget
        if time.monotonic() > deadline:
            raise RenderLimitExceeded(
                f"The document took longer than {limits.max_seconds:g} seconds to lay out."
            )
        if "Page %d" in str(record.msg) and record.args and record.args[0] > limits.max_pages:
            raise RenderLimitExceeded(f"The document would be over {limits.max_pages} pages.")
        if on_progress is not None:
            message = str(record.msg)
            if message.startswith("Step 5 - Creating layout - Page %d") and record.args:
                on_progress("layout", record.args[0])
            elif message.startswith("Step 6"):
                on_progress("saving", None)
        return False


_budget_filter = _BudgetFilter()
if _budget_filter not in PROGRESS_LOGGER.filters:
    PROGRESS_LOGGER.addFilter(_budget_filter)
    PROGRESS_LOGGER.setLevel(logging.INFO)


# --- Rendering ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Rendered:
    pdf: bytes
    pages: int
    seconds: float
    refused: tuple[str, ...]


def render_pdf(
    html: str,
    *,
    limits: Limits | None = None,
    identifier: str = "",
    fetcher: StaticFilesFetcher | None = None,
    on_progress=None,
) -> Rendered:
    """Render ``html`` (a whole document) to a tagged PDF.

    Title, author, subject and language come from the document's ``<title>``, ``<meta>``
    and ``lang``. Raises ``RenderLimitExceeded`` past ``limits``. ``on_progress(step,
    page)`` is called with ``("layout", n)`` as page n is laid out (a page may be laid out
    again when the document is repaginated) and ``("saving", None)`` when the PDF is written.
    """
    limits = limits or Limits()
    fetcher = fetcher or StaticFilesFetcher()
    started = time.monotonic()
    _active.budget = (limits, started + limits.max_seconds, on_progress)
    try:
        document = HTML(string=html, base_url=BASE_URL, url_fetcher=fetcher).render(
            pdf_variant=PDF_VARIANT
        )
        pages = len(document.pages)
        if pages > limits.max_pages:
            raise RenderLimitExceeded(f"The document would be over {limits.max_pages} pages.")
        pdf = document.write_pdf(
            pdf_variant=PDF_VARIANT, pdf_identifier=identifier.encode() or None
        )
    finally:
        _active.budget = None
    return Rendered(pdf, pages, time.monotonic() - started, tuple(fetcher.refused))
