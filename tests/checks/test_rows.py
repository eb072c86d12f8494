"""The checks read the register as rows (``assessments.rows``), not models: the same
findings, in the same order, with the same links, as on the model rows the evidence pack
reads; each fact a rule reads is the same on a row and on an annotated model."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from assessments.models import (
    Action,
    Annotation,
    AwarenessRecord,
    Consultation,
    Reference,
    Review,
    Risk,
)
from assessments.rows import action_facts, read_rows, review_facts, risk_facts
from checks.loading import register_report, report_from, risk_report
from journeys.models import Stage
from tests.builders import force_update, make_action, make_risk, make_stage, rate_residual

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def _findings(report) -> list[tuple]:
    return [(f.rule.id, f.record, f.reference, f.message, f.risk_id, f.url) for f in report.open]


def _busy_register(register) -> None:
    """A register that breaks most rules, with rows whose order the findings follow."""
    stages = [make_stage(register, "Arrival"), make_stage(register, "Booking")]
    revoked = Reference.objects.filter(revoked_on__isnull=False).first()
    for n in range(6):
        risk = make_risk(
            register,
            stage=stages[n % 2],
            category=("health_safety", "financial")[n % 2],
            affected="Customers and visitors",
            rating=(1 + n % 5, 1 + n % 4, 4, 1 + n % 3),
            decision=("treat", "tolerate", "terminate")[n % 3],
            decision_rationale="Because.",
        )
        if n % 2:
            risk = rate_residual(risk, (5, 4, 1, 1), "It happens twice a year; local paper.")
            Annotation.objects.create(register=register, assessment=risk.residual_rating, text="x")
        if n == 3:
            risk.references.add(revoked)
        if n == 4:
            AwarenessRecord.objects.create(risk=risk, audience="customers", method="signage")
    for due in (None, TODAY, TODAY - dt.timedelta(days=9)):  # ordered by due date, then pk
        action = Action.objects.create(register=register, description=f"Repaint sign {due}")
        force_update(Action.objects.filter(pk=action.pk), due_date=due)
        action.references.add(revoked)
    for days in (3, 1, 2):  # newest first
        Consultation.objects.create(
            register=register,
            group="team",
            people="Desk",
            summary="x",
            date=TODAY - dt.timedelta(days=days),
            actions_agreed=f"Fit a hearing loop at desk {days}; train every advisor {days}",
        )
    for days in (40, 10):
        review = Review.objects.create(
            register=register,
            date=TODAY - dt.timedelta(days=days),
            next_review_date=TODAY - dt.timedelta(days=days - 5),
            minutes=f"Agreed: move the queue barrier {days}",
        )
        force_update(Review.objects.filter(pk=review.pk), state="submitted")


def test_the_rows_judge_as_the_model_rows_do(register):
    _busy_register(register)
    rows = register_report(register, today=TODAY)
    models = report_from(
        register,
        risks=Risk.objects.filter(register=register)
        .select_related("inherent_rating", "residual_rating")
        .annotate(**risk_facts()),
        actions=Action.objects.filter(register=register).annotate(**action_facts()),
        consultations=Consultation.objects.filter(register=register),
        reviews=Review.objects.filter(register=register).annotate(**review_facts()),
        stages=Stage.objects.filter(register=register).order_by("order", "pk"),
        today=TODAY,
    )
    assert len({f.rule.id for f in rows.open}) >= 10
    assert _findings(rows) == _findings(models)
    assert [(r.rule.id, r.open, r.dismissed) for r in rows.results] == [
        (r.rule.id, r.open, r.dismissed) for r in models.results
    ]


def test_a_finding_links_to_its_risk_page(register, stage):
    risks = [
        make_risk(
            register, stage=stage, rating=(3, 3, 1, 1), decision="treat", decision_rationale="x"
        )
        for _ in range(12)
    ]
    urls = {f.risk_id: f.url for f in register_report(register, today=TODAY).open if f.risk_id}
    assert urls == {risk.pk: risk.get_absolute_url() for risk in risks}
    own = risk_report(register, risks[10].pk, today=TODAY).open
    assert own and {f.url for f in own} == {risks[10].get_absolute_url()}


def test_a_risk_reads_the_same_as_a_row_or_as_a_model(register, stage):
    risk = make_risk(register, stage=stage, rating=(2, 3, 1, 1), residual=(1, 3, 1, 1))
    # Late in the evening, UTC: the rating's day is the stored (UTC) date, as before.
    late = dt.datetime(2026, 6, 30, 23, 30, tzinfo=dt.UTC)
    force_update(
        type(risk.inherent_rating).objects.filter(pk=risk.inherent_rating_id), assessed_at=late
    )
    bare = make_risk(register, title="Not rated yet")
    [row, bare_row] = read_rows(register)["risks"]
    model = (
        Risk.objects.filter(pk=risk.pk)
        .select_related("inherent_rating", "residual_rating")
        .annotate(**risk_facts())
        .get()
    )
    assert row == model and row.reference == model.reference == risk.reference
    assert row.inherent_rating.assessed_on == model.inherent_rating.assessed_on
    assert row.inherent_rating.assessed_on == dt.date(2026, 6, 30)
    assert row.current_rating == row.residual_rating == model.residual_rating
    assert row.residual_rating.review_level == model.residual_rating.review_level
    assert row.inherent_rating.consequences == model.inherent_rating.consequences
    assert bare_row.pk == bare.pk and bare_row.current_rating is None


RISK_FACTS = (
    "has_action",
    "has_done_action",
    "customer_aware",
    "last_review",
    "residual_explained",
    "revoked_reference",
)


def test_every_fact_is_the_same_on_a_row_as_on_an_annotated_model(register):
    """A fact has two readings, one for rows (``read_rows``) and one for models (the
    ``*_facts`` annotations the pack uses): a register where each comes out both ways."""
    _busy_register(register)
    cancelled, done = (make_risk(register, title=t, rating=(2, 2, 2, 2)) for t in "xy")
    make_action(register, cancelled, status=Action.Status.CANCELLED)
    make_action(register, done, status=Action.Status.DONE)
    review = Review.objects.filter(register=register).first()
    review.risks.add(cancelled)
    Annotation.objects.create(register=register, review=review, text="Why it was late")
    rows = read_rows(register)
    models = {
        risk.pk: risk
        for risk in Risk.objects.filter(register=register)
        .select_related("inherent_rating", "residual_rating")
        .annotate(**risk_facts())
    }
    facts = {name: [getattr(row, name) for row in rows["risks"]] for name in RISK_FACTS}
    assert facts == {
        name: [getattr(models[row.pk], name) for row in rows["risks"]] for name in RISK_FACTS
    }
    assert {name: len(set(values)) for name, values in facts.items()} == dict.fromkeys(
        RISK_FACTS, 2
    )  # each fact comes out both ways on this register
    actions = Action.objects.filter(register=register).annotate(**action_facts())
    assert [(a.pk, a.revoked_reference) for a in rows["actions"]] == [
        (a.pk, a.revoked_reference) for a in actions
    ]
    reviews = Review.objects.filter(register=register).annotate(**review_facts())
    assert [(r.pk, r.has_note) for r in rows["reviews"]] == [(r.pk, r.has_note) for r in reviews]
    assert {r.has_note for r in rows["reviews"]} == {True, False}
