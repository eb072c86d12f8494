"""What goes into a spreadsheet cell, made safe and readable."""

from __future__ import annotations

import datetime as dt
import re

from django.utils import timezone

#: A cell starting with one of these may be run as a formula by a spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: Characters a spreadsheet may take as the end of a CSV cell: the comma, the semicolon
#: (the list separator of Excel in much of Europe) and the tab.
CSV_SEPARATORS = ",;\t"
_AFTER_SEPARATOR = re.compile(
    f"([{re.escape(CSV_SEPARATORS)}])(?=[{re.escape(''.join(FORMULA_TRIGGERS))}])"
)


def neutralise(value):
    """Text that a spreadsheet could read as a formula gets a leading ``'`` so it stays text.

    Numbers and dates are left alone: they are written as numbers and dates.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def neutralise_csv(value: str) -> str:
    """``neutralise``, and a ``'`` after every separator that a formula start follows.

    A program that splits the cell on its own list separator (Excel set to ``;`` opening
    ``Cash float;=cmd|' /C calc'!A0``) then finds text, never a formula, in each part. The
    importer takes these quotes off again (``mapping.clean_text``).
    """
    return _AFTER_SEPARATOR.sub(r"\1'", neutralise(value))


def local(value):
    """Datetimes as naive local time (spreadsheets have no time zones); others unchanged."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value
