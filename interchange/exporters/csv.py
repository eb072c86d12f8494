"""The risks as CSV: UTF-8 with a byte-order mark so Excel reads accents and £ correctly."""

from __future__ import annotations

import csv
import io

from interchange.exporters import data
from interchange.exporters.cells import local, neutralise


def _cell(column: data.Column, row) -> str:
    value = column.get(row)
    if column.kind == data.LEVEL:
        return value.level_label if value is not None else ""
    value = local(value)
    if value is None:
        return ""
    if column.kind == data.DATE and hasattr(value, "date"):
        value = value.date()
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return neutralise(str(value))


def export_csv(register) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow([c.header for c in data.RISK_COLUMNS])
    for risk in data.risks(register):
        writer.writerow([_cell(c, risk) for c in data.RISK_COLUMNS])
    return ("\ufeff" + buffer.getvalue()).encode("utf-8")
