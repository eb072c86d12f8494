"""Comparing the security tests' world before and after an attack (the world itself is
built by tests.builders.build_world)."""

from __future__ import annotations

from assessments.models import (
    Action,
    Annotation,
    Assessment,
    AwarenessRecord,
    Consultation,
    Review,
    Risk,
    SwotItem,
)
from criteria.models import CriterionTag
from journeys.models import Stage
from registers.models import Register
from tests.builders import World


def snapshot(world: World) -> dict:
    """Every row of the world and everything in its register, as comparable values."""
    rows = {}
    for obj in world.objects():
        model = type(obj)
        values = model._default_manager.filter(pk=obj.pk).values().first()
        values.pop("last_login", None)  # signing in as the member is no change to the data
        rows[f"{model._meta.label} {obj.pk}"] = values
    for model in (Stage, Risk, Assessment, Action, Consultation, Review, Annotation):
        rows[f"count {model._meta.label}"] = model.objects.filter(
            **({"risk__register": world.register} if model is Assessment else {})
            | ({} if model is Assessment else {"register": world.register})
        ).count()
    rows["count awareness"] = AwarenessRecord.objects.filter(risk__register=world.register).count()
    rows["count swot"] = SwotItem.objects.filter(register=world.register).count()
    rows["count tags"] = CriterionTag.objects.filter(register=world.register).count()
    rows["risk links"] = sorted(world.action.risks.values_list("pk", flat=True))
    rows["review links"] = sorted(world.review.risks.values_list("pk", flat=True))
    rows["registers of the team"] = sorted(
        str(pk) for pk in Register.objects.filter(team=world.team).values_list("pk", flat=True)
    )
    return rows
