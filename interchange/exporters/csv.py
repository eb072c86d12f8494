"""The risks as CSV: UTF-8 with a byte-order mark so Excel reads accents and £ correctly.

Every text cell is quoted, and text that a spreadsheet could run as a formula, at its
start or after a separator inside it, is neutralised (``cells.neutralise_csv``). Numbers
are written bare.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal

from interchange.exporters import data
from interchange.exporters.cells import local, neutralise_csv


def _cell(column: data.Column, row) -> str | int | float | Decimal:
    value = column.get(row)
    if column.kind == data.LEVEL:
        value = value.level_label if value is not None else ""
        return neutralise_csv(value)
    value = local(value)
    if value is None:
        return ""
    if column.kind == data.NUMBER and isinstance(value, int | float | Decimal):
        return value
    if column.kind == data.DATE and hasattr(value, "date"):
        value = value.date()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return neutralise_csv(str(value))


def export_csv(register) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow([c.header for c in data.RISK_COLUMNS])
    for risk in data.risks(register):
        writer.writerow([_cell(c, risk) for c in data.RISK_COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
