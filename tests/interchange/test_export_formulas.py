"""No export cell runs as a formula, whatever list separator the spreadsheet uses.

A title like ``Cash float;=cmd|' /C calc'!A0;`` was written to the CSV unquoted, and Excel
set to ``;`` as its list separator split it and ran ``=cmd...``. Every text cell is now
quoted, and a formula start after a separator inside a cell is neutralised too.
"""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from interchange import exporters, readers
from interchange.exporters import data
from interchange.exporters.cells import CSV_SEPARATORS, FORMULA_TRIGGERS, neutralise_csv
from interchange.mapping import clean_text
from registers.models import ConsequenceLevel, LikelihoodLevel, RiskLevel
from tests.builders import make_risk

ATTACK = "Cash float;=cmd|' /C calc'!A0;"


def test_a_formula_start_after_any_separator_is_neutralised():
    assert neutralise_csv(ATTACK) == "Cash float;'=cmd|' /C calc'!A0;"
    cases = 0
    for separator in CSV_SEPARATORS:
        for trigger in FORMULA_TRIGGERS:
            text = f"a{separator}{trigger}b"
            assert neutralise_csv(text) == f"a{separator}'{trigger}b", repr(text)
            assert neutralise_csv(trigger + text).startswith("'" + trigger)
            cases += 1
    assert cases == len(CSV_SEPARATORS) * len(FORMULA_TRIGGERS) == 18
    assert neutralise_csv("Wet floor; slips, trips - and falls") == (
        "Wet floor; slips, trips - and falls"
    )


@given(st.text(alphabet=st.sampled_from("ab =+-@,;\t\n"), max_size=30))
def test_the_importer_takes_the_quotes_off_again(text):
    assume(text == text.strip())  # cells are stripped on import before the quote is looked at
    assert clean_text(neutralise_csv(text)) == clean_text(text)


def csv_text(register) -> str:
    return exporters.render(register, "csv").decode("utf-8-sig")


@pytest.mark.django_db
def test_no_list_separator_finds_a_formula_in_the_csv(register):
    make_risk(register, title=ATTACK, cause="a,=1+1", notes="x\t@SUM(A1)", rating=(2, 2, 2, 2))
    text = csv_text(register)
    assert "\"Cash float;'=cmd|' /C calc'!A0;\"" in text
    cells = 0
    for separator in CSV_SEPARATORS:
        for row in csv.reader(io.StringIO(text, newline=""), delimiter=separator):
            for cell in row:
                assert not cell.lstrip('"').startswith(FORMULA_TRIGGERS), (separator, cell)
                cells += 1
    assert cells > 2 * len(data.RISK_COLUMNS)  # the header and the risk, split on commas


@pytest.mark.django_db
def test_every_text_cell_of_the_csv_is_quoted_and_numbers_are_bare(register):
    make_risk(register, title="Wet floor", rating=(2, 3, 1, 1))
    # Reading with QUOTE_NONNUMERIC turns every unquoted cell into a float: it fails on
    # any text cell written without quotes.
    header, row = csv.reader(io.StringIO(csv_text(register)), quoting=csv.QUOTE_NONNUMERIC)
    assert header[:2] == ["Reference", "Title"] and row[1] == "Wet floor"
    assert row[header.index("Inherent likelihood")] == 2.0
    assert row[header.index("Inherent score")] == 6.0
    assert row[header.index("Inherent level")] == "Medium"


@pytest.mark.django_db
def test_the_csv_imports_back_to_the_same_text(register):
    make_risk(register, title=ATTACK, notes="first;-second\nthird,+fourth")
    table = readers.read(exporters.render(register, "csv"), "export.csv")
    header = table.rows[0]
    assert clean_text(table.rows[1][header.index("Title")]) == ATTACK
    assert clean_text(table.rows[1][header.index("Notes")]) == "first;-second\nthird,+fourth"


@pytest.mark.django_db
def test_matrix_and_level_labels_never_become_xlsx_formulas(register):
    matrix = register.matrix
    LikelihoodLevel.objects.filter(matrix=matrix).update(label='=HYPERLINK("http://e")')
    ConsequenceLevel.objects.filter(matrix=matrix).update(label="=1+1")
    RiskLevel.objects.filter(matrix=matrix).update(label="=2+2")
    matrix.version += 1  # the spec is cached under the version
    matrix.save()
    register.refresh_from_db()
    make_risk(register, title="Wet floor", rating=(2, 2, 2, 2))
    book = openpyxl.load_workbook(io.BytesIO(exporters.render(register, "xlsx")))
    checked = 0
    for sheet in book.worksheets:
        for row in sheet.iter_rows():
            for cell in row:
                assert cell.data_type != "f", (sheet.title, cell.coordinate, cell.value)
                checked += 1
    labels = [row[1] for row in book["Read me"].iter_rows(values_only=True)]
    assert '\'=HYPERLINK("http://e")' in labels and "'=1+1" in labels
    assert checked > 100
