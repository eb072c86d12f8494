"""The PDF in plain words: ratings as a person writes them, the supervisor's witness
statement beside the sign-off, and a register without stages said plainly, read back."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from assessments.models import Review
from assessments.reviews import sign_off_review, submit_review
from evidence.pack import PackOptions
from evidence.services import export_pdf
from registers.models import Register
from tests.builders import make_risk
from tests.evidence.reading import all_text

pytestmark = pytest.mark.django_db


def _pdf_text(register, learner) -> str:
    register = Register.objects.select_related("team", "matrix", "owner").get(pk=register.pk)
    return all_text(export_pdf(register=register, learner=learner, options=PackOptions()).pdf)


def test_it_says_plainly_that_no_stages_were_given(register, member, frozen_now):
    make_risk(register, title="Card reader down", rating=(2, 1, 3, 1))
    text = _pdf_text(register, member)
    assert "No stages were given for this register." in text
    assert "No stage given" not in text and "STAGE 1" not in text
    assert "Stages of the journey" not in text  # no empty table of stages
    assert "Card reader down" in text  # the risk itself is still in the register


def test_it_writes_ratings_in_words_and_the_witness_statement_beside_the_sign_off(
    register_with_names, member, supervisor, frozen_now
):
    risk = register_with_names.risks.order_by("number").first()
    review = Review.objects.create(register=register_with_names, date=dt.date(2026, 3, 12))
    review.risks.add(risk)
    submit_review(review=review, by=member)
    statement = "I saw Mia brief the desk team on the new card reader procedure."
    sign_off_review(review=review, by=supervisor, witness_statement=statement)
    text = _pdf_text(register_with_names, member)
    assert re.search(r"Likelihood \d × consequence \d \([a-z ,]+\) = \d+: (Low|Medium|High)", text)
    assert not re.search(r"L\d x C\d", text) and " -> " not in text
    signed_off = text.index("Signed off by Sam Supervisor on 14 March 2026")
    after = text[signed_off:]
    assert "Witness statement" in after and statement in after
    assert "No witness statement was written at sign-off." in text  # the earlier review
