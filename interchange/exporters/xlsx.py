"""The register as an Excel workbook: a read-me with the matrix, then a sheet per concern."""

from __future__ import annotations

import functools
import io

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from interchange.exporters import data
from interchange.exporters.cells import local, neutralise
from registers.models import Register
from registers.rating import MatrixSpec

BOLD = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="1D3B5A")
HEADER_FONT = Font(bold=True, color="FFFFFF")
WRAP = Alignment(wrap_text=True, vertical="top")
FORMATS = {data.DATE: "yyyy-mm-dd", data.DATETIME: "yyyy-mm-dd hh:mm"}


def _text(value):
    if isinstance(value, str):
        return neutralise(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value


@functools.cache
def _level_style(colour: str, text_colour: str) -> tuple[PatternFill, Font]:
    """The fill and font of a level's cells, made once: openpyxl compares every style it
    is given with those it holds, and building new ones for each cell cost about a sixth
    of the export's time."""
    return (
        PatternFill("solid", fgColor=colour.lstrip("#")),
        Font(bold=True, color=text_colour.lstrip("#")),
    )


def _level_cell(cell, level_code: str, label: str, spec: MatrixSpec) -> None:
    """A level written as its label and coloured as on the pages: text and colour."""
    cell.value = _text(label)
    try:
        level = spec.level(level_code)
    except KeyError:
        return
    cell.fill, cell.font = _level_style(level.colour, level.text_colour)


def _write_sheet(ws: Worksheet, columns: list[data.Column], rows: list, spec: MatrixSpec) -> None:
    for index, column in enumerate(columns, start=1):
        cell = ws.cell(row=1, column=index, value=column.header)
        cell.font, cell.fill = HEADER_FONT, HEADER_FILL
        cell.alignment = Alignment(wrap_text=True, vertical="center")
        ws.column_dimensions[get_column_letter(index)].width = column.width + 2
    ws.freeze_panes = "B2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}{max(len(rows), 1) + 1}"
    for r, row in enumerate(rows, start=2):
        for c, column in enumerate(columns, start=1):
            value = column.get(row)
            cell = ws.cell(row=r, column=c)
            if column.kind == data.LEVEL:
                if value is not None:
                    _level_cell(cell, value.level_code, value.level_label, spec)
                continue
            cell.value = _text(local(value))
            if column.kind in FORMATS and value is not None:
                cell.number_format = FORMATS[column.kind]
            elif column.kind == data.TEXT and isinstance(value, str) and "\n" in value:
                cell.alignment = WRAP


def _read_me(ws: Worksheet, register: Register, spec: MatrixSpec) -> None:
    ws.column_dimensions["A"].width = 24
    for letter in "BCDEF":
        ws.column_dimensions[letter].width = 30
    lines = [
        ("Register", register.title),
        ("Team", register.team.name),
        ("Organisation", register.organisation or register.team.organisation),
        ("Service", register.service),
        ("Scope", register.scope),
        ("Status", register.get_status_display()),
        ("Exported", local(timezone.now())),
        ("Matrix", spec.name),
        (
            "How to read it",
            "Each risk is rated for likelihood and for consequence to finance, reputation and "
            "health & safety; the overall consequence is the highest of the three and the "
            "level is the matrix cell below. Levels are written as words and coloured.",
        ),
    ]
    ws.append(["riskportal export"])
    ws["A1"].font = Font(bold=True, size=14)
    for label, value in lines:
        ws.append([label, _text(value)])
        ws.cell(row=ws.max_row, column=1).font = BOLD
        if label == "Exported":
            ws.cell(row=ws.max_row, column=2).number_format = FORMATS[data.DATETIME]
        ws.cell(row=ws.max_row, column=2).alignment = WRAP
    ws.append([])
    ws.append(["Likelihood", "Label", "Descriptor"])
    _bold_row(ws)
    for step in spec.likelihoods:
        ws.append([step.value, _text(step.label), _text(step.descriptors.get("likelihood", ""))])
    ws.append([])
    ws.append(["Consequence", "Label", "Finance", "Reputation", "Health & safety"])
    _bold_row(ws)
    for step in spec.consequences:
        ws.append(
            [step.value, _text(step.label)]
            + [
                _text(step.descriptors.get(k, ""))
                for k in ("finance", "reputation", "health_safety")
            ]
        )
    ws.append([])
    ws.append(["Level", "What it requires"])
    _bold_row(ws)
    for level in spec.levels:
        ws.append(["", _text(level.requirement)])
        _level_cell(ws.cell(row=ws.max_row, column=1), level.code, level.label, spec)
    ws.append([])
    ws.append(
        ["Likelihood \\ consequence"] + [_text(f"C{s.value} {s.label}") for s in spec.consequences]
    )
    _bold_row(ws)
    for step in sorted(spec.likelihoods, key=lambda s: -s.value):
        ws.append([_text(f"L{step.value} {step.label}")])
        row = ws.max_row
        for col, consequence in enumerate(spec.consequences, start=2):
            level = spec.level_at(step.value, consequence.value)
            _level_cell(ws.cell(row=row, column=col), level.code, level.label, spec)


def _bold_row(ws: Worksheet) -> None:
    for cell in ws[ws.max_row]:
        cell.font = BOLD


def export_xlsx(register: Register) -> bytes:
    spec = register.matrix.spec
    workbook = Workbook()
    readme = workbook.active
    readme.title = "Read me"
    _read_me(readme, register, spec)
    for title, columns, rows in data.sheets(register):
        _write_sheet(workbook.create_sheet(title), columns, rows, spec)
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
