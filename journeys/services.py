"""Workflows on the customer journey."""

from __future__ import annotations

from django.db import transaction

from journeys.models import Stage


@transaction.atomic
def move_stage(*, stage: Stage, offset: int) -> int | None:
    """Move ``stage`` by ``offset`` places and renumber the journey 1..n.

    Returns the new position, or None when it cannot move that way. Locks the register's
    stages; saves only the stages whose order changed, one by one, so each has a history row.
    """
    stages = list(
        Stage.objects.select_for_update()
        .filter(register_id=stage.register_id)
        .order_by("order", "pk")
    )
    index = next(i for i, each in enumerate(stages) if each.pk == stage.pk)
    target = index + offset
    if not 0 <= target < len(stages):
        return None
    stages[index], stages[target] = stages[target], stages[index]
    for position, each in enumerate(stages, start=1):
        if each.order != position:
            each.order = position
            each.save(update_fields=["order"])
    return target + 1
