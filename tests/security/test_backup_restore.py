"""Backup and restore as docs/backup.md describes: the demo register exported as JSON with
``manage.py export_register``, the database emptied, the file loaded with
``manage.py import_register``, and every record found again."""

from __future__ import annotations

import json

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.management import call_command

from assessments.models import (
    Action,
    Annotation,
    Assessment,
    AwarenessRecord,
    Consultation,
    PestleItem,
    Reference,
    Review,
    Risk,
    SwotItem,
)
from assessments.reviews import verify
from criteria.models import Criterion, CriterionTag
from demo.loader import seed_demo
from interchange import backup
from journeys.models import Stage
from registers.models import Register, Team
from tests.builders import comparable

pytestmark = pytest.mark.django_db


def census(register: Register) -> dict:
    """How many of each record the register holds, history rows included."""
    by_register = (Stage, Risk, Action, Consultation, Review, Annotation, SwotItem, PestleItem)
    counts = {
        model.__name__: model.objects.filter(register=register).count() for model in by_register
    }
    for model in (Assessment, AwarenessRecord):
        counts[model.__name__] = model.objects.filter(risk__register=register).count()
    counts["criterion tags"] = sorted(
        (tag.criterion.code, tag.content_type.model, str(tag.target))
        for tag in CriterionTag.objects.filter(register=register)
    )
    counts["risk history"] = Risk.history.filter(register_id=register.pk).count()
    counts["review links"] = Review.risks.through.objects.filter(review__register=register).count()
    counts["action links"] = Action.risks.through.objects.filter(action__register=register).count()
    counts["signed-off reviews that verify"] = sum(
        verify(review) for review in Review.objects.filter(register=register, state="signed_off")
    )
    return counts


def tag_evidence(register: Register) -> None:
    """Tag a risk and a note as evidence, as a learner does on the coverage page."""
    learner = register.team.memberships.first().user
    for record in (register.risks.order_by("number").first(), register.annotations.first()):
        CriterionTag.objects.create(
            register=register,
            criterion=Criterion.objects.order_by("position").first(),
            content_type=ContentType.objects.get_for_model(record),
            object_id=record.pk,
            tagged_by=learner,
        )


def empty_the_database() -> None:
    """Leave what a freshly migrated database holds (the matrices, the criteria and the
    shared law library of the migrations) and nothing of any team or person."""
    for record in [*Risk.objects.all(), *Register.objects.all()]:
        record.delete()  # and, by cascade, every record in it (risks first: stages protect)
    for model in apps.get_models():
        if model.__name__.startswith("Historical"):
            model.objects.all().delete()  # the audit trail of what was just deleted
    Reference.objects.filter(team__isnull=False).delete()
    Team.objects.all().delete()
    get_user_model().objects.all().delete()


def test_it_restores_the_demo_register_into_an_empty_database(tmp_path):
    seed_demo()
    original = Register.objects.select_related("team").order_by("created_at", "pk").first()
    team = original.team
    tag_evidence(original)
    before = census(original)
    assert len(before["criterion tags"]) == 2
    assert before["Risk"] >= 10 and before["Review"] and before["Annotation"]
    assert before["signed-off reviews that verify"] >= 1
    path = tmp_path / "backup.json"
    call_command("export_register", str(original.pk), "--format", "json", "-o", str(path))
    exported = json.loads(path.read_text(encoding="utf-8"))

    empty_the_database()
    assert not Register.objects.exists() and not get_user_model().objects.exists()
    assert not Risk.history.exists() and not Reference.objects.filter(team__isnull=False)

    Team.objects.create(name=team.name, slug=team.slug, organisation=team.organisation)
    call_command("import_register", str(path), "--team", team.slug, "--users", "create")

    restored = Register.objects.get()
    assert restored.title == original.title
    assert census(restored) == before
    assert comparable(backup.dump_register(restored)) == comparable(exported)
    usernames = {person["username"] for person in exported["users"]}
    assert set(get_user_model().objects.values_list("username", flat=True)) == usernames


def test_it_refuses_a_tag_of_a_criterion_this_installation_does_not_know(register, team):
    from tests.builders import make_risk

    make_risk(register, rating=(2, 2, 1, 1))
    tag_evidence_on_risk = register.risks.get()
    CriterionTag.objects.create(
        register=register,
        criterion=Criterion.objects.order_by("position").first(),
        content_type=ContentType.objects.get_for_model(tag_evidence_on_risk),
        object_id=tag_evidence_on_risk.pk,
    )
    data = backup.dump_register(register)
    assert data["criterion_tags"][0]["record"] == ["risks", 1]
    data["criterion_tags"][0]["criterion"] = "NOS PC99"
    with pytest.raises(backup.BackupError, match="NOS PC99"):
        backup.load_register(data, team=team, title="Copy")
    assert not Register.objects.filter(title="Copy").exists()
