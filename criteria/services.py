"""Tagging a register's records to the criteria they evidence."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import transaction

from assessments.models import AwarenessRecord
from criteria.models import Criterion, CriterionTag


def _register_id(record):
    if isinstance(record, AwarenessRecord):
        return record.risk.register_id
    return record.register_id


@transaction.atomic
def tag_record(*, register, criterion: Criterion, record, by) -> CriterionTag:
    """Tag ``record`` (one of ``register``'s own records) as evidence of ``criterion``.

    Raises ``ValidationError`` when the record belongs to another register or is already
    tagged to that criterion.
    """
    if _register_id(record) != register.pk:
        raise ValidationError("That record is not part of this register.")
    tag = CriterionTag(register=register, criterion=criterion, target=record, tagged_by=by)
    tag.full_clean()
    tag.save()
    return tag


@transaction.atomic
def remove_tag(*, tag: CriterionTag) -> None:
    """Remove a learner's tag; the record itself stays."""
    tag.delete()
