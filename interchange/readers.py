"""Reading an uploaded spreadsheet into plain rows, safely.

Everything a person might upload is checked before a parser sees it: the size, the kind
(an xlsx is a zip; a CSV is text), the uncompressed size and compression ratio inside an
xlsx (a zip bomb is refused before openpyxl opens it), and the number of rows and columns.
A CSV row wider than the column limit stops the reading at that row. An xlsx sheet's XML
is scanned first (``xlsx_scan``): a value beyond the row or column limit, or merged ranges
reaching past them, refuse the file before openpyxl reads a cell, and openpyxl then reads
in read-only mode, which never expands merged ranges into cells. Every refusal is an
``ImportFileError`` whose message a person can act on.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import zipfile
from dataclasses import dataclass, field

from django.conf import settings

#: An xlsx may unpack to at most this many times the upload limit, and no member may be
#: compressed more than ``MAX_RATIO`` to one: ordinary workbooks stay far below both.
MAX_UNPACKED_FACTOR = 10
MAX_RATIO = 100
MAX_ZIP_MEMBERS = 1000
#: Rows above the headings (titles, notes) a sheet may have beyond the row limit.
ROW_SLACK = 50

XLSX, CSV = "xlsx", "csv"


class ImportFileError(Exception):
    """The file cannot be read; the message says why and what to do."""


def max_bytes() -> int:
    return settings.IMPORT_MAX_BYTES


def max_rows() -> int:
    return settings.IMPORT_MAX_ROWS


def max_columns() -> int:
    return settings.IMPORT_MAX_COLUMNS


def max_values_to_map() -> int:
    """Different words listed for mapping in each value map (categories, likelihoods...)."""
    return settings.IMPORT_MAX_VALUES_TO_MAP


def sheet_row_limit() -> int:
    """Rows a sheet may reach: the row limit plus room for titles and notes above the table."""
    return max_rows() + ROW_SLACK


Cell = str | int | float | dt.date | dt.datetime | None


@dataclass
class Table:
    """A sheet as rows of cells (merged cells filled), with the sheets of its workbook."""

    rows: list[list[Cell]]
    sheets: list[str] = field(default_factory=list)
    sheet: str = ""

    def width(self) -> int:
        return max((len(row) for row in self.rows), default=0)


def sniff_format(name: str, head: bytes) -> str:
    """``xlsx`` or ``csv`` from the file's first bytes (the name alone is not trusted)."""
    lower = name.lower()
    if head.startswith(b"PK\x03\x04"):
        if lower.endswith((".xlsx", ".xlsm")):
            return XLSX
        raise ImportFileError(
            f"{name} is a zip archive but not named .xlsx; save it from your spreadsheet "
            "as an Excel workbook (.xlsx) or as CSV."
        )
    if lower.endswith((".xlsx", ".xlsm")):
        raise ImportFileError(
            f"{name} is named .xlsx but is not an Excel workbook (it may be another kind of "
            "file renamed). Open it in your spreadsheet and save it as .xlsx or CSV."
        )
    if lower.endswith(".xls"):
        raise ImportFileError(
            f"{name} is an old-style .xls workbook; save it as .xlsx or CSV and upload that."
        )
    if b"\x00" in head:
        raise ImportFileError(
            f"{name} is not a text file, so it cannot be read as CSV. Upload an .xlsx "
            "workbook or a CSV file."
        )
    return CSV


def check_size(size: int, name: str) -> None:
    limit = max_bytes()
    if size > limit:
        raise ImportFileError(
            f"{name} is {size / 1024 / 1024:.1f} MB; the limit is "
            f"{limit / 1024 / 1024:.0f} MB. Split the register or remove embedded pictures."
        )
    if size == 0:
        raise ImportFileError(f"{name} is empty.")


def check_zip(data: bytes, name: str) -> None:
    """Refuse an xlsx whose contents would unpack to far more than its size (a zip bomb)."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except zipfile.BadZipFile:
        raise ImportFileError(
            f"{name} is damaged or not a real Excel workbook; save it again as .xlsx."
        ) from None
    members = archive.infolist()
    if len(members) > MAX_ZIP_MEMBERS:
        raise ImportFileError(f"{name} holds {len(members)} parts, far more than a workbook has.")
    total = sum(member.file_size for member in members)
    if total > max_bytes() * MAX_UNPACKED_FACTOR:
        raise ImportFileError(
            f"{name} would unpack to {total / 1024 / 1024:.0f} MB, far more than a register "
            "needs; it was refused to protect the server."
        )
    for member in members:
        if member.compress_size and member.file_size / member.compress_size > MAX_RATIO:
            raise ImportFileError(
                f"{name} contains a part compressed {member.file_size // member.compress_size}"
                " to one, which only a malicious file does; it was refused."
            )
    if "xl/workbook.xml" not in archive.namelist():
        raise ImportFileError(f"{name} is a zip archive but not an Excel workbook.")


def read(data: bytes, name: str, *, sheet: str | None = None) -> Table:
    """Check and read ``data`` (an uploaded file's bytes) into a ``Table``."""
    check_size(len(data), name)
    kind = sniff_format(name, data[:2048])
    if kind == XLSX:
        check_zip(data, name)
        table = _read_xlsx(data, name, sheet)
    else:
        table = _read_csv(data, name)
    data_rows = sum(1 for row in table.rows if any(cell not in (None, "") for cell in row)) - 1
    if data_rows > max_rows():
        raise ImportFileError(
            f"{name} has {data_rows:,} rows; the limit is {max_rows():,}. Split it into "
            "several files."
        )
    return table


def _decode(data: bytes, name: str) -> str:
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    raise ImportFileError(f"{name} is not UTF-8 or Windows text; save it as CSV UTF-8.")


def _read_csv(data: bytes, name: str) -> Table:
    text = _decode(data, name)
    sample = text[:8192]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
        delimiter = dialect.delimiter
    except csv.Error:
        delimiter = ","
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter, strict=True)
    rows: list[list[Cell]] = []
    start = 1
    try:
        for row in reader:
            rows.append(_within_columns(row, name, len(rows) + 1))
            start = reader.line_num + 1
            if len(rows) > sheet_row_limit():
                break
    except csv.Error as exc:
        raise ImportFileError(
            f"{name} has a malformed quote in the row starting on line {start} ({exc}). A "
            'cell that starts with " must end with " and any " inside it must be doubled; '
            "fix that row or save the file again from your spreadsheet."
        ) from None
    return Table(rows=rows, sheets=[], sheet="")


def _within_columns(row: list[str], name: str, number: int) -> list[str]:
    """``row`` if it fits the column limit; a longer row loses its trailing empty cells."""
    limit = max_columns()
    if len(row) <= limit:
        return row
    width = len(row)
    while width and not row[width - 1].strip():
        width -= 1
    if width > limit:
        raise ImportFileError(
            f"Row {number} of {name} has {width:,} columns; the limit is {limit:,}. Delete the "
            "columns the register does not use and upload the file again."
        )
    return row[:width]


def _read_xlsx(data: bytes, name: str, sheet: str | None) -> Table:
    from interchange import xlsx_scan  # defusedxml is installed: openpyxl parses safely too

    scan = xlsx_scan.scan(data, name, sheet)
    try:
        # Read-only mode streams the sheet and never turns merged ranges into cells.
        workbook = xlsx_scan.open_workbook(data, name, scan)
    except ImportFileError:
        raise
    except Exception as exc:  # openpyxl raises many types for damaged files
        raise ImportFileError(
            f"{name} could not be opened as an Excel workbook ({type(exc).__name__}); save it "
            "again as .xlsx."
        ) from None
    try:
        sheets = workbook.sheetnames
        worksheet = workbook[scan.title]
        rows: list[list[Cell]] = []
        if scan.max_row and scan.max_column:
            rows = [
                list(row)
                for row in worksheet.iter_rows(
                    max_row=scan.max_row, max_col=scan.max_column, values_only=True
                )
            ]
    except ImportFileError:
        raise
    except Exception as exc:  # a damaged sheet fails while it is read, not when opened
        raise ImportFileError(
            f"{name} could not be read as an Excel workbook ({type(exc).__name__}); save it "
            "again as .xlsx."
        ) from None
    finally:
        workbook.close()
    # A merged block shows one value across its cells: fill it into each of them (the
    # scan has capped their total area, and only cells of the rows read are filled).
    for min_row, min_col, max_row, max_col in scan.merged:
        if min_row > len(rows):
            continue
        value = rows[min_row - 1][min_col - 1] if min_col <= len(rows[min_row - 1]) else None
        for r in range(min_row - 1, min(max_row, len(rows))):
            row = rows[r]
            for c in range(min_col - 1, min(max_col, len(row))):
                row[c] = value
    return Table(rows=rows, sheets=sheets, sheet=worksheet.title)
