"""The JSON backup of a register: every entity and its history, in a versioned format.

``dump_register`` reads a register with a fixed number of queries (one per table, however
many rows) and ``load_register`` writes it back, as a new register of any team, in one
transaction with bulk inserts. The format is documented in ``docs/backup-format.md``; in
short, objects refer to each other by ``key`` (their position in their list, from 1),
never by database id, so a dump of a loaded backup is the backup itself again, except that
its history rows say they were restored.

Nothing in a file is taken on trust: ``backup_checks`` refuses a damaged file before any
write; every rating is rated again by ``registers.rating.rate`` (a stored score or level
that disagrees is refused, the explanation is always recomputed); a sign-off counts as
verified only if the file's seal, made by an instance holding this one's seal key, matches
the review as restored; history rows are marked as restored.
"""

from __future__ import annotations

import copy
import datetime as dt
import functools
import json
from dataclasses import dataclass
from decimal import Decimal

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import DatabaseError, models, transaction
from django.utils import timezone

from assessments import reviews
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
from checks.models import RECORD_KINDS, Dismissal, split_record
from criteria.models import Criterion, CriterionTag, Declaration, Explanation
from interchange import history
from interchange.backup_checks import BackupError, check_depth, check_shape, parse
from journeys.models import Stage
from registers.models import (
    ConsequenceLevel,
    LikelihoodLevel,
    MatrixCell,
    Register,
    RiskLevel,
    RiskMatrix,
    Team,
)
from registers.rating import DIMENSIONS, MatrixSpec, rate
from riskportal.history import restored_reason
from riskportal.scoping import bulk_writes_recorded_by_caller

FORMAT = "riskportal-register"
VERSION = 1
BATCH = history.BATCH
User = get_user_model()


__all__ = ["BackupError", "dump_json", "dump_register", "load_json", "load_register", "parse"]


@dataclass(frozen=True)
class Entity:
    name: str
    model: type[models.Model]
    #: Lookup from the model to its register.
    register_path: str


#: In load order: each entity refers only to those above it, except a risk's latest
#: ratings, which are set once the ratings exist.
ENTITIES = [
    Entity("stages", Stage, "register"),
    Entity("risks", Risk, "register"),
    Entity("assessments", Assessment, "risk__register"),
    Entity("actions", Action, "register"),
    Entity("consultations", Consultation, "register"),
    Entity("awareness", AwarenessRecord, "risk__register"),
    Entity("reviews", Review, "register"),
    Entity("annotations", Annotation, "register"),
    Entity("swot", SwotItem, "register"),
    Entity("pestle", PestleItem, "register"),
    # The learner's own words and the judgements made on the register's findings.
    Entity("explanations", Explanation, "register"),
    Entity("declarations", Declaration, "register"),
    Entity("dismissals", Dismissal, "register"),
]
BY_NAME = {e.name: e for e in ENTITIES}
BY_MODEL = {e.model: e for e in ENTITIES}
DEFERRED = {Risk: ("inherent_rating", "residual_rating", "cleared_rating")}
REGISTER_FIELDS_SKIPPED = {"id", "team"}


def _m2m_fields(model) -> list:
    return list(model._meta.many_to_many)


@functools.cache
def _has_history(model) -> bool:
    """Whether the model keeps an audit trail (a declaration is never edited: it has none)."""
    return hasattr(model, "history")


def _history_m2m(model) -> tuple[str, ...]:
    # ``model.history`` builds a manager class on each access: look it up once per model.
    if not _has_history(model):
        return ()
    return tuple(f.name for f in getattr(model.history.model, "_history_m2m_fields", []))


def _fields(model) -> list:
    return [
        f
        for f in model._meta.concrete_fields
        if not f.primary_key and not (f.is_relation and f.related_model is Register)
    ]


def _iso(value) -> str:
    if timezone.is_aware(value):
        value = value.astimezone(dt.UTC)
    return value.isoformat()


class _Writer:
    """Turns rows into plain data: keys for related objects, usernames for people."""

    def __init__(self):
        self.keys: dict[type, dict[int, int]] = {}
        self.users: dict[int, str] = {}
        self.matrices: dict[int, dict] = {}
        self.references: dict[int, int] = {}
        self.criteria = dict(Criterion.objects.values_list("pk", "code"))

    def value(self, field, raw):
        if raw is None:
            return None
        if field.is_relation:
            target = field.related_model
            if target is User:
                return self.users.get(raw)
            if target is RiskMatrix:
                return self.matrices.get(raw)
            if target is Criterion:
                return self.criteria.get(raw)
            if target is Team:
                return None
            return self.keys.get(target, {}).get(raw)
        if isinstance(field, models.DateTimeField):
            return _iso(raw)
        if isinstance(field, models.DateField):
            return raw.isoformat()
        if isinstance(field, models.DecimalField | models.UUIDField):
            return str(raw)
        return raw

    def row(self, model, obj) -> dict:
        data = {f.name: self.value(f, getattr(obj, f.attname)) for f in _fields(model)}
        if model is Review:
            data["snapshot"] = self.snapshot(data["snapshot"])
        if model is Dismissal:
            data["record"] = self.record(data["record"])
        return data

    def record(self, record: str) -> str | None:
        """A finding's record key with the record's backup key for its database id."""
        return _remap_record(
            record, lambda name, number: self.keys[BY_NAME[name].model].get(number)
        )

    def snapshot(self, entries):
        """A review snapshot names risks and ratings by id: write their keys instead."""
        return _remap_snapshot(entries, self.keys.get(Risk, {}), self.keys.get(Assessment, {}))


def _matrix(matrix: RiskMatrix) -> dict:
    return {
        "slug": matrix.slug,
        "version": matrix.version,
        "name": matrix.name,
        "description": matrix.description,
        "escalate_top_consequence": matrix.escalate_top_consequence,
        "likelihoods": [
            {"value": r.value, "label": r.label, "descriptor": r.descriptor}
            for r in matrix.likelihoods.order_by("value")
        ],
        "consequences": [
            {
                "value": r.value,
                "label": r.label,
                "finance": r.finance,
                "reputation": r.reputation,
                "health_safety": r.health_safety,
            }
            for r in matrix.consequences.order_by("value")
        ],
        "levels": [
            {
                "code": r.code,
                "label": r.label,
                "rank": r.rank,
                "colour": r.colour,
                "text_colour": r.text_colour,
                "requirement": r.requirement,
                "needs_supervisor": r.needs_supervisor,
            }
            for r in matrix.levels.order_by("rank")
        ],
        "cells": [
            [likelihood, consequence, code]
            for likelihood, consequence, code in matrix.cells.order_by(
                "likelihood", "consequence"
            ).values_list("likelihood", "consequence", "level__code")
        ],
    }


def dump_register(register: Register) -> dict:
    """The register as plain data (see docs/backup-format.md); a fixed number of queries."""
    writer = _Writer()
    matrix = _matrix(register.matrix)
    writer.matrices[register.matrix_id] = {"slug": matrix["slug"], "version": matrix["version"]}
    rows: dict[type, list] = {}
    for entity in ENTITIES:
        qs = entity.model.objects.filter(**{entity.register_path: register}).order_by("pk")
        m2m = [f.name for f in _m2m_fields(entity.model)]
        rows[entity.model] = list(qs.prefetch_related(*m2m))
        if entity.model is Dismissal:  # a dismissal of a record since deleted has no use
            rows[Dismissal] = [d for d in rows[Dismissal] if writer.record(d.record)]
        writer.keys[entity.model] = {
            obj.pk: key for key, obj in enumerate(rows[entity.model], start=1)
        }
    references: dict[int, Reference] = {}
    for model in (Risk, Action):
        for obj in rows[model]:
            references.update({ref.pk: ref for ref in obj.references.all()})
    ordered_refs = [references[pk] for pk in sorted(references)]
    writer.keys[Reference] = {ref.pk: key for key, ref in enumerate(ordered_refs, start=1)}
    histories: dict[type, list] = {}
    links: dict[tuple[type, str], dict[int, list]] = {}
    for model, pks in [(Register, [register.pk])] + [
        (e.model, list(writer.keys[e.model])) for e in ENTITIES if _has_history(e.model)
    ]:
        histories[model] = list(
            model.history.filter(id__in=pks).order_by("history_date", "history_id")
        )
        for name in _history_m2m(model):
            m2m_model = history.m2m_history_model(model, name)
            other = model._meta.get_field(name).m2m_reverse_field_name()
            found: dict[int, list] = {}
            for history_id, linked in m2m_model.objects.filter(
                history__in=[h.history_id for h in histories[model]]
            ).values_list("history_id", f"{other}_id"):
                found.setdefault(history_id, []).append(linked)
            links[(model, name)] = found
    tags = _tags_to_keep(register, writer)
    user_ids = {register.owner_id, *(tag.tagged_by_id for tag, _ in tags)}
    for model, objs in [*rows.items(), *histories.items()]:
        user_fields = [f.attname for f in _fields(model) if f.related_model is User]
        for obj in objs:
            user_ids.update(getattr(obj, attname) for attname in user_fields)
            user_ids.add(getattr(obj, "history_user_id", None))
    people = User.objects.filter(pk__in=[pk for pk in user_ids if pk]).order_by("username")
    writer.users = {u.pk: u.get_username() for u in people}

    def history_of(model, obj_pk: int) -> list[dict]:
        records = []
        for h in grouped.get(model, {}).get(obj_pk, []):
            record = {
                "type": h.history_type,
                "date": _iso(h.history_date),
                "user": writer.users.get(h.history_user_id),
                "reason": h.history_change_reason,
                "values": _register_values(writer, h)
                if model is Register
                else writer.row(model, h),
            }
            if _history_m2m(model):
                record["links"] = {}
                for name in _history_m2m(model):
                    keys = writer.keys[_link_target(model, name)]
                    linked = links[(model, name)].get(h.history_id, [])
                    record["links"][name] = sorted(keys[pk] for pk in linked if pk in keys)
            records.append(record)
        return records

    grouped: dict[type, dict[int, list]] = {}
    for model, records in histories.items():
        for record in records:
            grouped.setdefault(model, {}).setdefault(record.id, []).append(record)

    data = {
        "format": FORMAT,
        "version": VERSION,
        "exported_at": _iso(timezone.now()),
        "team": {"name": register.team.name, "slug": register.team.slug},
        "users": [
            {"username": u.get_username(), "first_name": u.first_name, "last_name": u.last_name}
            for u in people
        ],
        "matrix": matrix,
        "references": [
            {
                "key": key,
                "kind": ref.kind,
                "title": ref.title,
                "citation": ref.citation,
                "url": ref.url,
                "shared": ref.team_id is None,
            }
            for key, ref in enumerate(ordered_refs, start=1)
        ],
        "register": {
            **_register_values(writer, register),
            "history": history_of(Register, register.pk),
        },
    }
    for entity in ENTITIES:
        data[entity.name] = []
        for key, obj in enumerate(rows[entity.model], start=1):
            item = {"key": key, **writer.row(entity.model, obj)}
            for field in _m2m_fields(entity.model):
                target = writer.keys[field.related_model]
                item[field.name] = sorted(target[o.pk] for o in getattr(obj, field.name).all())
            if entity.model is Review:
                item["seal"] = (
                    reviews.sign(_sealed_part(item, register.title), reviews.BACKUP)
                    if reviews.verify(obj)
                    else ""
                )
            if _has_history(entity.model):
                item["history"] = history_of(entity.model, obj.pk)
            data[entity.name].append(item)
    data["criterion_tags"] = [
        {
            "criterion": tag.criterion.code,
            "record": [entity.name, key],
            "tagged_by": writer.users.get(tag.tagged_by_id),
            "tagged_at": _iso(tag.tagged_at),
        }
        for tag, (entity, key) in tags
    ]
    return data


def _tags_to_keep(register: Register, writer: _Writer) -> list[tuple[CriterionTag, tuple]]:
    """The register's criterion tags with the entity and key of the record each names;
    a tag whose record is gone (the coverage rules ignore those) is left out."""
    kept = []
    found = CriterionTag.objects.filter(register=register).select_related("criterion")
    for tag in found.order_by("tagged_at", "pk"):
        entity = BY_MODEL.get(ContentType.objects.get_for_id(tag.content_type_id).model_class())
        key = writer.keys[entity.model].get(tag.object_id) if entity else None
        if key is not None:
            kept.append((tag, (entity, key)))
    return kept


def _tagged_at(raw, number: int) -> dt.datetime:
    try:
        return dt.datetime.fromisoformat(raw) if raw else timezone.now()
    except (TypeError, ValueError) as error:
        raise BackupError(
            f"Criterion tag {number} has a tagged_at that is not a date and time."
        ) from error


def _load_tags(reader: _Reader, register: Register, items: list[dict]) -> None:
    """The criterion tags of the file, on the records just created."""
    by_name = BY_NAME
    codes = {item.get("criterion") for item in items}
    criteria = {c.code: c for c in Criterion.objects.filter(code__in=codes)}
    tags = []
    for number, item in enumerate(items, start=1):
        name, key = (item.get("record") or [None, None])[:2]
        if item.get("criterion") not in criteria:
            raise BackupError(
                f"Criterion tag {number} names criterion {item.get('criterion')!r}, which "
                "this installation does not know."
            )
        if key not in reader.ids.get(getattr(by_name.get(name), "model", None), {}):
            raise BackupError(f"Criterion tag {number} names no record of the file: {name} {key}.")
        entity = by_name[name]
        tags.append(
            CriterionTag(
                register=register,
                criterion=criteria[item["criterion"]],
                content_type=ContentType.objects.get_for_model(entity.model),
                object_id=reader.ids[entity.model][key],
                tagged_by_id=reader.users.get(item.get("tagged_by")),
                tagged_at=_tagged_at(item.get("tagged_at"), number),
            )
        )
    CriterionTag.objects.bulk_create(tags, batch_size=BATCH)


def _link_target(model, name: str):
    return model._meta.get_field(name).related_model


def _register_values(writer: _Writer, obj) -> dict:
    return {
        f.name: writer.value(f, getattr(obj, f.attname))
        for f in Register._meta.concrete_fields
        if f.name not in REGISTER_FIELDS_SKIPPED
    }


def dump_json(register: Register) -> bytes:
    return json.dumps(dump_register(register), indent=2, ensure_ascii=False).encode("utf-8")


# --- Loading -------------------------------------------------------------------------------


class _Reader:
    """Turns plain data back into field values: keys to new ids, usernames to users."""

    def __init__(self, users: dict[str, int], matrix: RiskMatrix):
        self.users = users
        self.matrix = matrix
        self.ids: dict[type, dict[int, int]] = {}
        self.criteria = {code: pk for pk, code in Criterion.objects.values_list("pk", "code")}

    def value(self, field, raw):
        if raw is None:
            return None
        if field.is_relation:
            target = field.related_model
            if target is User:
                return self.users.get(raw)
            if target is RiskMatrix:
                return self.matrix.pk
            if target is Criterion:
                return self.criteria[raw]
            return self.ids.get(target, {}).get(raw)
        if isinstance(field, models.DateTimeField):
            return dt.datetime.fromisoformat(raw)
        if isinstance(field, models.DateField):
            return dt.date.fromisoformat(raw)
        if isinstance(field, models.DecimalField):
            return Decimal(raw)
        return raw

    def fields(self, model, values: dict, *, skip=()) -> dict:
        result = {
            f.attname: self.value(f, values.get(f.name))
            for f in _fields(model)
            if f.name in values and f.name not in skip
        }
        if model is Review and "snapshot" in values:
            result["snapshot"] = self.snapshot(values["snapshot"])
        if model is Dismissal and "record" in values:
            # check_shape made sure the record is one of the file's (in history it may be gone)
            result["record"] = (
                _remap_record(
                    values["record"], lambda name, key: self.ids[BY_NAME[name].model].get(key)
                )
                or "gone:0"
            )
        return result

    def snapshot(self, entries):
        """The snapshot's keys back to the ids of the objects just created."""
        return _remap_snapshot(entries, self.ids.get(Risk, {}), self.ids.get(Assessment, {}))


def _check_format(data) -> None:
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        raise BackupError("This is not a riskportal register backup (no 'format' marker).")
    if data.get("version") != VERSION:
        raise BackupError(
            f"This backup is format version {data.get('version')}; this riskportal reads "
            f"version {VERSION}."
        )


def _find_matrix(spec: dict) -> RiskMatrix:
    """The matrix the backup was rated on: the same one here, or created from the file."""
    matrix = RiskMatrix.objects.filter(slug=spec["slug"], version=spec["version"]).first()
    if matrix is not None:
        if _matrix(matrix) | {"name": spec["name"], "description": spec["description"]} != spec:
            raise BackupError(
                f"The matrix {spec['slug']} v{spec['version']} here differs from the one in "
                "the backup, so its ratings would not mean the same; ask an administrator."
            )
        return matrix
    matrix = RiskMatrix.objects.create(
        slug=spec["slug"],
        version=spec["version"],
        name=spec["name"],
        description=spec["description"],
        escalate_top_consequence=spec["escalate_top_consequence"],
    )
    LikelihoodLevel.objects.bulk_create(
        [LikelihoodLevel(matrix=matrix, **row) for row in spec["likelihoods"]]
    )
    ConsequenceLevel.objects.bulk_create(
        [ConsequenceLevel(matrix=matrix, **row) for row in spec["consequences"]]
    )
    levels = {row["code"]: RiskLevel.objects.create(matrix=matrix, **row) for row in spec["levels"]}
    MatrixCell.objects.bulk_create(
        [
            MatrixCell(matrix=matrix, likelihood=lk, consequence=c, level=levels[code])
            for lk, c, code in spec["cells"]
        ]
    )
    return matrix


def _resolve_users(data: dict, team: Team, mode: str) -> dict[str, int]:
    """Username -> user id. ``members``: only the team's members; ``all``: any user here;
    ``create``: also create the missing ones, inactive and without a password."""
    wanted = {u["username"]: u for u in data.get("users", [])}
    found = User.objects.filter(username__in=list(wanted))
    if mode == "members":
        found = found.filter(memberships__team=team)
    users = {u.get_username(): u.pk for u in found}
    if mode == "create":
        for name, info in wanted.items():
            if name not in users:
                user = User(
                    username=name,
                    first_name=info.get("first_name", ""),
                    last_name=info.get("last_name", ""),
                    is_active=False,
                )
                user.set_unusable_password()
                user.save()
                users[name] = user.pk
    return users


def _references(data: dict, team: Team) -> dict[int, int]:
    ids = {}
    for ref in data.get("references", []):
        fields = {"kind": ref["kind"], "citation": ref["citation"], "url": ref["url"]}
        found = None
        if ref["shared"]:
            found = Reference.objects.filter(team__isnull=True, title=ref["title"]).first()
        if found is None:
            found, _ = Reference.objects.get_or_create(
                team=team, title=ref["title"], defaults=fields
            )
        ids[ref["key"]] = found.pk
    return ids


def load_json(raw: bytes | str, *, team: Team, title: str | None = None, users: str = "members"):
    """Read a backup file's bytes and restore it (see ``load_register``)."""
    return load_register(parse(raw), team=team, title=title, users=users)


def load_register(data: dict, *, team: Team, title: str | None = None, users: str = "members"):
    """Create a register of ``team`` from a backup; everything or nothing is written.

    People are matched by username (see ``_resolve_users`` for ``users``); someone not
    found is left empty. Raises ``BackupError`` with a sentence naming the place for any
    file this version cannot load, and nothing else: whatever slips past the checks and
    fails on the way in (a constraint, a conversion) is reported the same way, with every
    write undone.
    """
    check_depth(data)
    _check_format(data)
    check_shape(data, ENTITIES)
    try:
        return _load_register(copy.deepcopy(data), team=team, title=title, users=users)
    except BackupError:
        raise
    except (
        ValidationError,
        DatabaseError,
        KeyError,
        TypeError,
        ValueError,
        AttributeError,
        OverflowError,
        RecursionError,
    ) as error:
        raise BackupError(
            f"The backup could not be restored, so nothing was written: {_reason(error)}"
        ) from error


def _reason(error: Exception) -> str:
    if isinstance(error, ValidationError):
        return " ".join(error.messages)
    if isinstance(error, KeyError):
        return f"the file has no {error.args[0]!r} where one is needed."
    if isinstance(error, DatabaseError):
        return f"the database refused a record ({str(error).splitlines()[0][:200]})."
    return f"{str(error)[:200] or type(error).__name__}."


@transaction.atomic
def _load_register(data: dict, *, team: Team, title: str | None, users: str):
    matrix = _find_matrix(data["matrix"])
    _rate_again(data, MatrixSpec.from_matrix(matrix))
    reader = _Reader(_resolve_users(data, team, users), matrix)
    for number, review in enumerate(data.get("reviews", []), start=1):
        if review.get("state") != Review.State.SIGNED_OFF:
            continue
        signer = review.get("signed_off_by")
        if signer not in reader.users:
            raise BackupError(
                f"The review of {review.get('date')} was signed off by {signer}, who is not a "
                f"member of {team}: add them to the team first."
            )
        if not review.get("signed_off_at"):
            raise BackupError(
                f"In 'reviews', record {number}: signed off, but with no sign-off date."
            )
    for number, declaration in enumerate(data.get("declarations", []), start=1):
        if declaration.get("signed_by") not in reader.users:
            raise BackupError(
                f"Declaration {number} was signed by {declaration.get('signed_by')}, who is not "
                f"a member of {team}: add them to the team first."
            )
    for number, explanation in enumerate(data.get("explanations", []), start=1):
        if explanation.get("criterion") not in reader.criteria:
            raise BackupError(
                f"Explanation {number} is of criterion {explanation.get('criterion')!r}, which "
                "this installation does not know."
            )
    reader.ids[Reference] = _references(data, team)
    values = dict(data["register"])
    title = title or values["title"]
    if Register.objects.filter(team=team, title=title).exists():
        raise BackupError(f"{team} already has a register called {title!r}.")
    register = Register(
        team=team,
        **reader.fields(Register, {**values, "title": title}, skip=("matrix", "team")),
    )
    register.matrix = matrix
    register.skip_history_when_saving = True
    register.save()
    del register.skip_history_when_saving
    register.created_at, register.updated_at = (
        reader.value(Register._meta.get_field(name), values[name])
        for name in ("created_at", "updated_at")
    )
    with bulk_writes_recorded_by_caller():  # timestamps of the restored register
        Register.objects.filter(pk=register.pk).update(
            created_at=register.created_at, updated_at=register.updated_at
        )
    created: dict[type, list] = {}
    for entity in ENTITIES:
        items = data.get(entity.name, [])
        deferred = DEFERRED.get(entity.model, ())
        objs = []
        for item in items:
            obj = entity.model(**reader.fields(entity.model, item, skip=deferred))
            if _has_register(entity.model):
                obj.register_id = register.pk
            if entity.model is Review:
                # Never the file's: sealed below, once the review has its new id.
                obj.content_hash = UNSEALED if obj.state == Review.State.SIGNED_OFF else ""
            objs.append(obj)
        entity.model.objects.bulk_create(objs, batch_size=BATCH)
        reader.ids[entity.model] = {
            item["key"]: obj.pk for item, obj in zip(items, objs, strict=True)
        }
        created[entity.model] = objs
    # Timestamps set by the database on insert, and the latest ratings, as in the file.
    for entity in ENTITIES:
        model, items, objs = entity.model, data.get(entity.name, []), created[entity.model]
        later = [
            f
            for f in _fields(model)
            if getattr(f, "auto_now", False)
            or getattr(f, "auto_now_add", False)
            or f.name in DEFERRED.get(model, ())
        ]
        if not later or not objs:
            continue
        for item, obj in zip(items, objs, strict=True):
            for f in later:
                setattr(obj, f.attname, reader.value(f, item.get(f.name)))
        with bulk_writes_recorded_by_caller():  # the backup's own history is loaded below
            model.objects.bulk_update(objs, [f.name for f in later], batch_size=BATCH)
    for entity in ENTITIES:
        for field in _m2m_fields(entity.model):
            history.link(
                entity.model,
                field.name,
                {
                    reader.ids[entity.model][item["key"]]: [
                        reader.ids[field.related_model][k] for k in item.get(field.name, [])
                    ]
                    for item in data.get(entity.name, [])
                },
            )
    _seal_sign_offs(reader, created[Review], data.get("reviews", []), values["title"])
    _load_history(reader, register, Register, [(register.pk, data["register"])])
    for entity in ENTITIES:
        _load_history(
            reader,
            register,
            entity.model,
            [(reader.ids[entity.model][item["key"]], item) for item in data.get(entity.name, [])],
        )
    _load_tags(reader, register, data.get("criterion_tags", []))
    return register


#: The seal of a signed-off review between its insert and ``_seal_sign_offs`` (the seal
#: covers the new id): never a valid seal, and never left in place.
UNSEALED = "restoring"


def _sealed_part(item: dict, register_title: str) -> dict:
    """What a backup's seal of a review covers: its sealed fields as the file writes them
    (keys and usernames, not ids) and the title of the register it was exported from."""
    return {
        "register": register_title,
        **{f.name: item.get(f.name) for f in reviews.sealed_fields()},
    }


def _seal_sign_offs(reader: _Reader, restored: list, items: list[dict], title: str) -> None:
    """Seal each restored sign-off: as verified if the file's seal, made with this
    instance's key, matches the review as it was restored (the same people found, the
    same risks and ratings in its snapshot); otherwise as restored and not verified."""
    back = _Writer()  # ids of the new rows back to the file's keys and usernames
    back.keys = {model: {pk: key for key, pk in ids.items()} for model, ids in reader.ids.items()}
    back.users = {pk: name for name, pk in reader.users.items()}
    for review, item in zip(restored, items, strict=True):
        if review.state != Review.State.SIGNED_OFF:
            continue
        as_restored = _sealed_part(back.row(Review, review), title)
        # A file written before a field joined the seal was sealed without it: compare
        # without the fields it lacks and the review has empty (never one with a value).
        older = {k: v for k, v in as_restored.items() if k in item or k == "register" or v}
        seal = item.get("seal")
        if any(reviews.signature_matches(c, reviews.BACKUP, seal) for c in (as_restored, older)):
            review.content_hash = reviews.content_hash(review)
        else:
            review.content_hash = reviews.restored_seal(review)
    with bulk_writes_recorded_by_caller():
        Review.objects.bulk_update(restored, ["content_hash"], batch_size=BATCH)


#: The stored fields of a rating that ``rate`` decides, and how the file names them.
RATED = {
    "consequence": "consequence",
    "score": "score",
    "level_code": "level",
    "escalated": "escalation",
}


def _rate_again(data: dict, spec: MatrixSpec) -> None:
    """Rate every rating of the file again with ``registers.rating.rate``, in place: each
    rating, its history and each review snapshot's ratings. A stored consequence, score,
    level or escalation that disagrees is refused with the rating named; a rating's level
    label, "needs supervisor" and explanation are always the engine's, never the file's. A
    snapshot keeps its explanation text as sealed (the pages word a snapshot from its
    numbers, ``registers.rating.explain_stored``)."""
    risks = {
        item["key"]: f"R-{item['number']:03d}" if isinstance(item.get("number"), int) else "?"
        for item in data.get("risks", [])
    }
    for number, item in enumerate(data.get("assessments", []), start=1):
        where = f"Rating {number} (risk {risks.get(item.get('risk'), '?')}, {item.get('tier')})"
        item.update(_rerated(item, spec, where))
        for record_number, record in enumerate(item.get("history", []), start=1):
            values = record["values"]
            if "likelihood" in values:
                values.update(_rerated(values, spec, f"{where}, history record {record_number}"))
    for number, item in enumerate(data.get("reviews", []), start=1):
        for entry in item.get("snapshot") or []:
            for tier in ("inherent", "residual"):
                rating = entry.get(tier)
                if not rating:
                    continue
                where = (
                    f"Review {number} of {item.get('date')}, snapshot of "
                    f"{entry.get('reference', 'a risk')} ({tier})"
                )
                computed = _rerated(
                    {
                        "likelihood": rating.get("likelihood"),
                        "consequence_finance": rating.get("finance"),
                        "consequence_reputation": rating.get("reputation"),
                        "consequence_health_safety": rating.get("health_safety"),
                        "score": rating.get("score"),
                        "level_code": rating.get("level"),
                        "escalated": rating.get("escalated"),
                    },
                    spec,
                    where,
                )
                # The text stays as sealed: pages word a snapshot from its numbers.
                rating.update(level_label=computed["level_label"])


def _rerated(values: dict, spec: MatrixSpec, where: str) -> dict:
    try:
        rating = rate(
            spec,
            likelihood=values.get("likelihood"),
            **{key: values.get(f"consequence_{key}") for key, _ in DIMENSIONS},
        )
    except ValidationError as error:
        raise BackupError(f"{where}: {' '.join(error.messages)}") from None
    computed = {
        "consequence": rating.consequence,
        "score": rating.score,
        "level_code": rating.level.code,
        "escalated": rating.escalated,
    }
    for name, label in RATED.items():
        if values.get(name) is not None and values[name] != computed[name]:
            raise BackupError(
                f"{where}: the file says {label} {values[name]!r}, but this register's matrix "
                f"rates it {rating.explanation}. A restore never keeps a rating the matrix "
                "does not give; nothing was restored."
            )
    return {
        **computed,
        "level_label": rating.level.label,
        "needs_supervisor": rating.needs_supervisor,
        "explanation": rating.explanation,
    }


def _has_register(model) -> bool:
    return any(f.name == "register" for f in model._meta.concrete_fields)


def _load_history(reader: _Reader, register: Register, model, items: list[tuple[int, dict]]):
    """Recreate the history records of ``items`` ((new pk, item) pairs) as in the file."""
    if not _has_history(model):
        return
    history_model = model.history.model
    rows, links = [], []
    for pk, item in items:
        for record in item.get("history", []):
            values = reader.fields(model, record["values"], skip=("team",))
            if model is Register:
                values["team_id"] = register.team_id
            elif _has_register(model):
                values["register_id"] = register.pk
            row = history_model(
                id=pk,
                history_date=dt.datetime.fromisoformat(record["date"]),
                history_type=record["type"],
                history_user_id=reader.users.get(record["user"]) if record["user"] else None,
                history_change_reason=restored_reason(record["reason"]),
                **values,
            )
            rows.append(row)
            links.append((row, record.get("links", {})))
    history_model.objects.bulk_create(rows, batch_size=BATCH)
    for name in _history_m2m(model):
        target = _link_target(model, name)
        m2m_model = history.m2m_history_model(model, name)
        field = model._meta.get_field(name)
        own, other = field.m2m_field_name(), field.m2m_reverse_field_name()
        m2m_model.objects.bulk_create(
            [
                m2m_model(
                    id=0,
                    history_id=row.pk,
                    **{f"{own}_id": row.id, f"{other}_id": reader.ids[target][key]},
                )
                for row, record_links in links
                for key in record_links.get(name, [])
            ],
            batch_size=BATCH,
        )


def _remap_snapshot(entries, risks: dict, ratings: dict) -> list[dict]:
    """A review snapshot with its risk and rating references translated by ``risks`` and
    ``ratings`` (ids to backup keys when writing, keys to new ids when loading)."""
    result = []
    for entry in entries or []:
        entry = dict(entry)
        entry["risk_id"] = risks.get(entry.get("risk_id"))
        for tier in ("inherent", "residual"):
            if entry.get(tier):
                entry[tier] = {**entry[tier], "id": ratings.get(entry[tier].get("id"))}
        result.append(entry)
    return result


def _remap_record(record: str | None, key_of) -> str | None:
    """A finding's record key (``risk:12``, ``stage:3:financial``) with its number passed
    through ``key_of(list name, number)``; None when the key is of no known shape or
    ``key_of`` finds no record."""
    parts = split_record(record or "")
    if parts is None:
        return None
    kind, number, detail = parts
    mapped = key_of(RECORD_KINDS[kind], number)
    return None if mapped is None else f"{kind}:{mapped}{detail}"
