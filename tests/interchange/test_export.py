"""Exports: xlsx sheets that read well, CSV that Excel opens, no formula ever runs, and a
fixed number of queries however many risks there are."""

from __future__ import annotations

import csv
import datetime as dt
import io

import openpyxl
import pytest
import time_machine

from interchange import exporters
from interchange.exporters.cells import neutralise
from registers.models import Register
from tests.builders import make_risk

pytestmark = pytest.mark.django_db
INJECTIONS = ['=HYPERLINK("http://evil")', "+1+1", "-2+3", "@SUM(A1)", "\tcmd", "\rcmd"]


def workbook(register):
    return openpyxl.load_workbook(io.BytesIO(exporters.render(register, "xlsx")))


def test_it_neutralises_formula_triggers():
    assert [neutralise(v) for v in INJECTIONS] == ["'" + v for v in INJECTIONS]
    assert neutralise("Wet floor = slips") == "Wet floor = slips"
    assert neutralise(-3) == -3


def test_it_writes_a_sheet_per_concern(register_with_history):
    book = workbook(register_with_history)
    assert book.sheetnames == [
        "Read me",
        "Risks",
        "Rating history",
        "Actions",
        "Consultations",
        "Awareness",
        "Reviews",
    ]
    readme = [row for row in book["Read me"].iter_rows(values_only=True)]
    assert ("Register", "Front desk register") in [row[:2] for row in readme]
    assert any(
        row[:3] == (5, "Almost certain", "Expected to happen; weekly or more often.")
        for row in readme
    )
    assert sum(1 for row in book["Rating history"].iter_rows(min_row=2)) == 3
    assert book["Actions"]["A2"].value == "R-001; R-002"
    assert book["Reviews"]["I2"].value == "Sam Supervisor"


def test_it_freezes_the_header_writes_real_dates_and_coloured_levels(register_with_history):
    sheet = workbook(register_with_history)["Risks"]
    headers = [cell.value for cell in sheet[1]]
    assert sheet.freeze_panes == "B2"
    assert sheet.column_dimensions["B"].width > 30
    level = sheet.cell(row=2, column=headers.index("Inherent level") + 1)
    assert level.value == "Medium"  # the level as text...
    assert level.fill.fgColor.rgb.lower().endswith("ffb300")  # ...and as its colour
    due = sheet.cell(row=2, column=headers.index("Next review date") + 1)
    assert isinstance(due.value, dt.datetime) and due.number_format == "yyyy-mm-dd"
    notes = sheet.cell(row=2, column=headers.index("Notes") + 1)
    assert notes.value == '\'=HYPERLINK("http://evil")\nsecond line'
    assert notes.data_type == "s" and notes.alignment.wrap_text


def test_it_never_writes_a_formula_into_xlsx(register):
    for text in INJECTIONS:
        make_risk(register, title=text, cause=text, owner_name=text, notes=text)
    book = workbook(register)
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
    titles = [row[1] for row in book["Risks"].iter_rows(min_row=2, values_only=True)]
    # XML stores a carriage return as a line feed; the cell is text all the same.
    assert titles == ["'" + text.replace("\r", "\n") for text in INJECTIONS]


def test_it_writes_csv_with_a_bom_and_no_formula(register):
    for text in INJECTIONS:
        make_risk(register, title=text, notes="line one\nline two", rating=(2, 2, 2, 2))
    data = exporters.render(register, "csv")
    assert data.startswith(b"\xef\xbb\xbf")
    rows = list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))
    assert rows[0][:2] == ["Reference", "Title"]
    for row in rows[1:]:
        for cell in row:
            assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), cell
    assert [row[1] for row in rows[1:]] == ["'" + text for text in INJECTIONS]
    assert rows[1][rows[0].index("Notes")] == "line one\nline two"
    assert rows[1][rows[0].index("Inherent level")] == "Low"


@time_machine.travel(dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC), tick=False)
def test_it_names_downloads_readably(register):
    response = exporters.response(register, "xlsx")
    assert response["Content-Disposition"] == (
        'attachment; filename="front-desk-register-2026-03-10.xlsx"'
    )


@pytest.mark.parametrize("fmt", ["xlsx", "csv", "json"])
def test_it_exports_with_a_fixed_number_of_queries(
    fmt, register_with_history, stage, django_assert_num_queries
):
    expected = {"xlsx": 8, "csv": 1, "json": 40}[fmt]
    register_with_history.matrix.spec  # noqa: B018  (the matrix spec is cached after a first use)

    def fresh():
        return Register.objects.select_related("team", "matrix", "owner").get(
            pk=register_with_history.pk
        )

    register = fresh()
    with django_assert_num_queries(expected):
        exporters.render(register, fmt)
    for n in range(20):
        risk = make_risk(
            register_with_history, stage=stage, rating=(3, 3, 3, 3), residual=(2, 2, 2, 2)
        )
        risk.actions.create(register=register_with_history, description=f"Action {n}")
    register = fresh()
    with django_assert_num_queries(expected):
        exporters.render(register, fmt)
