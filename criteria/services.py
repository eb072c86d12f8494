"""Tagging a register's records to the criteria they evidence."""

from __future__ import annotations

from django.db import transaction

from criteria.models import Criterion, CriterionTag


@transaction.atomic
def tag_record(*, register, criterion: Criterion, record, by) -> CriterionTag:
    """Tag ``record`` (one of ``register``'s own records) as evidence of ``criterion``.

    Raises ``ValidationError`` when the record belongs to another register or is already
    tagged to that criterion (``CriterionTag`` checks both).
    """
    tag = CriterionTag(register=register, criterion=criterion, target=record, tagged_by=by)
    tag.full_clean()
    tag.save()
    return tag


@transaction.atomic
def remove_tag(*, tag: CriterionTag) -> None:
    """Remove a learner's tag; the record itself stays."""
    tag.delete()
