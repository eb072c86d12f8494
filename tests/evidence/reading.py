"""Reading PDFs back in tests."""

from __future__ import annotations

import io

from pypdf import PdfReader


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in reader(pdf).pages]


def all_text(pdf: bytes) -> str:
    """The text of every page, with line breaks folded so wrapped phrases match."""
    return " ".join(" ".join(page_texts(pdf)).split())


def outline_titles(pdf: bytes) -> list[str]:
    titles = []

    def walk(items):
        for item in items:
            if isinstance(item, list):
                walk(item)
            else:
                titles.append(item.title)

    walk(reader(pdf).outline)
    return titles
