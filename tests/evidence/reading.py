"""Reading PDFs back in tests."""

from __future__ import annotations

import io
import re

from pypdf import PdfReader


def reader(pdf: bytes) -> PdfReader:
    return PdfReader(io.BytesIO(pdf))


def page_texts(pdf: bytes) -> list[str]:
    return [page.extract_text() for page in reader(pdf).pages]


#: A line that ends inside a word: after a hyphen ("sign-|off") or a slash ("http://|host").
BREAK_INSIDE_WORD = re.compile(r"(?<=\S[-/])\n")


def all_text(pdf: bytes) -> str:
    """The text of every page, with line breaks folded so wrapped phrases match (where the
    fonts on the machine happen to break a line must not decide whether a test passes)."""
    text = " ".join(BREAK_INSIDE_WORD.sub("", page) for page in page_texts(pdf))
    return " ".join(text.split())


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
