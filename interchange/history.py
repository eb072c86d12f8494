"""Audit-trail helpers for bulk writes, which django-simple-history's signals do not see."""

from __future__ import annotations

from django.db import models

BATCH = 500


def m2m_history_model(model: type[models.Model], field_name: str) -> type[models.Model]:
    """The historical model recording ``model.<field_name>`` links (e.g. an action's risks)."""
    return getattr(model.history.model, field_name).model


def record_created(objs: list, *, user=None, date=None) -> list:
    """Add a "created" history record for each of ``objs`` (already saved), as they are now.

    One INSERT per batch of 500; returns the historical records.
    """
    if not objs:
        return []
    model = type(objs[0])
    return model.history.bulk_history_create(
        objs, batch_size=BATCH, default_user=user, default_date=date
    )


def record_changed(objs: list, *, user=None) -> list:
    if not objs:
        return []
    model = type(objs[0])
    return model.history.bulk_history_create(objs, batch_size=BATCH, update=True, default_user=user)


def record_links(history_rows: list, field_name: str, links: dict[int, list[int]]) -> None:
    """Record the m2m links ``links`` (object pk -> linked pks) beside its history rows."""
    if not history_rows:
        return
    model = history_rows[0].instance_type
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
    through_ids = {
        (getattr(row, f"{own}_id"), getattr(row, f"{other}_id")): row.pk
        for row in through.objects.filter(**{f"{own}_id__in": list(links)})
    }
    history_model = m2m_history_model(model, field_name)
    history_model.objects.bulk_create(
        [
            history_model(
                history_id=record.pk,
                id=through_ids.get((record.id, linked)),
                **{f"{own}_id": record.id, f"{other}_id": linked},
            )
            for record in history_rows
            for linked in links.get(record.id, [])
        ],
        batch_size=BATCH,
    )


def link(model: type[models.Model], field_name: str, links: dict[int, list[int]]) -> None:
    """Create the m2m rows ``links`` (object pk -> linked pks) in batches."""
    field = model._meta.get_field(field_name)
    through = field.remote_field.through
    own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
    through.objects.bulk_create(
        [
            through(**{f"{own}_id": pk, f"{other}_id": linked})
            for pk, linked_pks in links.items()
            for linked in linked_pks
        ],
        batch_size=BATCH,
    )
