"""Exports of a register: xlsx (a sheet per concern), CSV of the risks, JSON backup.

Each export reads the register with a fixed number of queries, whatever its size.
"""

from __future__ import annotations

from django.http import HttpResponse
from django.utils import timezone
from django.utils.text import slugify

from registers.models import Register

FORMATS = {
    "xlsx": ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "xlsx"),
    "csv": ("text/csv; charset=utf-8", "csv"),
    "json": ("application/json", "json"),
}


def filename(register: Register, fmt: str) -> str:
    """For example ``front-desk-register-2026-03-10.xlsx``."""
    stem = slugify(register.title) or "register"
    return f"{stem}-{timezone.localdate():%Y-%m-%d}.{FORMATS[fmt][1]}"


def render(register: Register, fmt: str) -> bytes:
    if fmt == "xlsx":
        from interchange.exporters.xlsx import export_xlsx

        return export_xlsx(register)
    if fmt == "csv":
        from interchange.exporters.csv import export_csv

        return export_csv(register)
    from interchange.backup import dump_json

    return dump_json(register)


def response(register: Register, fmt: str) -> HttpResponse:
    """The export as a download with a readable file name."""
    result = HttpResponse(render(register, fmt), content_type=FORMATS[fmt][0])
    result["Content-Disposition"] = f'attachment; filename="{filename(register, fmt)}"'
    return result
