"""What goes into a spreadsheet cell, made safe and readable."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

#: A cell starting with one of these may be run as a formula by a spreadsheet.
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")


def neutralise(value):
    """Text that a spreadsheet could read as a formula gets a leading ``'`` so it stays text.

    Numbers and dates are left alone: they are written as numbers and dates.
    """
    if isinstance(value, str) and value.startswith(FORMULA_TRIGGERS):
        return "'" + value
    return value


def local(value):
    """Datetimes as naive local time (spreadsheets have no time zones); others unchanged."""
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    return value
