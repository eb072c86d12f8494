"""Random CSV bytes and damaged workbooks thrown at the importer: refused with a reason,
never a crash.

Reading may only raise ``ImportFileError`` (its message is shown to the user); planning
and committing what was read may only raise ``ImportRejected`` (the row-by-row report).
The upload page answers below 500 whatever it is sent.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from interchange import exporters, importer, mapping, readers
from tests.builders import source_for

pytestmark = pytest.mark.django_db

FUZZ = settings(
    max_examples=40,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)

HEADINGS = ["Title", "Category", "Cause", "Likelihood", "Impact", "Owner", "Due", "Status"]
cell = st.one_of(
    st.text(max_size=40),
    st.sampled_from(
        ["", "\x00", "=cmd|' /C calc'!A0", '"', '""', "5", "-3", "1e400", "31/02/2026"]
    ),
    st.integers().map(str),
)
csv_text = st.lists(
    st.lists(cell, min_size=0, max_size=len(HEADINGS) + 2), min_size=0, max_size=12
).map(
    lambda rows: "\n".join(
        ",".join(f'"{c}"' if "," in c else c for c in row) for row in [HEADINGS, *rows]
    )
)
csv_bytes = st.one_of(
    st.binary(max_size=3000),
    csv_text.map(lambda text: text.encode("utf-8", "surrogatepass")),
    csv_text.map(lambda text: text.encode("cp1252", "replace")),
)


def _import(data: bytes, name: str, team, register, member) -> None:
    """Read, plan and commit ``data`` as a user would; roll the commit back."""
    try:
        source = source_for(data, name, mapping.RISKS, team, register=register)
    except readers.ImportFileError as error:
        assert str(error)
        return
    importer.build_plan(source)
    try:
        with transaction.atomic():
            importer.commit_import(source=source, user=member)
            transaction.set_rollback(True)
    except importer.ImportRejected as rejected:
        assert rejected.plan.errors or "no rows to import" in str(rejected)


def test_it_reads_random_csv_bytes_or_says_why(team, register, member):
    @FUZZ
    @given(data=csv_bytes)
    def run(data):
        _import(data, "risks.csv", team, register, member)

    run()


@pytest.fixture
def workbook(register) -> bytes:
    """A real workbook: the register's own xlsx export, which imports back."""
    from tests.builders import make_risk

    make_risk(register, title="Wet floor", rating=(3, 2, 2, 4))
    return exporters.render(register, "xlsx")


def _rezip(data: bytes, change) -> bytes:
    """``data`` (a zip) with each member's bytes passed through ``change(name, bytes)``."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            target.writestr(info.filename, change(info.filename, source.read(info.filename)))
    return out.getvalue()


def test_it_reads_workbooks_damaged_byte_by_byte_or_says_why(workbook, team, register, member):
    @FUZZ
    @given(
        flips=st.lists(
            st.tuples(st.integers(0, len(workbook) - 1), st.integers(0, 255)), max_size=8
        ),
        cut=st.integers(0, len(workbook)),
    )
    def run(flips, cut):
        damaged = bytearray(workbook[: max(cut, 1)])
        for at, value in flips:
            if at < len(damaged):
                damaged[at] = value
        _import(bytes(damaged), "register.xlsx", team, register, member)

    run()


def test_it_reads_workbooks_with_mangled_xml_or_says_why(workbook, team, register, member):
    members = zipfile.ZipFile(io.BytesIO(workbook)).namelist()

    @FUZZ
    @given(
        part=st.sampled_from(members),
        at=st.floats(0, 1),
        junk=st.one_of(
            st.binary(max_size=60),
            st.sampled_from(
                [
                    b'<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>',
                    b'<!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>',
                    b"<c r='A1' t='s'><v>99999</v></c>",
                    b"<row r='1048576'/>",
                    b"</worksheet>",
                    b"\x00",
                ]
            ),
        ),
    )
    def run(part, at, junk):
        def change(name, content):
            if name != part:
                return content
            cut = int(len(content) * at)
            return content[:cut] + junk + content[cut:]

        _import(_rezip(workbook, change), "register.xlsx", team, register, member)

    run()


def test_it_refuses_an_xml_external_entity_without_reading_it(workbook, team, register):
    def with_entity(name, content):
        if name != "xl/worksheets/sheet2.xml":
            return content
        head, _, body = content.partition(b"?>")
        return head + b'?><!DOCTYPE w [<!ENTITY leak SYSTEM "file:///etc/hostname">]>' + body

    with pytest.raises(readers.ImportFileError, match="could not be opened"):
        readers.read(_rezip(workbook, with_entity), "register.xlsx")


def test_it_answers_random_uploads_on_the_import_pages_without_a_server_error(
    client, team, register, member
):
    client.force_login(member)

    @settings(max_examples=15, deadline=None, database=None)
    @given(data=csv_bytes, name=st.sampled_from(["risks.csv", "risks.xlsx", "risks.txt", "r"]))
    def run(data, name):
        upload = SimpleUploadedFile(name, data)
        response = client.post(
            "/import/", {"file": upload, "kind": mapping.RISKS, "register": str(register.pk)}
        )
        assert response.status_code < 500
        if response.status_code == 302:  # read: the next pages must cope with it too
            for step in ("sheet", "mapping", "preview"):
                page = response["Location"].replace("/sheet/", f"/{step}/")
                assert client.get(page).status_code < 500
                assert client.post(page, {"header_row": "1"}).status_code < 500

    run()
