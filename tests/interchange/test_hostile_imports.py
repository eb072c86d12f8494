"""Hostile spreadsheets are refused while they are read, with a message a person can act on.

The files are the ones ``benchmarks/hostile_imports.py`` times: a CSV one line of 10,000
columns, xlsx files of a few KB merging millions of cells, an xlsx 10,000 columns wide.
Before the limits the first took 91 s to map, the merges 42 s and 450 MB (or all memory).
"""

from __future__ import annotations

import importlib.util
import io
from pathlib import Path

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from interchange import readers
from interchange.models import ImportSession
from tests.builders import preset

BENCH = Path(__file__).resolve().parents[2] / "benchmarks" / "hostile_imports.py"
_spec = importlib.util.spec_from_file_location("hostile_imports", BENCH)
hostile = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(hostile)


def test_the_wide_csv_is_refused_naming_the_column_limit():
    data = hostile.wide_csv()
    assert len(data) < 60 * 1024
    with pytest.raises(readers.ImportFileError) as refused:
        readers.read(data, "wide.csv")
    assert str(refused.value) == (
        "Row 1 of wide.csv has 10,000 columns; the limit is 200. Delete the columns the "
        "register does not use and upload the file again."
    )


def test_the_column_limit_comes_from_the_setting(settings):
    settings.IMPORT_MAX_COLUMNS = 50
    assert readers.read(hostile.wide_csv(50), "ok.csv").width() == 50
    with pytest.raises(readers.ImportFileError, match="51 columns; the limit is 50"):
        readers.read(hostile.wide_csv(51), "wide.csv")


def test_a_wide_row_further_down_stops_the_reading_there(settings):
    settings.IMPORT_MAX_COLUMNS = 50
    lines = ["Title,Owner", "Wet floor,Mia", ",".join(["x"] * 60)]
    with pytest.raises(readers.ImportFileError, match="^Row 3 of r.csv has 60 columns"):
        readers.read("\r\n".join(lines).encode(), "r.csv")


def test_empty_cells_past_the_limit_are_dropped_not_refused(settings):
    settings.IMPORT_MAX_COLUMNS = 50
    table = readers.read(b"Title,Owner" + b"," * 500 + b"\r\nWet floor,Mia\r\n", "r.csv")
    assert table.rows[0] == ["Title", "Owner"]
    assert table.rows[1] == ["Wet floor", "Mia"]


@pytest.mark.parametrize("ref", ["A3:CV20002", "A3:XFD5000"])
def test_a_merge_past_the_limits_is_refused_before_any_cell_is_expanded(ref):
    data = hostile.merged_xlsx(ref)
    assert len(data) < 6 * 1024
    with pytest.raises(readers.ImportFileError) as refused:
        readers.read(data, "merged.xlsx")
    assert str(refused.value) == (
        f"Sheet 'Register' of merged.xlsx merges the cells {ref}, which reach past the limits "
        "of 5,000 rows and 200 columns. Unmerge those cells (or copy the register into a new "
        "sheet) and upload the file again."
    )


def test_merges_within_the_limits_are_capped_in_total_area(settings):
    settings.IMPORT_MAX_ROWS, settings.IMPORT_MAX_COLUMNS = 100, 40
    block = "A1:AN150"  # 150 rows (100 + 50 for titles) of 40 columns: the whole area
    one = hostile.merged_xlsx(block)
    rows = readers.read(one, "one.xlsx").rows
    assert rows == [["Title"] * 4] * 3  # the top-left value, over the cells that were read

    def twice(xml):
        return xml.replace(
            f'<mergeCell ref="{block}"/>', f'<mergeCell ref="{block}"/><mergeCell ref="B2:C3"/>'
        )

    with pytest.raises(readers.ImportFileError, match="merges more than 6,000 cells in all"):
        readers.read(hostile.with_sheet_xml(one, twice), "two.xlsx")


def test_the_wide_xlsx_is_refused_naming_the_column():
    with pytest.raises(readers.ImportFileError) as refused:
        readers.read(hostile.wide_xlsx(), "wide.xlsx")
    assert str(refused.value).startswith(
        "Sheet 'Sheet' of wide.xlsx has a value in column GS (column 201); the limit is 200 "
        "columns."
    )


def test_a_value_past_the_row_limit_is_refused_even_if_the_dimension_hides_it(settings):
    settings.IMPORT_MAX_ROWS = 100
    workbook = openpyxl.Workbook()
    workbook.active.append(["Title"])
    workbook.active.cell(row=151, column=1, value="far down")
    buffer = io.BytesIO()
    workbook.save(buffer)
    lying = hostile.with_sheet_xml(
        buffer.getvalue(), lambda xml: xml.replace('ref="A1:A151"', 'ref="A1"')
    )
    assert b"A1:A151" not in lying
    with pytest.raises(readers.ImportFileError, match="has a value in row 151; the limit is 100"):
        readers.read(lying, "long.xlsx")


def test_formatted_empty_cells_past_the_limits_are_not_read(settings):
    settings.IMPORT_MAX_COLUMNS = 40
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Title", "Owner"])
    sheet.append(["Wet floor", "Mia"])
    sheet.cell(row=1, column=16384).style = "Note"  # formatted, no value
    buffer = io.BytesIO()
    workbook.save(buffer)
    assert readers.read(buffer.getvalue(), "r.xlsx").rows == [
        ["Title", "Owner"],
        ["Wet floor", "Mia"],
    ]


def test_a_document_type_in_the_sheet_is_refused():
    data = hostile.with_sheet_xml(
        hostile.merged_xlsx("A1:B1"),
        lambda xml: '<!DOCTYPE x [<!ENTITY a "aaaa">]>' + xml,
    )
    with pytest.raises(readers.ImportFileError, match="could not be opened as an Excel workbook"):
        readers.read(data, "entities.xlsx")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("name", "build", "message"),
    [
        ("wide.csv", hostile.wide_csv, b"Row 1 of wide.csv has 10,000 columns"),
        (
            "merged.xlsx",
            lambda: hostile.merged_xlsx("A3:XFD5000"),
            b"merges the cells A3:XFD5000, which reach past the limits",
        ),
    ],
)
def test_the_upload_form_says_why_and_starts_no_import(client, team, member, name, build, message):
    client.force_login(member)
    response = client.post(
        reverse("interchange:start"),
        {
            "file": SimpleUploadedFile(name, build()),
            "kind": "risks",
            "team": team.pk,
            "title": "Hostile",
            "matrix": preset().pk,
        },
    )
    assert response.status_code == 200
    assert message in response.content
    assert b"200 columns" in response.content  # the form's help says the limit up front
    assert not ImportSession.objects.exists()


def many_values_csv(rows: int) -> bytes:
    """Every row a different category, likelihood and status: no column is a choice list."""
    lines = ["Title,Category,Likelihood,Status"]
    lines += [f"Risk {i},cat{i},lik{i},st{i}" for i in range(rows)]
    return "\r\n".join(lines).encode()


@pytest.mark.django_db
def test_the_mapping_page_lists_a_bounded_number_of_values(client, team, member, settings):
    settings.IMPORT_MAX_VALUES_TO_MAP = 10
    client.force_login(member)
    response = client.post(
        reverse("interchange:start"),
        {
            "file": SimpleUploadedFile("many.csv", many_values_csv(300)),
            "kind": "risks",
            "team": team.pk,
            "title": "Many",
            "matrix": preset().pk,
        },
    )
    session = ImportSession.objects.get()
    assert response.url == reverse("interchange:sheet", args=[session.pk])
    groups = {group: len(found) for group, found in session.mapping["values"].items()}
    assert groups == {"category": 10, "likelihood": 10, "risk_status": 10}
    page = client.get(reverse("interchange:mapping", args=[session.pk]))
    form = page.context["form"]
    assert len(form.value_names) == 30
    assert "10 or more different values: only the first 10 are listed" in page.content.decode()


@pytest.mark.django_db
def test_the_preview_lists_a_bounded_number_of_problems(client, team, member, monkeypatch):
    from interchange import views

    monkeypatch.setattr(views, "PREVIEW_MAX_PROBLEMS", 20)
    client.force_login(member)
    client.post(
        reverse("interchange:start"),
        {
            "file": SimpleUploadedFile("many.csv", many_values_csv(30)),
            "kind": "risks",
            "team": team.pk,
            "title": "Many",
            "matrix": preset().pk,
        },
    )
    session = ImportSession.objects.get()
    page = client.get(reverse("interchange:preview", args=[session.pk]))
    problems = page.context["plan"].problems
    assert len(problems) >= 60  # category, likelihood and status unmapped on each row
    assert page.content.decode().count('<span class="badge text-bg-') == 20
    assert f"The first 20 problems and notices are listed; {len(problems) - 20} more" in (
        page.content.decode()
    )


def test_shared_strings_far_beyond_the_sheet_are_refused_before_openpyxl_reads_them(
    monkeypatch,
):
    from interchange import xlsx_scan

    monkeypatch.setattr(xlsx_scan, "SHARED_STRING_SLACK", 100)
    texts = [f"text {i}" for i in range(101)]
    readers.read(hostile.with_shared_strings(hostile.merged_xlsx("A1:B1"), texts[:100]), "ok.xlsx")
    with pytest.raises(readers.ImportFileError) as refused:
        readers.read(hostile.with_shared_strings(hostile.merged_xlsx("A1:B1"), texts), "s.xlsx")
    assert str(refused.value).startswith(
        "s.xlsx holds more than 100 different texts, far more than the sheet uses"
    )


def test_the_shared_strings_are_read_as_openpyxl_reads_them():
    xml = (
        '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
        "<si><t>Plain</t></si>"
        "<si><r><t>Rich </t></r><r><rPr><b/></rPr><t>text</t></r>"
        "<rPh sb='0' eb='1'><t>phonetic</t></rPh></si>"
        '<si><t xml:space="preserve">  spaced &amp; escaped x005F_x000D_ </t></si>'
        "</sst>"
    )
    from openpyxl.reader.strings import read_string_table

    from interchange import xlsx_scan

    ours = xlsx_scan.read_shared_strings(io.BytesIO(xml.encode()), "s.xlsx", limit=10)
    assert ours == list(read_string_table(io.BytesIO(xml.encode())))
    assert ours == ["Plain", "Rich text", "  spaced & escaped x000D_ "]


def test_a_workbook_with_far_more_styles_than_a_register_needs_is_refused(monkeypatch):
    from interchange import xlsx_scan

    data = hostile.merged_xlsx("A1:B1")
    readers.read(data, "ok.xlsx")
    monkeypatch.setattr(xlsx_scan, "PART_ELEMENT_BUDGET", 30)
    with pytest.raises(readers.ImportFileError, match="far more styles, names or other settings"):
        readers.read(data, "styled.xlsx")
