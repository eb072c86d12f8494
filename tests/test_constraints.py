"""Invariants the database itself enforces, whatever code writes the rows."""

from __future__ import annotations

import pytest
from django.db import IntegrityError, transaction

from assessments.models import Action, Annotation
from journeys.models import Stage
from registers.models import Membership
from tests.builders import add_member, make_risk


def _refused(create) -> None:
    with pytest.raises(IntegrityError), transaction.atomic():
        create()


def test_a_moment_of_truth_needs_its_note(register):
    _refused(lambda: Stage.objects.create(register=register, name="Pay", is_moment_of_truth=True))
    Stage.objects.create(
        register=register,
        name="Pay",
        is_moment_of_truth=True,
        moment_of_truth_note="A slow till loses the sale.",
    )


def test_customer_emotion_stays_between_minus_two_and_two(register):
    _refused(lambda: Stage.objects.create(register=register, name="Arrive", emotion=3))


def test_a_decision_needs_its_rationale(register):
    risk = make_risk(register)
    risk.decision = "tolerate"
    _refused(risk.save)


def test_a_done_action_needs_its_completion_date(register):
    _refused(lambda: Action.objects.create(register=register, description="x", status="done"))


def test_money_is_never_negative(register):
    _refused(lambda: Action.objects.create(register=register, description="x", cost_annual=-1))


def test_an_annotation_explains_exactly_one_record(register, stage):
    risk = make_risk(register)
    _refused(lambda: Annotation.objects.create(register=register, text="x"))
    _refused(lambda: Annotation.objects.create(register=register, text="x", risk=risk, stage=stage))
    Annotation.objects.create(register=register, text="why", stage=stage)


def test_a_user_has_one_membership_per_team(team, member):
    _refused(lambda: add_member(team, member, Membership.Role.VIEWER))


def test_risk_references_are_unique_in_a_register(register):
    risk = make_risk(register)
    clash = make_risk(register)
    clash.number = risk.number
    _refused(clash.save)
