"""The evidence pack read back from the PDF: what an assessor sees without the app."""

from __future__ import annotations

import re

import pytest

from assessments.models import Annotation, Review
from evidence.pack import SECTIONS, PackOptions, build_pack
from evidence.renderer import StaticFilesFetcher, render_pdf
from evidence.services import export_pdf, pack_html
from tests.builders import NOTES, PERSONAL_NAMES
from tests.evidence.reading import all_text, outline_titles, page_texts, reader

HEADINGS = {
    "context": "Context and scope",
    "journey": "Customer journey map",
    "matrix": "Risk matrix",
    "heatmaps": "Heat maps: inherent and current",
    "register": "Risk register",
    "risks": "Risk details",
    "actions": "Action log",
    "consultations": "Consultations and awareness",
    "reviews": "Reviews and sign-off",
    "analysis": "SWOT, PESTLE and cost/benefit",
    "coverage": "Criteria coverage",
    "checks": "Consistency checks",
    "exhibits": "Exhibits",
}


@pytest.fixture
def exported(register_with_names, member):
    return export_pdf(register=register_with_names, learner=member, options=PackOptions())


def test_it_has_a_bookmark_for_every_section_and_every_risk(exported, register_with_names):
    titles = outline_titles(exported.pdf)
    assert set(HEADINGS) == {code for code, _ in SECTIONS}
    for heading in ["Contents", *HEADINGS.values()]:
        assert heading in titles
    for risk in register_with_names.risks.all():
        assert f"{risk.reference} {risk.title}" in titles


def test_it_numbers_every_page_x_of_y(exported):
    texts = page_texts(exported.pdf)
    assert exported.pages == len(texts) == len(reader(exported.pdf).pages)
    assert 8 <= len(texts) <= 40
    for number, text in enumerate(texts, start=1):
        assert f"Page {number} of {len(texts)}" in text


def test_it_runs_the_register_title_and_document_id_on_every_page_after_the_cover(
    exported, register_with_names
):
    texts = page_texts(exported.pdf)
    assert texts[0].count(register_with_names.title) == 1  # the cover's title, no running header
    for text in texts[1:]:
        assert register_with_names.title in text
        assert f"Document {exported.document_id}" in text


def test_it_sets_title_author_and_subject(exported, member):
    metadata = reader(exported.pdf).metadata
    assert metadata.title == "Front desk register: risk assessment evidence"
    assert metadata.author == "Mia Member"
    assert "INSCS027" in metadata.subject and "unit C6" in metadata.subject


def test_it_points_the_contents_at_the_right_pages(exported):
    texts = page_texts(exported.pdf)
    contents = texts[1]
    assert {code for code, _ in SECTIONS} == set(HEADINGS)
    for code, label in SECTIONS:
        match = re.search(rf"{re.escape(label)}\s*\.+\s*(\d+)", contents)
        assert match, label
        page = int(match.group(1))
        assert HEADINGS[code] in texts[page - 1], (label, page)


def test_it_shows_the_cover_facts_and_the_content_hash(register_with_names, member, frozen_now):
    pack = build_pack(register_with_names, learner=member, options=PackOptions())
    pdf = render_pdf(pack_html(pack)).pdf
    cover = " ".join(page_texts(pdf)[0].split())
    for fact in (
        "Mia Member",
        "Front Desk",
        "Riverside Leisure Trust",
        "20 February 2026 to 10 March 2026",
        "14 March 2026",
        pack.document_id,
        "INSCS027",
        "unit C6",
    ):
        assert fact in cover
    assert " ".join(pack.hash_groups) in cover
    assert pack.document_id == f"EV-20260314-{pack.content_hash[:8].upper()}"


def test_it_shows_every_risk_and_every_annotation_chosen_for_the_pdf(exported, register_with_names):
    text = all_text(exported.pdf)
    for risk in register_with_names.risks.all():
        assert risk.reference in text
    for note in NOTES.values():
        assert note in text
    assert "Left out of the PDF." not in text


def test_it_prints_an_annotation_as_a_footnote_on_the_page_it_explains(exported):
    for text in page_texts(exported.pdf):
        flat = " ".join(text.split())
        if NOTES["risk"] in flat:
            assert "R-001 Card reader fails at busy times" in flat
            break
    else:
        pytest.fail("the risk's note is not in the PDF")


def test_it_shows_the_sign_off_block_and_the_pending_one(exported, register_with_names):
    text = all_text(exported.pdf)
    signed = Review.objects.get(register=register_with_names, state=Review.State.SIGNED_OFF)
    assert "Signed off by Sam Supervisor on 14 March 2026, 10:00" in text
    assert "Good work, Mia." in text
    assert signed.content_hash in text.replace(" ", "")
    assert "Unchanged since sign-off (seal verified by this instance)." in text
    assert "Not yet signed off. State: Draft." in text


def test_it_labels_every_risk_point_on_the_journey_map_by_reference_and_level(exported):
    journey = next(t for t in page_texts(exported.pdf) if "Stages run from left" in t)
    flat = " ".join(journey.split())
    assert "R-001 Low" in flat  # residual
    assert "R-002 Medium" in flat  # inherent only
    assert "R-003 Not rated" in flat
    assert "MOMENT OF TRUTH" in flat


def test_it_points_the_coverage_table_at_pages(exported):
    text = all_text(exported.pdf)
    assert "Criteria coverage" in text
    assert re.search(r"R-001 \(p\. \d+\)", text)


def test_it_redacts_every_personal_name(register_with_names, member):
    exported = export_pdf(
        register=register_with_names, learner=member, options=PackOptions(redact_names=True)
    )
    text = all_text(exported.pdf)
    for name in PERSONAL_NAMES:
        assert not re.search(rf"\b{re.escape(name)}\b", text), name
    for name in ("Mia Member", "Sam Supervisor", "Val Viewer"):
        assert name not in text
    assert "Learner" in text and "Supervisor A" in text and "Customer A" in text
    assert reader(exported.pdf).metadata.author == "Learner"
    assert NOTES["risk"] in text  # notes stay, names go


def test_it_leaves_annotations_out_when_asked(register_with_names, member):
    exported = export_pdf(
        register=register_with_names, learner=member, options=PackOptions(annotations=False)
    )
    text = all_text(exported.pdf)
    written = Annotation.objects.filter(register=register_with_names).values_list("text", flat=True)
    assert set(NOTES.values()) <= set(written)
    assert [note for note in NOTES.values() if note[:40] in text] == []


def test_it_includes_only_the_chosen_sections(register_with_names, member):
    exported = export_pdf(
        register=register_with_names,
        learner=member,
        options=PackOptions(sections=("register", "reviews")),
    )
    titles = outline_titles(exported.pdf)
    assert {"Contents", "Risk register", "Reviews and sign-off"} <= set(titles)
    assert "Risk details" not in titles and "Action log" not in titles
    assert "Page 1 of" in page_texts(exported.pdf)[0]


def test_it_escapes_user_text_so_it_can_fetch_nothing(register_with_names, member):
    hostile = (
        '<img src="file:///etc/passwd"> <link rel="attachment" href="file:///etc/passwd">'
        '<style>@import url("http://127.0.0.1:5432/");</style>'
        '<img src="data:image/png;base64,' + "A" * 2_000 + '">'
    )
    Annotation.objects.create(
        register=register_with_names, risk=register_with_names.risks.first(), text=hostile
    )
    risk = register_with_names.risks.first()
    risk.title = '<img src="http://127.0.0.1:5432/">'
    risk.save()
    pack = build_pack(register_with_names, learner=member, options=PackOptions())
    fetcher = StaticFilesFetcher()
    pdf = render_pdf(pack_html(pack), fetcher=fetcher).pdf

    assert fetcher.requested == [
        "https://static.riskportal.invalid/static/css/evidence-print.css",
        "https://static.riskportal.invalid/static/css/exhibits-print.css",
    ]
    assert fetcher.refused == []
    text = all_text(pdf)
    assert '<img src="file:///etc/passwd">' in text
    assert '@import url("http://127.0.0.1:5432/")' in text
    assert "/EmbeddedFiles" not in reader(pdf).trailer["/Root"]
