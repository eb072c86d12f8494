"""The one-register rule on the models: whatever writes them (a form, an import, a script),
a record and the records it links to belong to one register, and a saved record stays in
its register. References are shared or of the register's team."""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.models import (
    Action,
    Annotation,
    AwarenessRecord,
    Consultation,
    PestleItem,
    Reference,
    Review,
    Risk,
    SwotItem,
)
from journeys.models import Stage
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def second_register(team, member):
    """Another register of the same team: same people, other records."""
    return builders.make_register(team, title="Phone bookings", owner=member)


@pytest.fixture
def risk(register, stage):
    return builders.make_risk(register, stage=stage, title="Wet floor", rating=(3, 3, 3, 3))


@pytest.fixture
def foreign_risk(second_register):
    stage = builders.make_stage(second_register, "Call answered")
    return builders.make_risk(second_register, stage=stage, title="Line drops", rating=(2, 2, 2, 2))


# --- a saved record stays where it is ------------------------------------------------------


def test_a_stage_cannot_move_to_another_register(stage, risk, second_register):
    stage = Stage.objects.get(pk=stage.pk)
    stage.register = second_register
    with pytest.raises(ValidationError, match="register of a saved stage cannot change"):
        stage.full_clean()
    with pytest.raises(ValidationError, match="stays where it is"):
        stage.save()
    assert Stage.objects.get(pk=stage.pk).register_id == risk.register_id


def test_a_stage_built_by_hand_with_a_saved_id_is_checked_against_the_database(
    stage, second_register
):
    """An instance that was never loaded (so save() knows no stored value) is still
    refused by full_clean(), which asks the database."""
    by_hand = Stage(pk=stage.pk, register=second_register, name=stage.name, order=stage.order)
    by_hand._state.adding = False
    with pytest.raises(ValidationError, match="cannot change"):
        by_hand.full_clean(validate_unique=False, validate_constraints=False)


def test_a_stage_keeps_saving_in_its_own_register(stage):
    stage = Stage.objects.get(pk=stage.pk)
    stage.name = "Booking online"
    stage.full_clean()
    stage.save()
    stage.description = "Saved twice"
    stage.save()  # what was saved is what is remembered
    assert Stage.objects.get(pk=stage.pk).description == "Saved twice"


def test_a_risk_an_awareness_record_and_a_note_stay_with_their_parent(
    register, risk, foreign_risk, second_register, member
):
    moved = Risk.objects.get(pk=risk.pk)
    moved.register = second_register
    with pytest.raises(ValidationError, match="stays where it is"):
        moved.save()
    record = AwarenessRecord.objects.create(risk=risk, audience="staff", method="briefing")
    record = AwarenessRecord.objects.get(pk=record.pk)
    record.risk = foreign_risk
    with pytest.raises(ValidationError, match="stays where it is"):
        record.save()
    note = Annotation.objects.create(register=register, risk=risk, text="Why", author=member)
    note = Annotation.objects.get(pk=note.pk)
    note.risk = builders.make_risk(register, title="Another risk of the register")
    with pytest.raises(ValidationError, match="stays where it is"):
        note.save()
    assert Risk.objects.get(pk=risk.pk).register == register
    assert AwarenessRecord.objects.get(pk=record.pk).risk == risk
    assert Annotation.objects.get(pk=note.pk).risk == risk


# --- links within one register -------------------------------------------------------------


def test_a_risk_cannot_sit_at_a_stage_of_another_register(risk, foreign_risk):
    risk.stage = foreign_risk.stage
    with pytest.raises(ValidationError, match="belongs to another register"):
        risk.full_clean()
    risk.stage = builders.make_stage(risk.register, "Changing rooms")
    risk.full_clean()  # a stage of its own register is fine


def test_a_risks_rating_is_of_its_own_register(risk, foreign_risk):
    risk.residual_rating = foreign_risk.inherent_rating
    with pytest.raises(ValidationError, match="belongs to another register"):
        risk.full_clean()


def test_a_consultation_and_a_note_link_only_within_their_register(risk, foreign_risk, member):
    consultation = Consultation(
        register=risk.register, risk=foreign_risk, group="team", people="Desk", summary="Talk"
    )
    with pytest.raises(ValidationError, match="belongs to another register"):
        consultation.full_clean()
    consultation.risk = risk
    consultation.full_clean()
    for target in (foreign_risk, foreign_risk.inherent_rating, foreign_risk.stage):
        kind = type(target)._meta.model_name
        note = Annotation(register=risk.register, text="Why", author=member, **{kind: target})
        with pytest.raises(ValidationError, match="belongs to another register"):
            note.full_clean()


def test_a_new_risk_through_the_service_refuses_another_registers_stage(register, foreign_risk):
    with pytest.raises(ValidationError, match="belongs to another register"):
        builders.make_risk(register, stage=foreign_risk.stage, title="Crossed")
    assert not Risk.objects.filter(title="Crossed").exists()


# --- many-to-many links: either side, add() and set() --------------------------------------


@contextmanager
def refused(scope: str):
    """The link is refused; a savepoint keeps the test's transaction usable, as a request's
    own transaction is rolled back when the refusal reaches it."""
    with pytest.raises(ValidationError, match=f"belongs to another {scope}"), transaction.atomic():
        yield


OWNERS = {
    "action": lambda register: Action.objects.create(register=register, description="Mats"),
    "review": lambda register: Review.objects.create(register=register),
    "swot": lambda register: SwotItem.objects.create(
        register=register, quadrant="threat", text="Rain"
    ),
    "pestle": lambda register: PestleItem.objects.create(
        register=register, factor="social", text="Crowds"
    ),
}


@pytest.mark.parametrize("kind", sorted(OWNERS))
def test_risks_of_another_register_cannot_be_linked(kind, risk, foreign_risk):
    owner = OWNERS[kind](risk.register)
    owner.risks.add(risk)
    with refused("register"):
        owner.risks.add(foreign_risk)
    with refused("register"):
        owner.risks.set([risk, foreign_risk])
    reverse = getattr(foreign_risk, owner._meta.get_field("risks").remote_field.related_name)
    with refused("register"):
        reverse.add(owner)
    assert list(owner.risks.all()) == [risk]


def test_references_are_shared_or_of_the_registers_team(risk, other_team, team):
    theirs = Reference.objects.create(team=other_team, title="Call centre script")
    ours = Reference.objects.create(team=team, title="Front desk policy")
    shared = Reference.objects.get(title="Equality Act 2010")
    risk.references.add(ours, shared)
    with refused("team"):
        risk.references.add(theirs)
    with refused("team"):
        theirs.risks.add(risk)
    action = Action.objects.create(register=risk.register, description="Mats")
    with refused("team"):
        action.references.add(theirs)
    shared.actions.add(action)
    assert set(risk.references.all()) == {ours, shared}
    assert list(action.references.all()) == [shared]


# --- the learner's tags and explanations ---------------------------------------------------


def test_an_explanation_cannot_use_records_of_another_register(register, risk, foreign_risk):
    from criteria.models import Criterion, Explanation

    explanation = Explanation.objects.create(
        register=register, criterion=Criterion.objects.get(code="NOS K7"), text="Mine"
    )
    explanation.risks.add(risk)
    with refused("register"):
        explanation.risks.add(foreign_risk)
    with refused("register"):
        explanation.actions.add(builders.make_action(foreign_risk.register, foreign_risk))
    assert list(explanation.risks.all()) == [risk] and not explanation.actions.exists()


def test_a_tag_cannot_point_at_a_record_of_another_register(register, risk, foreign_risk):
    from criteria.models import Criterion, CriterionTag

    criterion = Criterion.objects.get(code="NOS PC1")
    tag = CriterionTag(register=register, criterion=criterion, target=foreign_risk)
    with pytest.raises(ValidationError, match="belongs to another register"):
        tag.full_clean()
    with pytest.raises(ValidationError, match="belongs to another register"):
        tag.save()
    CriterionTag.objects.create(register=register, criterion=criterion, target=risk)
    assert list(CriterionTag.objects.values_list("object_id", flat=True)) == [risk.pk]
