"""Readable history: who changed what, when, from which value to which.

django-simple-history records a row per save (with the user, from its middleware).
``history_entries`` turns the rows of one model into ``RecordChange`` objects: one per
created, changed or deleted record, each field change shown as before -> after with
labels, choice names and related objects' names instead of raw ids, in a fixed number of
queries (the rows, one per many-to-many field, one per related model named).

The one history engine: the admin's history pages and the risk page's "Changes" use it.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.db import models
from django.utils import formats, timezone
from django.utils.text import capfirst

from riskportal.people import display_name

EMPTY = "—"

#: Bookkeeping fields that change on every save and say nothing to a reader.
NOISE_FIELDS = frozenset({"id", "version", "created_at", "updated_at"})

KIND_LABELS = {"+": "Created", "~": "Changed", "-": "Deleted"}

#: The change reason of every history row a backup restore writes (``interchange.backup``),
#: followed by the reason the file gives: restored history is never shown as recorded here.
RESTORED_REASON = "Restored from a backup"
REASON_LENGTH = 100  # django-simple-history's history_change_reason column


def restored_reason(reason: str | None) -> str:
    """The reason to store for a history row restored from a file that gives ``reason``."""
    if is_restored(reason):
        return reason[:REASON_LENGTH]
    return f"{RESTORED_REASON}: {reason}"[:REASON_LENGTH] if reason else RESTORED_REASON


def is_restored(reason: str | None) -> bool:
    """True for a history row a backup restore wrote."""
    return bool(reason) and reason.startswith(RESTORED_REASON)


@dataclass(frozen=True)
class FieldChange:
    field: str
    before: str
    after: str


@dataclass(frozen=True)
class RecordChange:
    """One recorded save or delete of one record."""

    when: dt.datetime
    user: object | None
    kind: str  # "+", "~" or "-" as django-simple-history records it
    subject: str
    changes: tuple[FieldChange, ...] = field(default_factory=tuple)
    reason: str = ""
    history_id: int | None = None

    @property
    def kind_label(self) -> str:
        return KIND_LABELS.get(self.kind, self.kind)

    @property
    def restored(self) -> bool:
        return is_restored(self.reason)

    @property
    def who(self) -> str:
        """The person who made the change; "the system" for a change without a user."""
        return display_name(self.user, "the system")


# --- showing values -----------------------------------------------------------------------


def _display_object(obj: models.Model) -> str:
    if isinstance(obj, get_user_model()):
        return display_name(obj)
    return str(obj)


def _display_scalar(model_field: models.Field, value) -> str:
    if value is None or value == "" or value == []:
        return EMPTY
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(value, bool):
        return "Yes" if value else "No"
    if isinstance(value, dt.datetime):
        return formats.localize(timezone.localtime(value) if timezone.is_aware(value) else value)
    if isinstance(value, dt.date):
        return formats.localize(value)
    if isinstance(value, list):
        return ", ".join(str(item) for item in value) or EMPTY
    return str(value)


class _RelatedNames:
    """Names of related objects, fetched in one query per related model on first use."""

    def __init__(self) -> None:
        self.wanted: dict[type[models.Model], set] = defaultdict(set)
        self.loaded: dict[type[models.Model], dict] = {}

    def want(self, model: type[models.Model], pks: Iterable) -> None:
        self.wanted[model].update(pk for pk in pks if pk is not None)

    def name(self, model: type[models.Model], pk) -> str:
        if pk is None:
            return EMPTY
        if model not in self.loaded:
            # Following the required relations lets str() name e.g. a rating by its risk
            # without a query per object.
            rows = model._default_manager.select_related()
            self.loaded[model] = rows.in_bulk(sorted(self.wanted[model]))
        obj = self.loaded[model].get(pk)
        return _display_object(obj) if obj is not None else f"#{pk} (deleted)"


# --- diffing one model's history ----------------------------------------------------------


@dataclass
class _Step:
    record: models.Model
    previous: models.Model | None
    m2m_old: dict[str, set]
    m2m_new: dict[str, set]


def _m2m_sets(
    history_model, excluded: frozenset[str], only: Iterable[str] | None, records: list
) -> dict[str, dict[int, set]]:
    """For each tracked many-to-many field shown: history_id -> set of related pks (1 query
    each)."""
    result = {}
    ids = [record.history_id for record in records]
    for m2m_field in getattr(history_model, "_history_m2m_fields", []):
        if m2m_field.name in excluded or (only is not None and m2m_field.name not in only):
            continue
        through = getattr(records[0], m2m_field.name).model  # the m2m history rows
        target = m2m_field.m2m_reverse_field_name()
        sets: dict[int, set] = defaultdict(set)
        for history_id, pk in through.objects.filter(history_id__in=ids).values_list(
            "history_id", f"{target}_id"
        ):
            sets[history_id].add(pk)
        result[m2m_field.name] = sets
    return result


def _tracked_fields(
    history_model, exclude: frozenset[str], only: Iterable[str] | None
) -> list[models.Field]:
    fields = [f for f in history_model.tracked_fields if f.editable and f.name not in exclude]
    if only is None:
        return fields
    by_name = {f.name: f for f in fields}
    return [by_name[name] for name in only if name in by_name]


def history_entries(
    records: Iterable,
    *,
    subject: Callable[[models.Model], str],
    exclude: Iterable[str] = (),
    describe_creation: Callable[[models.Model], tuple[FieldChange, ...]] | None = None,
    labels: dict[str, str] | None = None,
    present: Callable[[str, object], str | None] | None = None,
) -> list[RecordChange]:
    """Entries for the historical ``records`` of one model (any number of objects), oldest
    first.

    ``records`` should have ``history_user`` selected. ``subject(record)`` names the
    record for a reader; ``exclude`` drops fields from the diffs; ``describe_creation``
    replaces the list of initial values on a "Created" entry. ``labels`` (field name ->
    label) keeps only those fields, in that order, under those labels. ``present(name,
    value)`` may show a value its own way (e.g. from names already in hand, so no query);
    it returns None to leave the value to the engine.
    """
    records = sorted(records, key=lambda r: (r.history_date, r.history_id))
    if not records:
        return []
    history_model = type(records[0])
    excluded = NOISE_FIELDS | frozenset(exclude)
    fields = _tracked_fields(history_model, excluded, labels)
    m2m = _m2m_sets(history_model, excluded, labels, records)
    names = _RelatedNames()
    steps: list[_Step] = []
    previous_by_object: dict = {}
    for record in records:
        key = record.instance_type._meta.pk.value_from_object(record)
        previous = previous_by_object.get(key)
        steps.append(
            _Step(
                record=record,
                previous=previous,
                m2m_old={
                    n: (s.get(previous.history_id, set()) if previous else set())
                    for n, s in m2m.items()
                },
                m2m_new={n: s.get(record.history_id, set()) for n, s in m2m.items()},
            )
        )
        previous_by_object[key] = record
        for model_field in fields:
            if model_field.is_relation:
                names.want(model_field.related_model, [getattr(record, model_field.attname)])
    m2m_models = {
        f.name: f.related_model
        for f in getattr(history_model, "_history_m2m_fields", [])
        if f.name in m2m
    }
    for step in steps:
        for name, related in m2m_models.items():
            names.want(related, step.m2m_old[name] | step.m2m_new[name])

    def show(model_field: models.Field, record) -> str:
        value = getattr(record, model_field.attname)
        if present is not None and value not in (None, "", []):
            shown = present(model_field.name, value)
            if shown is not None:
                return shown
        if model_field.is_relation:
            return names.name(model_field.related_model, value)
        return _display_scalar(model_field, value)

    def label(name: str) -> str:
        if labels is not None:
            return labels[name]
        return capfirst(history_model.instance_type._meta.get_field(name).verbose_name)

    entries = []
    for step in steps:
        record, previous = step.record, step.previous
        changes: list[FieldChange] = []
        if record.history_type == "+" and previous is None:
            if describe_creation is not None:
                changes = list(describe_creation(record))
            else:
                for model_field in fields:
                    value = getattr(record, model_field.attname)
                    if value == model_field.get_default():
                        continue  # say what was filled in, not every default
                    shown = show(model_field, record)
                    if shown != EMPTY:
                        changes.append(FieldChange(label(model_field.name), EMPTY, shown))
        elif record.history_type != "-" and previous is not None:
            for model_field in fields:
                old, new = show(model_field, previous), show(model_field, record)
                if old != new:
                    changes.append(FieldChange(label(model_field.name), old, new))
        for name, related in m2m_models.items():
            old_set, new_set = step.m2m_old[name], step.m2m_new[name]
            if old_set != new_set:
                changes.append(
                    FieldChange(
                        label(name),
                        ", ".join(sorted(names.name(related, pk) for pk in old_set)) or EMPTY,
                        ", ".join(sorted(names.name(related, pk) for pk in new_set)) or EMPTY,
                    )
                )
        if record.history_type == "~" and not changes:
            continue  # a save that changed only bookkeeping fields
        entries.append(
            RecordChange(
                when=record.history_date,
                user=record.history_user,
                kind=record.history_type,
                subject=subject(record),
                changes=tuple(changes),
                reason=record.history_change_reason or "",
                history_id=record.history_id,
            )
        )
    return entries
