"""Builders for reviews, shared by the review, audit, reminder and admin tests."""

from __future__ import annotations

import datetime as dt

from assessments.models import Review
from assessments.reviews import submit_review
from tests.builders import make_risk


def make_review(
    register,
    *,
    stage=None,
    risks=None,
    submit_by=None,
    date: dt.date | None = None,
    **fields,
) -> Review:
    """A review of ``risks`` (by default a High and a Low risk), submitted by ``submit_by``."""
    if risks is None:
        risks = [
            make_risk(
                register, stage=stage, title="Wet floor at the entrance", rating=(4, 2, 3, 5)
            ),
            make_risk(register, stage=stage, title="Card reader down", rating=(2, 1, 1, 1)),
        ]
    fields.setdefault("minutes", "We went through the register; the wet floor needs mats.")
    fields.setdefault("attendees", "Mia Member, Sam Supervisor")
    review = Review.objects.create(register=register, date=date or dt.date(2026, 3, 1), **fields)
    review.risks.set(risks)
    if submit_by is not None:
        review = submit_review(review=review, by=submit_by)
    return review
