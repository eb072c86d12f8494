"""Time and memory to refuse hostile spreadsheets, each read in a fresh process.

Builds the files an attacker would upload (a CSV whose one line is 10,000 columns, an xlsx
whose 5 KB hold a merged range of two million cells, another merged across every column
Excel has, an xlsx one row of 10,000 columns wide, and an xlsx of three rows whose shared
strings hold 1.6 million texts), then reads each with
``interchange.readers.read`` in a child process and prints how long the refusal took, how
much memory the child gained while reading (peak resident set size after minus before)
and the refusal's first words. A CSV of 5,000 rows whose every value differs is read and
its values to map listed, as the mapping page does (the list is capped, not refused). The
target is under 2 s and 200 MB for each; the script exits non-zero if one is missed or a
hostile file is not refused.

    uv run python benchmarks/hostile_imports.py

The tests build the same files with these functions (``tests/interchange/
test_hostile_imports.py``) and check that each is refused with a clear message.
"""

from __future__ import annotations

import io
import json
import os
import re
import resource
import subprocess
import sys
import tempfile
import time
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TARGET_SECONDS = 2.0
TARGET_MB = 200


def wide_csv(columns: int = 10_000) -> bytes:
    """One header line of ``columns`` short headings (about 59 KB for 10,000)."""
    return (",".join(f"h{i}" for i in range(columns)) + "\r\n").encode()


def _small_workbook(rows: int = 3) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Register"
    sheet.append(["Title", "Owner", "Likelihood", "Consequence"])
    for i in range(rows - 1):
        sheet.append([f"Risk {i + 1}", "Mia", 3, 4])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def with_sheet_xml(data: bytes, change) -> bytes:
    """``data`` (an xlsx) with its first sheet's XML passed through ``change``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/worksheets/sheet1.xml":
                content = change(content.decode()).encode()
            target.writestr(item.filename, content)
    return buffer.getvalue()


def merged_xlsx(ref: str) -> bytes:
    """A tiny workbook whose sheet merges ``ref`` (e.g. ``A3:CV20002``)."""

    def add_merge(xml: str) -> str:
        merge = f'<mergeCells count="1"><mergeCell ref="{ref}"/></mergeCells>'
        return re.sub(r"(</sheetData>|<sheetData\s*/>)", r"\1" + merge, xml, count=1)

    return with_sheet_xml(_small_workbook(), add_merge)


def with_shared_strings(data: bytes, strings: list[str]) -> bytes:
    """``data`` (an xlsx written by openpyxl, which writes its text inline) with a shared
    strings part holding ``strings``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    relationship = (
        b'<Relationship Id="rIdStrings" Type="http://schemas.openxmlformats.org/officeDocument/'
        b'2006/relationships/sharedStrings" Target="sharedStrings.xml"/></Relationships>'
    )
    override = (
        b'<Override PartName="/xl/sharedStrings.xml" ContentType="application/vnd.openxmlformats'
        b'-officedocument.spreadsheetml.sharedStrings+xml"/></Types>'
    )
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as target:
        for item in source.infolist():
            content = source.read(item.filename)
            if item.filename == "xl/_rels/workbook.xml.rels":
                content = content.replace(b"</Relationships>", relationship)
            elif item.filename == "[Content_Types].xml":
                content = content.replace(b"</Types>", override)
            target.writestr(item.filename, content)
        table = "".join(f"<si><t>{text}</t></si>" for text in strings)
        target.writestr(
            "xl/sharedStrings.xml",
            '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            f'count="{len(strings)}" uniqueCount="{len(strings)}">{table}</sst>',
        )
    return buffer.getvalue()


def many_strings_xlsx(count: int = 1_600_000) -> bytes:
    """A three-row workbook whose shared strings hold ``count`` texts (about 9.7 MB for
    1.6 million; openpyxl's own reader took a minute over them)."""
    texts = [f"s{i:09d}x{(i * 7919) % 100000:05d}" for i in range(count)]
    return with_shared_strings(_small_workbook(), texts)


def wide_xlsx(columns: int = 10_000) -> bytes:
    """A workbook whose header row has ``columns`` headings."""
    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append([f"h{i}" for i in range(columns)])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def many_values_csv(rows: int = 5000) -> bytes:
    """Every row a different category, likelihood and status (about 160 KB)."""
    lines = ["Title,Category,Likelihood,Status"]
    lines += [f"Risk {i},cat{i},lik{i},st{i}" for i in range(rows)]
    return "\r\n".join(lines).encode()


#: name -> (file name, builder)
HOSTILE = {
    "csv-10000-columns": ("wide.csv", wide_csv),
    "xlsx-merge-A3:CV20002": ("merged.xlsx", lambda: merged_xlsx("A3:CV20002")),
    "xlsx-merge-A3:XFD5000": ("merged.xlsx", lambda: merged_xlsx("A3:XFD5000")),
    "xlsx-10000-columns": ("wide.xlsx", wide_xlsx),
    "xlsx-1.6M-shared-strings": ("strings.xlsx", many_strings_xlsx),
}
#: Files read in full whose mapping page must stay small: name -> (file name, builder).
#: Their step is the mapping page's own work: reading, then the values to list.
MAPPED = {"csv-5000-distinct-values": ("many.csv", many_values_csv)}


def _peak_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # kB on Linux


def child(name: str, path: str) -> dict:
    """Read one hostile file (built by the parent, so that building it does not raise
    this process's peak) in this fresh process; what it cost and how it ended."""
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riskportal.settings")
    import django

    django.setup()
    import openpyxl  # noqa: F401  (loaded before the baseline, as in a running server)

    from interchange import importer, mapping, readers

    filename, _ = {**HOSTILE, **MAPPED}[name]
    data = Path(path).read_bytes()
    before = _peak_mb()
    start = time.perf_counter()
    try:
        table = readers.read(data, filename)
    except readers.ImportFileError as exc:
        outcome = str(exc)
    else:
        outcome = ""
        if name in MAPPED:
            source = importer.Source(kind=mapping.RISKS, table=table, filename=filename, team=None)
            columns = mapping.guess_columns(importer.header_names(table, 1), mapping.RISKS)
            found = importer.distinct_values(source, columns)
            outcome = f"listed {sum(len(v) for v in found.values())} values to map"
    seconds = time.perf_counter() - start
    return {
        "file": name,
        "bytes": len(data),
        "seconds": round(seconds, 3),
        "extra_mb": round(_peak_mb() - before, 1),
        "refusal": outcome,
    }


def main() -> int:
    if len(sys.argv) == 4 and sys.argv[1] == "--child":
        print(json.dumps(child(sys.argv[2], sys.argv[3])))
        return 0
    failed = 0
    print(f"{'file':<24} {'size':>9} {'seconds':>8} {'extra MB':>9}  refusal")
    folder = Path(tempfile.mkdtemp(prefix="hostile-imports-"))
    for name, (filename, build) in {**HOSTILE, **MAPPED}.items():
        path = folder / filename
        path.write_bytes(build())
        run = subprocess.run(
            [sys.executable, __file__, "--child", name, str(path)],
            capture_output=True,
            text=True,
            timeout=600,
            check=False,
        )
        path.unlink()
        if run.returncode != 0:
            print(f"{name:<24} child failed:\n{run.stderr[-2000:]}")
            failed += 1
            continue
        result = json.loads(run.stdout.strip().splitlines()[-1])
        ok = (
            result["refusal"]
            and result["seconds"] < TARGET_SECONDS
            and result["extra_mb"] < TARGET_MB
        )
        failed += not ok
        print(
            f"{name:<24} {result['bytes'] / 1024:>7.1f}KB {result['seconds']:>8.3f} "
            f"{result['extra_mb']:>9.1f}  {result['refusal'][:70] or 'NOT REFUSED'}"
            + ("" if ok else "   <-- over target")
        )
    folder.rmdir()
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
