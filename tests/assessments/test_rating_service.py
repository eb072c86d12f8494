"""Rating a risk appends history and keeps the risk's latest levels."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from assessments.models import Assessment
from assessments.services import create_risk, rate_risk
from tests.builders import make_risk


@time_machine.travel(dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC), tick=False)
def test_it_appends_ratings_and_keeps_the_latest_on_the_risk(register, stage, member):
    risk = make_risk(register, stage=stage, rating=(4, 3, 2, 1))
    assert risk.inherent_rating.explanation == "Likelihood 4 × consequence 3 (finance) = 12: Medium"
    assert risk.next_review_date == dt.date(2026, 6, 10)
    rate_risk(
        risk=risk,
        tier="residual",
        likelihood=2,
        finance=2,
        reputation=1,
        health_safety=1,
        rationale="New till procedure",
        assessed_by=member,
    )
    rate_risk(
        risk=risk,
        tier="residual",
        likelihood=1,
        finance=2,
        reputation=1,
        health_safety=1,
        rationale="Procedure embedded",
        assessed_by=member,
    )
    risk.refresh_from_db()
    assert risk.assessments.count() == 3
    assert risk.residual_rating.score == 2
    assert risk.current_rating == risk.residual_rating
    assert risk.next_review_date == dt.date(2026, 9, 10)


def test_it_refuses_to_change_a_saved_rating(register):
    risk = make_risk(register, rating=(2, 2, 2, 2))
    rating = risk.inherent_rating
    rating.rationale = "rewritten"
    with pytest.raises(ValidationError, match="cannot be changed"):
        rating.save()
    assert Assessment.objects.get(pk=rating.pk).rationale != "rewritten"


def test_it_refuses_a_rating_outside_the_registers_matrix(register):
    risk = make_risk(register)
    with pytest.raises(ValidationError):
        rate_risk(
            risk=risk,
            tier="inherent",
            likelihood=6,
            finance=1,
            reputation=1,
            health_safety=1,
            rationale="x",
        )
    assert risk.assessments.count() == 0


def test_it_requires_a_rationale(register):
    risk = make_risk(register)
    with pytest.raises(ValidationError) as error:
        rate_risk(
            risk=risk,
            tier="inherent",
            likelihood=2,
            finance=1,
            reputation=1,
            health_safety=1,
            rationale="",
        )
    assert "rationale" in error.value.message_dict


def test_it_numbers_risks_per_register(register, other_register):
    first = create_risk(register=register, title="A", category="financial")
    second = create_risk(register=register, title="B", category="reputational")
    elsewhere = create_risk(register=other_register, title="C", category="financial")
    assert (first.reference, second.reference, elsewhere.reference) == ("R-001", "R-002", "R-001")


def test_it_marks_high_and_escalated_risks_as_awaiting_a_supervisor(register):
    assert make_risk(register, rating=(4, 4, 1, 1)).awaiting_supervisor
    assert make_risk(register, rating=(1, 1, 1, 5)).awaiting_supervisor
    assert not make_risk(register, rating=(2, 2, 2, 2)).awaiting_supervisor


def test_the_database_refuses_a_nonsense_rating_row(register):
    risk = make_risk(register, rating=(2, 2, 2, 2))
    with pytest.raises(IntegrityError), transaction.atomic():
        Assessment.objects.bulk_create(
            [
                Assessment(
                    risk=risk,
                    tier="inherent",
                    matrix=register.matrix,
                    likelihood=0,
                    consequence_finance=1,
                    consequence_reputation=1,
                    consequence_health_safety=1,
                    consequence=1,
                    score=0,
                    level_code="low",
                    level_label="Low",
                    explanation="x",
                    rationale="x",
                )
            ]
        )
