"""Builders for the records the coverage rules look at, and a register that evidences all."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from assessments.models import (
    Action,
    Annotation,
    AwarenessRecord,
    Category,
    Consultation,
    Decision,
    Identification,
    PestleItem,
    Reference,
    Review,
    SwotItem,
)
from tests.builders import make_risk, make_stage

DAY = dt.date(2026, 3, 2)


@pytest.fixture(autouse=True)
def fast_passwords(settings):
    """Users are made by the dozen here; a slow password hash only slows the tests."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


def make_action(register, *risks, **fields) -> Action:
    fields.setdefault("description", "Mop and sign the entrance every hour when wet")
    if fields.get("status") == Action.Status.DONE:
        fields.setdefault("completed_on", DAY)
    action = Action.objects.create(register=register, **fields)
    action.risks.set(risks)
    return action


def make_consultation(register, group=Consultation.Group.TEAM, **fields) -> Consultation:
    fields.setdefault("people", "Front desk team")
    fields.setdefault("summary", "Talked through the wet floor risk.")
    fields.setdefault("date", DAY)
    return Consultation.objects.create(register=register, group=group, **fields)


def make_awareness(risk, audience=AwarenessRecord.Audience.CUSTOMERS, **fields):
    fields.setdefault("method", AwarenessRecord.Method.SIGNAGE)
    fields.setdefault("date", DAY)
    return AwarenessRecord.objects.create(risk=risk, audience=audience, **fields)


def make_review(register, **fields) -> Review:
    fields.setdefault("date", DAY)
    fields.setdefault("minutes", "Reviewed every risk; floor signs now in place.")
    return Review.objects.create(register=register, **fields)


def make_annotation(register, **target_and_fields) -> Annotation:
    target_and_fields.setdefault("text", "I rated this with the team's 5x5 matrix because...")
    return Annotation.objects.create(register=register, **target_and_fields)


def make_swot(register, *risks, quadrant=SwotItem.Quadrant.THREAT, text="Winter weather"):
    item = SwotItem.objects.create(register=register, quadrant=quadrant, text=text)
    item.risks.set(risks)
    return item


def make_pestle(register, *risks, factor=PestleItem.Factor.LEGAL, text="New data law"):
    item = PestleItem.objects.create(register=register, factor=factor, text=text)
    item.risks.set(risks)
    return item


def law() -> Reference:
    return Reference.objects.get(team=None, title="Health and Safety at Work etc. Act 1974")


def build_complete_register(register, owner=None) -> dict:
    """Fill ``register`` so that every rule finds its evidence; returns the records by name.

    Two stages (one a moment of truth), a risk of each category at each, all rated with
    rationale, cause, event, consequence and a decision; actions done and costed; a
    residual rating lower than the inherent one; customer and staff awareness; two groups
    consulted, with actions agreed; minuted reviews on two days; SWOT and PESTLE items
    linked to risks; each way of identifying a risk used.
    """
    register.organisation = register.organisation or "Riverside Leisure Trust"
    register.save()
    arrive = make_stage(
        register,
        "Arrive",
        is_moment_of_truth=True,
        moment_of_truth_note="A warm welcome or a queue in the rain.",
    )
    pay = make_stage(register, "Pay")
    risks = {}
    ways = iter(Identification.values * 2)
    for stage in (arrive, pay):
        for category in Category.values:
            risks[(stage.name, category)] = make_risk(
                register,
                stage=stage,
                category=category,
                title=f"{category} at {stage.name}",
                cause="Busy times",
                event="Something goes wrong",
                consequence="Customers are let down",
                owner=owner,
                rating=(3, 2, 2, 2),
                decision=Decision.TOLERATE,
                decision_rationale="Low enough with the controls we have.",
                identified_how=next(ways),
            )
    slip = risks[("Arrive", Category.HEALTH_SAFETY)]
    overcharge = risks[("Pay", Category.FINANCIAL)]
    for risk in (slip, overcharge):
        risk.decision = Decision.TREAT
        risk.decision_rationale = "Too likely to leave as it is."
        risk.save()
    slip.references.add(law())
    slip = make_risk_residual(slip, (1, 2, 2, 2))
    mop = make_action(
        register,
        slip,
        status=Action.Status.DONE,
        cost_one_off=Decimal("120"),
        cost_annual=Decimal("40"),
        benefit_annual=Decimal("600"),
    )
    till = make_action(register, overcharge, description="Double-check refunds at the till")
    return {
        "arrive": arrive,
        "pay": pay,
        "risks": risks,
        "slip": slip,
        "overcharge": overcharge,
        "mop": mop,
        "till": till,
        "customers_told": make_awareness(slip),
        "staff_briefed": make_awareness(
            slip, AwarenessRecord.Audience.STAFF, method=AwarenessRecord.Method.BRIEFING
        ),
        "team_talk": make_consultation(register, actions_agreed="Hourly floor checks."),
        "manager_talk": make_consultation(register, Consultation.Group.MANAGERS),
        "review": make_review(register),
        "later_review": make_review(register, date=DAY + dt.timedelta(days=28)),
        "swot": make_swot(register, slip),
        "pestle": make_pestle(register, overcharge),
    }


def make_risk_residual(risk, values):
    from assessments.services import rate_risk

    likelihood, finance, reputation, health_safety = values
    rate_risk(
        risk=risk,
        tier="residual",
        likelihood=likelihood,
        finance=finance,
        reputation=reputation,
        health_safety=health_safety,
        rationale="After the actions",
    )
    risk.refresh_from_db()
    return risk


@pytest.fixture
def complete(register, member):
    return build_complete_register(register, owner=member)
