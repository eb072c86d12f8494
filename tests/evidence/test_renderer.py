"""The renderer's one URL fetcher: the app's static files from disk, nothing else."""

from __future__ import annotations

import base64

import pytest

from evidence.renderer import (
    BASE_URL,
    DATA_URL_MAX_CHARS,
    FetchRefused,
    Limits,
    RenderLimitExceeded,
    StaticFilesFetcher,
    render_pdf,
)
from tests.evidence.reading import all_text, reader

# A 1 x 1 transparent PNG.
PIXEL = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII="
)


def _document(body: str, head: str = "") -> str:
    return f"<!doctype html><html lang='en-GB'><head>{head}</head><body>{body}</body></html>"


def test_it_serves_the_apps_own_static_files_from_disk():
    fetcher = StaticFilesFetcher()
    response = fetcher.fetch(f"{BASE_URL}static/css/evidence-print.css")
    assert b"@page" in response.read()
    assert response.content_type == "text/css"


@pytest.mark.parametrize(
    "url",
    [
        "file:///etc/passwd",
        "FILE:///etc/passwd",
        "http://127.0.0.1:5432/",
        "https://example.org/logo.png",
        "ftp://example.org/file.css",
        f"{BASE_URL}static/../../../../etc/passwd",
        f"{BASE_URL}static/%2e%2e/%2e%2e/settings.py",
        f"{BASE_URL}static/css/missing.css",
        f"{BASE_URL}static/vendor/bootstrap/bootstrap.bundle.min.js",
        f"{BASE_URL}media/evidence/someone-elses.pdf",
        "https://static.riskportal.invalid.evil.example/static/css/evidence-print.css",
        "data:text/html,<script>alert(1)</script>",
        "data:image/svg+xml,<svg/>",
    ],
)
def test_it_refuses_everything_else(url):
    fetcher = StaticFilesFetcher()
    with pytest.raises(FetchRefused):
        fetcher.fetch(url)
    assert fetcher.refused == [url[:200]]


def test_it_allows_a_small_inline_image_and_refuses_a_huge_one():
    small = "data:image/png;base64," + base64.b64encode(PIXEL).decode()
    assert StaticFilesFetcher().fetch(small).read() == PIXEL
    huge = "data:image/png;base64," + "A" * DATA_URL_MAX_CHARS
    with pytest.raises(FetchRefused):
        StaticFilesFetcher().fetch(huge)


def test_it_keeps_local_files_and_internal_services_out_of_the_pdf():
    """Raw markup that tries every way of loading something: none of it is fetched."""
    html = _document(
        head=(
            "<link rel='attachment' href='file:///etc/passwd'>"
            "<link rel='stylesheet' href='http://127.0.0.1:5432/x.css'>"
            "<style>@import url('file:///etc/hostname'); "
            "body { background: url('http://127.0.0.1:5432/bg.png'); }</style>"
        ),
        body=(
            "<p>Body text stays.</p>"
            "<img src='file:///etc/passwd' alt=''>"
            "<img src='http://127.0.0.1:5432/' alt=''>"
            "<object data='file:///etc/passwd'></object>"
            "<embed src='file:///etc/group'>"
            "<svg><image href='file:///etc/passwd' width='10' height='10'/></svg>"
            f"<img src='data:image/png;base64,{'A' * (DATA_URL_MAX_CHARS + 10)}' alt=''>"
        ),
    )
    fetcher = StaticFilesFetcher()
    rendered = render_pdf(html, fetcher=fetcher)

    refused = set(fetcher.refused)
    assert {"file:///etc/passwd", "http://127.0.0.1:5432/", "file:///etc/hostname"} <= refused
    assert "http://127.0.0.1:5432/x.css" in refused
    assert any(url.startswith("data:image/png;base64,AAAA") for url in refused)
    assert set(fetcher.requested) == refused  # nothing was served
    assert b"root:x:0:0" not in rendered.pdf
    assert "/EmbeddedFiles" not in reader(rendered.pdf).trailer["/Root"]
    assert "Body text stays." in all_text(rendered.pdf)


def test_it_stops_a_document_over_its_page_budget():
    html = _document("<p style='break-after: page'>x</p>" * 30)
    with pytest.raises(RenderLimitExceeded, match="over 10 pages"):
        render_pdf(html, limits=Limits(max_pages=10, max_seconds=60))


def test_it_stops_a_render_past_its_time_budget():
    html = _document("<p>slow</p>" * 50)
    with pytest.raises(RenderLimitExceeded, match="longer than"):
        render_pdf(html, limits=Limits(max_pages=100, max_seconds=0))


def test_it_renders_a_tagged_pdf_with_language_and_metadata():
    html = _document(
        "<h1>Heading</h1><p>Text</p>",
        head="<title>The title</title><meta name='author' content='A. Learner'>"
        "<meta name='description' content='The subject'>",
    )
    document = reader(render_pdf(html).pdf)
    root = document.trailer["/Root"]
    assert root["/Lang"] == "en-GB"
    assert root["/MarkInfo"]["/Marked"]
    assert "/StructTreeRoot" in root
    assert document.metadata.title == "The title"
    assert document.metadata.author == "A. Learner"
    assert document.metadata.subject == "The subject"
