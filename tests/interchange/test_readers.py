"""Reading uploads: the limits and the shapes of real spreadsheets."""

from __future__ import annotations

import io
import zipfile

import openpyxl
import pytest

from interchange import readers


def xlsx_bytes(rows, merge: list[str] = ()) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Register"
    for row in rows:
        sheet.append(row)
    for block in merge:
        sheet.merge_cells(block)
    workbook.create_sheet("Notes").append(["nothing here"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def test_it_reads_csv_with_a_bom_and_semicolons():
    table = readers.read("\ufeffTitle;Owner\r\nWet floor;Mia\r\n".encode(), "r.csv")
    assert table.rows == [["Title", "Owner"], ["Wet floor", "Mia"]]


def test_it_keeps_line_breaks_inside_quoted_cells():
    table = readers.read(b'Title,Notes\r\nWet floor,"first\nsecond"\r\n', "r.csv")
    assert table.rows[1][1] == "first\nsecond"


def test_it_refuses_a_csv_with_a_malformed_quote():
    with pytest.raises(readers.ImportFileError, match="row starting on line 2"):
        readers.read(b'Title,Notes\r\nWet floor,"unfinished\r\nnext,row\r\n', "r.csv")


def test_it_refuses_a_file_over_the_size_limit(settings):
    settings.IMPORT_MAX_BYTES = 100
    with pytest.raises(readers.ImportFileError, match="the limit is 0 MB"):
        readers.read(b"Title\r\n" + b"x" * 200, "r.csv")


def test_it_refuses_more_rows_than_the_limit(settings):
    settings.IMPORT_MAX_ROWS = 3
    readers.read(b"Title\n1\n2\n3\n", "ok.csv")
    with pytest.raises(readers.ImportFileError, match="4 rows; the limit is 3"):
        readers.read(b"Title\n1\n2\n3\n4\n", "r.csv")


def test_it_refuses_a_binary_file_renamed_xlsx():
    with pytest.raises(readers.ImportFileError, match="not an Excel workbook"):
        readers.read(b"\x89PNG\r\n\x1a\n" + bytes(range(256)), "register.xlsx")


def test_it_refuses_a_binary_file_renamed_csv():
    with pytest.raises(readers.ImportFileError, match="not a text file"):
        readers.read(b"\x00\x01\x02binary", "register.csv")


def test_it_refuses_a_zip_bomb_before_opening_it():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("xl/workbook.xml", "<workbook/>")
        archive.writestr("xl/worksheets/sheet1.xml", b"\0" * (50 * 1024 * 1024))
    data = buffer.getvalue()
    assert len(data) < 1024 * 1024
    with pytest.raises(readers.ImportFileError, match="compressed .* to one|would unpack"):
        readers.read(data, "bomb.xlsx")


def test_it_refuses_a_zip_that_is_not_a_workbook():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "hello")
    with pytest.raises(readers.ImportFileError, match="not an Excel workbook"):
        readers.read(buffer.getvalue(), "archive.xlsx")


def test_it_fills_merged_cells_and_lists_the_sheets():
    data = xlsx_bytes(
        [["Stage", "Title"], ["Arrival", "Wet floor"], [None, "Queue"], ["Paying", "Refund"]],
        merge=["A2:A3"],
    )
    table = readers.read(data, "r.xlsx")
    assert table.sheets == ["Register", "Notes"]
    assert [row[0] for row in table.rows] == ["Stage", "Arrival", "Arrival", "Paying"]
    assert readers.read(data, "r.xlsx", sheet="Notes").rows == [["nothing here"]]
