"""The criterion codes in the pack's margin: beside each piece of evidence, the codes of the
criteria it supports, as the coverage judges them, whether or not the coverage section is
in the pack; and the learner's part and the witness statement on a review."""

from __future__ import annotations

import pytest

from assessments.models import AwarenessRecord, Category, Identification, LearnerPart
from assessments.reviews import sign_off_review
from criteria.coverage import evaluate_register
from criteria.margin import codes_by_record, margin_lines, margin_text
from evidence.pack import SECTION_CODES, PackOptions
from evidence.services import export_pdf
from tests.builders import force_update, make_review, make_risk
from tests.evidence.reading import all_text, reader

pytestmark = pytest.mark.django_db

LEFT_MARGIN_PT = 25 / 25.4 * 72  # the page's left margin, 25 mm


def test_margin_text_groups_codes_by_source():
    codes = ["NOS PC2", "NOS K4", "OCR 1.2", "OCR ER5a", "TIP 1"]
    assert margin_lines(codes) == ("NOS PC2, K4", "OCR 1.2, ER5a", "TIP 1")
    assert margin_text(codes) == "NOS PC2, K4 · OCR 1.2, ER5a · TIP 1"
    assert margin_text([]) == ""


def _positions(pdf: bytes, needle: str) -> list[float]:
    """The x positions (pt from the left edge) where text starting with ``needle`` is drawn."""
    found = []
    for page in reader(pdf).pages:

        def visit(text, cm, tm, font, size):
            if text.strip().startswith(needle):
                found.append(tm[4] * cm[0] + tm[5] * cm[2] + cm[4])

        page.extract_text(visitor_text=visit)
    return found


def test_each_record_carries_its_codes_in_the_margin_without_the_coverage_section(
    register, stage, member, supervisor
):
    risk = make_risk(
        register,
        stage=stage,
        title="Wet floor at the entrance",
        category=Category.HEALTH_SAFETY,
        rating=(3, 2, 2, 4),
        identified_how=Identification.INSPECTION,
    )
    AwarenessRecord.objects.create(
        risk=risk, audience="staff", method="briefing", learner_part=LearnerPart.LED
    )
    review = make_review(register, stage=stage, risks=[risk], submit_by=member)
    force_update(type(review).objects.filter(pk=review.pk), learner_part=LearnerPart.LED)
    sign_off_review(
        review=type(review).objects.get(pk=review.pk),
        by=supervisor,
        witness_statement="I saw Mia brief the desk team on the wet floor.",
        witnessed_criteria=["OCR ER1", "NOS PC7"],
    )
    results = evaluate_register(register)
    codes = codes_by_record(results)
    risk_codes = codes[("assessments.risk", risk.pk)]
    assert "NOS PC4" in risk_codes and "OCR ER5b" in risk_codes
    expected = " ".join(margin_lines(risk_codes))

    sections = tuple(code for code in SECTION_CODES if code != "coverage")
    pdf = export_pdf(register=register, learner=member, options=PackOptions(sections=sections)).pdf
    text = all_text(pdf)
    assert "Criteria coverage" not in text
    assert expected in text
    awareness = next(key for key in codes if key[0] == "assessments.awarenessrecord")
    assert " ".join(margin_lines(codes[awareness])) in text
    # Printed in the page's left margin, not in the text column.
    xs = _positions(pdf, "NOS ")
    assert xs and all(x < LEFT_MARGIN_PT for x in xs), xs
    # The review: the learner's part, the statement with who and when, what it witnesses.
    assert "Learner's part Led it" in text
    assert "Witness statement by Sam Supervisor" in text
    assert "I saw Mia brief the desk team on the wet floor." in text
    assert "The supervisor witnessed: OCR ER1: did this in a real job, with real customers" in text
