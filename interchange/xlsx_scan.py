"""A first look at one sheet of an xlsx, before openpyxl reads any cell of it.

openpyxl expands every merged range into one object per cell when it loads a sheet in its
normal mode, so a few bytes (``<mergeCell ref="A3:XFD5000"/>``) cost gigabytes. This scan
streams the sheet's XML with expat (no document type, no entities: the same refusals as
defusedxml) and keeps only numbers: where the last value is, and the merged ranges. It
refuses, as soon as it sees one:

- a value beyond the row limit (plus ``readers.ROW_SLACK`` rows of titles) or beyond the
  column limit;
- a merged range reaching past those limits, or merged ranges covering more cells in all
  than a sheet within the limits has;
- more cell elements than a sheet within the limits has.

The sheet's ``<dimension>`` is not trusted (any program may write any range there): the
extents come from the cells that hold a value. Empty, formatted cells beyond them are
never read.

The parts openpyxl reads whole when it opens a workbook are bounded too: the shared
strings (counted first, then read here by ``open_workbook`` with expat: at most as many
as the sheet has text cells, plus ``SHARED_STRING_SLACK`` for the other sheets; openpyxl's
own reader took a minute over 1.6 million of them) and the rest (styles, theme, names...:
at most ``PART_ELEMENT_BUDGET`` elements in all).
"""

from __future__ import annotations

import posixpath
import re
import zipfile
from dataclasses import dataclass, field
from io import BytesIO
from xml.parsers import expat

from interchange.readers import ImportFileError, max_columns, max_rows, sheet_row_limit

_CELL = re.compile(r"\$?([A-Za-z]{1,3})\$?([0-9]{1,7})")
#: Elements the parts openpyxl reads at opening (other than sheets and shared strings) may
#: hold in all: an ordinary workbook's styles, theme and names have a few thousand.
PART_ELEMENT_BUDGET = 200_000
#: Shared strings a workbook may hold beyond the text cells of the sheet read.
SHARED_STRING_SLACK = 50_000
_NS_END = "}"
_WORKSHEET = "/worksheet"


@dataclass
class Scan:
    """What the scan found: the sheet's title, the last row and column holding a value,
    and the merged ranges as (first row, first column, last row, last column), 1-based."""

    title: str
    max_row: int = 0
    max_column: int = 0
    #: Cells holding a shared string (``t="s"``).
    string_cells: int = 0
    merged: list[tuple[int, int, int, int]] = field(default_factory=list)


def column_letter(index: int) -> str:
    """``1`` -> ``A``, ``28`` -> ``AB``."""
    letters = ""
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _column_number(letters: str) -> int:
    number = 0
    for char in letters.upper():
        number = number * 26 + ord(char) - 64
    return number


def _cell(ref: str) -> tuple[int, int] | None:
    """``"AB12"`` -> ``(12, 28)``; None if ``ref`` is not a cell reference."""
    found = _CELL.fullmatch(ref)
    if found is None:
        return None
    return int(found.group(2)), _column_number(found.group(1))


def _parser() -> expat.XMLParserType:
    """An expat parser that refuses document types and entities, as defusedxml does."""
    parser = expat.ParserCreate(namespace_separator=_NS_END)

    def refuse(*_args):
        raise ValueError("document types and entities are not allowed")

    parser.StartDoctypeDeclHandler = refuse
    parser.EntityDeclHandler = refuse
    parser.UnparsedEntityDeclHandler = refuse
    parser.ExternalEntityRefHandler = refuse
    return parser


def _local(tag: str) -> str:
    return tag.rpartition(_NS_END)[2]


def _parse_small(archive: zipfile.ZipFile, part: str, handler) -> None:
    parser = _parser()
    parser.StartElementHandler = handler
    parser.Parse(archive.read(part), True)


def _sheet_parts(archive: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(title, part name) of each worksheet, in the workbook's order."""
    targets: dict[str, str] = {}

    def relationship(tag, attrs):
        if _local(tag) == "Relationship" and attrs.get("Type", "").endswith(_WORKSHEET):
            targets[attrs.get("Id", "")] = attrs.get("Target", "")

    _parse_small(archive, "xl/_rels/workbook.xml.rels", relationship)
    sheets: list[tuple[str, str]] = []

    def sheet(tag, attrs):
        if _local(tag) != "sheet":
            return
        rel = next((v for k, v in attrs.items() if _local(k) == "id"), "")
        target = targets.get(rel)
        if target:
            path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
            sheets.append((attrs.get("name", ""), posixpath.normpath(path)))

    _parse_small(archive, "xl/workbook.xml", sheet)
    return sheets


class _SheetScanner:
    """Expat handlers that track the cells and merged ranges of one sheet."""

    def __init__(self, title: str, name: str):
        self.scan = Scan(title=title)
        self.name = name
        self.row_limit = sheet_row_limit()
        self.column_limit = max_columns()
        self.area_limit = self.row_limit * self.column_limit
        self.row = 0
        self.column = 0
        self.cells = 0
        self.merged_area = 0

    def _where(self) -> str:
        return f"Sheet {self.scan.title!r} of {self.name}"

    def start(self, tag: str, attrs: dict) -> None:
        tag = _local(tag)
        if tag == "row":
            number = attrs.get("r")
            self.row = int(number) if number and number.isdigit() else self.row + 1
            self.column = 0
        elif tag == "c":
            self.cells += 1
            if self.cells > self.area_limit:
                raise ImportFileError(
                    f"{self._where()} holds more than {self.area_limit:,} cells, more than "
                    f"{max_rows():,} rows of {self.column_limit:,} columns. Copy the register "
                    "into a new sheet and upload that."
                )
            if attrs.get("t") == "s":
                self.scan.string_cells += 1
            found = _cell(attrs.get("r", ""))
            if found is None:
                self.column += 1
            else:
                self.row, self.column = found
        elif tag in ("v", "is"):
            self._value_at(self.row, self.column)
        elif tag == "mergeCell":
            self._merge(attrs.get("ref", ""))

    def _value_at(self, row: int, column: int) -> None:
        if column > self.column_limit:
            raise ImportFileError(
                f"{self._where()} has a value in column {column_letter(column)} (column "
                f"{column:,}); the limit is {self.column_limit:,} columns. Delete the columns "
                "the register does not use and upload the file again."
            )
        if row > self.row_limit:
            raise ImportFileError(
                f"{self._where()} has a value in row {row:,}; the limit is {max_rows():,} rows "
                f"(and up to {self.row_limit - max_rows()} rows of titles above them). Split it "
                "into several files."
            )
        self.scan.max_row = max(self.scan.max_row, row)
        self.scan.max_column = max(self.scan.max_column, column)

    def _merge(self, ref: str) -> None:
        first, _, last = ref.partition(":")
        start, end = _cell(first), _cell(last or first)
        if start is None or end is None:
            raise ImportFileError(
                f"{self._where()} has a merged range {ref[:40]!r} that is not a range of "
                "cells; the file is damaged. Save it again as .xlsx."
            )
        min_row, max_row = sorted((start[0], end[0]))
        min_col, max_col = sorted((start[1], end[1]))
        if max_row > self.row_limit or max_col > self.column_limit:
            raise ImportFileError(
                f"{self._where()} merges the cells {ref[:40]}, which reach past the limits "
                f"of {max_rows():,} rows and {self.column_limit:,} columns. Unmerge those "
                "cells (or copy the register into a new sheet) and upload the file again."
            )
        self.merged_area += (max_row - min_row + 1) * (max_col - min_col + 1)
        if self.merged_area > self.area_limit:
            raise ImportFileError(
                f"{self._where()} merges more than {self.area_limit:,} cells in all, more "
                "than a register within the limits has. Unmerge the cells and upload the "
                "file again."
            )
        self.scan.merged.append((min_row, min_col, max_row, max_col))


class _Budget:
    """Expat handlers that count elements and stop at a budget."""

    def __init__(self, budget: int, refusal: str):
        self.left = budget
        self.refusal = refusal

    def start(self, _tag, _attrs):
        self.left -= 1
        if self.left < 0:
            raise ImportFileError(self.refusal)


def _check_other_parts(archive: zipfile.ZipFile, name: str, skip: set[str]) -> None:
    """Refuse a workbook whose styles, theme, names... are far larger than any register's."""
    budget = _Budget(
        PART_ELEMENT_BUDGET,
        f"{name} holds far more styles, names or other settings than a register needs "
        "(a workbook can be made to take minutes to open that way). Copy the register into "
        "a new workbook and upload that.",
    )
    for member in archive.infolist():
        part = member.filename
        if member.is_dir() or not part.endswith((".xml", ".rels")):
            continue
        if part.startswith("xl/worksheets/"):
            _check_well_formed(archive, member)
            continue
        if part in skip:
            continue
        parser = _parser()
        parser.StartElementHandler = budget.start
        with archive.open(member) as stream:
            parser.ParseFile(stream)


def _check_well_formed(archive: zipfile.ZipFile, member: zipfile.ZipInfo) -> None:
    """Parse a part with no handlers (expat's fast path): a document type, an entity or
    broken XML is refused even in a sheet that is not read now."""
    parser = _parser()
    with archive.open(member) as stream:
        parser.ParseFile(stream)


def _too_many_strings(name: str, limit: int) -> ImportFileError:
    return ImportFileError(
        f"{name} holds more than {limit:,} different texts, far more than the sheet uses "
        "(a workbook can be made to take minutes to open that way). Copy the register into "
        "a new workbook and upload that."
    )


def _count_strings(stream) -> int:
    """About how many ``<si>`` elements a shared-strings part has, counted in its bytes."""
    count, tail = 0, b""
    while chunk := stream.read(1 << 20):
        window = tail + chunk
        count += sum(window.count(m) for m in (b"<si>", b"<si ", b":si>", b":si "))
        count -= sum(tail.count(m) for m in (b"<si>", b"<si ", b":si>", b":si "))
        tail = window[-4:]
    return count


def read_shared_strings(stream, name: str, limit: int) -> list[str]:
    """The shared strings of a workbook, as openpyxl reads them (the text of each string's
    runs, phonetic hints left out), but with expat and at most ``limit`` of them."""
    strings: list[str] = []
    parts: list[str] = []
    state = {"text": False, "phonetic": 0}

    def start(tag, _attrs):
        tag = _local(tag)
        if tag == "si":
            parts.clear()
        elif tag == "rPh":
            state["phonetic"] += 1
        elif tag == "t" and not state["phonetic"]:
            state["text"] = True

    def end(tag):
        tag = _local(tag)
        if tag == "t":
            state["text"] = False
        elif tag == "rPh":
            state["phonetic"] -= 1
        elif tag == "si":
            strings.append("".join(parts).replace("x005F_", ""))
            if len(strings) > limit:
                raise _too_many_strings(name, limit)

    def text(data):
        if state["text"]:
            parts.append(data)

    parser = _parser()
    parser.StartElementHandler = start
    parser.EndElementHandler = end
    parser.CharacterDataHandler = text
    parser.buffer_text = True
    parser.ParseFile(stream)
    return strings


def open_workbook(data: bytes, name: str, scanned: Scan):
    """openpyxl's read-only workbook of ``data``, its shared strings read by
    ``read_shared_strings``; ``scanned`` is what ``scan`` found in the sheet to read."""
    from openpyxl.reader.excel import SHARED_STRINGS, ExcelReader

    limit = scanned.string_cells + SHARED_STRING_SLACK

    class Reader(ExcelReader):
        def read_strings(self):
            found = self.package.find(SHARED_STRINGS)
            if found is not None:
                part = found.PartName[1:]
                _check_other_parts(self.archive, name, skip={part})
                with self.archive.open(part) as stream:
                    if _count_strings(stream) > limit:
                        raise _too_many_strings(name, limit)
                with self.archive.open(part) as stream:
                    self.shared_strings = read_shared_strings(stream, name, limit)
            else:
                _check_other_parts(self.archive, name, skip=set())

    reader = Reader(BytesIO(data), read_only=True, data_only=True)
    reader.read()
    return reader.wb


def scan(data: bytes, name: str, sheet: str | None = None) -> Scan:
    """Scan ``sheet`` (or the first worksheet) of the xlsx ``data``; raise
    ``ImportFileError`` if it reaches past the limits or cannot be read."""
    try:
        archive = zipfile.ZipFile(BytesIO(data))
        parts = _sheet_parts(archive)
        if not parts:
            raise ImportFileError(f"{name} has no worksheet to read.")
        title, part = next(((t, p) for t, p in parts if t == sheet), parts[0])
        scanner = _SheetScanner(title, name)
        parser = _parser()
        parser.StartElementHandler = scanner.start
        with archive.open(part) as stream:
            parser.ParseFile(stream)
    except ImportFileError:
        raise
    except (KeyError, ValueError, expat.ExpatError, zipfile.BadZipFile, OSError) as exc:
        raise ImportFileError(
            f"{name} could not be opened as an Excel workbook ({type(exc).__name__}); save it "
            "again as .xlsx."
        ) from None
    return scanner.scan
