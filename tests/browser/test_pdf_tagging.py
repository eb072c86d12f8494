"""The evidence pack PDF is tagged for assistive technology (PDF/UA-1): marked content, a
structure tree, the document language and a title, for the full demo register."""

from __future__ import annotations

import io

import pytest

pytest.importorskip("evidence.services", reason="the evidence pack (evidence/) is not built yet")
pypdf = pytest.importorskip("pypdf")

from evidence.pack import PackOptions  # noqa: E402
from evidence.services import export_pdf  # noqa: E402

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def structure_roles(node, found: set[str], depth: int = 0) -> set[str]:
    """The structure types (/S) used in the tagged PDF's structure tree."""
    node = node.get_object()
    if isinstance(node, pypdf.generic.ArrayObject):
        for child in node:
            structure_roles(child, found, depth + 1)
    elif isinstance(node, pypdf.generic.DictionaryObject) and depth < 60:
        if "/S" in node:
            found.add(str(node["/S"]))
        if "/K" in node:
            structure_roles(node["/K"], found, depth + 1)
    return found


def test_it_tags_the_evidence_pack_with_its_language_and_title(demo):
    exported = export_pdf(register=demo, learner=demo.owner, options=PackOptions())
    document = pypdf.PdfReader(io.BytesIO(exported.pdf))
    root = document.trailer["/Root"]

    assert root["/MarkInfo"]["/Marked"]
    assert root["/Lang"] == "en-GB"
    assert demo.title in document.metadata.title
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]  # a reader shows the title
    roles = structure_roles(root["/StructTreeRoot"], set())
    # Headings, tables and lists reach a screen reader as such, not as loose text.
    assert {"/H1", "/Table", "/TH", "/TD", "/L", "/LI"} <= roles, roles
