"""A backup file's shape, checked before anything is written.

``parse`` reads the bytes (refusing nesting deeper than ``MAX_DEPTH`` and numbers too long
to be one); ``check_shape`` walks the data against the models: every list and object
where the loader expects one, every key it reads, every value of the type, length, range
and choices of its field, every reference to a key that exists. Each problem raises
``BackupError`` naming the place in the file, so a damaged or hand-edited backup gets a
sentence, never a traceback, and the restore writes nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import uuid
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import models

from assessments.models import Reference
from checks.models import RECORD_KINDS, Dismissal, split_record
from criteria.models import Criterion
from registers.models import (
    ConsequenceLevel,
    LikelihoodLevel,
    Register,
    RiskLevel,
    RiskMatrix,
    Team,
)

#: Deeper than any backup this version writes (about 8 levels), shallow enough that no
#: recursive step of the restore can run out of stack.
MAX_DEPTH = 24

User = get_user_model()


class BackupError(Exception):
    """The file is not a backup this version can load; the message says why."""


def parse(raw: bytes | str) -> dict:
    """The backup's data from its bytes, or ``BackupError`` saying why it cannot be read."""
    try:
        text = raw.decode("utf-8") if isinstance(raw, bytes) else raw
        data = json.loads(text, parse_float=_finite, parse_constant=_no_constant)
    except UnicodeDecodeError:
        raise BackupError("The file is not UTF-8 text, so it is not a backup.") from None
    except json.JSONDecodeError as error:
        raise BackupError(f"The file is not valid JSON: {error}.") from None
    except RecursionError:
        raise BackupError(
            f"The file is nested far deeper than a backup ({MAX_DEPTH} levels at most)."
        ) from None
    except ValueError as error:  # e.g. an integer of more than 4,300 digits
        raise BackupError(f"The file holds a value no backup has: {error}.") from None
    check_depth(data)
    return data


def _finite(text: str) -> float:
    number = float(text)
    if number in (float("inf"), float("-inf")):
        raise ValueError(f"the number {text[:40]} is too large")
    return number


def _no_constant(text: str):
    raise ValueError(f"{text} is not a number a backup holds")


def check_depth(data) -> None:
    """Refuse data nested deeper than ``MAX_DEPTH`` (walked without recursion)."""
    stack = [(data, 1, "the file")]
    while stack:
        value, depth, where = stack.pop()
        if depth > MAX_DEPTH:
            raise BackupError(
                f"The backup is nested more than {MAX_DEPTH} levels deep (at {where}); "
                "no backup is."
            )
        if isinstance(value, dict):
            stack.extend((v, depth + 1, f"{where} > {k}") for k, v in value.items())
        elif isinstance(value, list):
            stack.extend((v, depth + 1, f"{where} > {i + 1}") for i, v in enumerate(value))


def _kind(value) -> str:
    if value is None:
        return "nothing (null)"
    if isinstance(value, bool):
        return "true/false"
    if isinstance(value, int | float):
        return "a number"
    if isinstance(value, str):
        return "text"
    if isinstance(value, list):
        return "a list"
    return "an object"


def _fail(where: str, message: str):
    raise BackupError(f"{where}: {message}")


def need(value, expected: type | tuple, where: str, wanted: str):
    """``value`` if it is an instance of ``expected`` (a bool is not a number here)."""
    if isinstance(value, bool) and bool not in (
        expected if isinstance(expected, tuple) else (expected,)
    ):
        _fail(where, f"expected {wanted}, found {_kind(value)}.")
    if not isinstance(value, expected):
        _fail(where, f"expected {wanted}, found {_kind(value)}.")
    return value


def need_keys(item: dict, keys, where: str) -> None:
    missing = [key for key in keys if key not in item]
    if missing:
        _fail(where, f"'{missing[0]}' is missing.")


def check_value(field: models.Field, raw, where: str, *, history: bool = False) -> None:
    """``raw`` as the loader will read it into ``field``; ``BackupError`` if it cannot be.

    Related objects are named by key (an integer), people by username (text); in history
    records a related object may be gone, so any key (or none) is accepted there.
    """
    where = f"{where}, '{field.name}'"
    if raw is None:
        if field.null or (field.is_relation and (history or field.related_model is Team)):
            return
        _fail(where, "is empty, but a value is required.")
    if field.is_relation:
        if field.related_model is User:
            need(raw, str, where, "a username")
        elif field.related_model is Criterion:
            need(raw, str, where, "a criterion code")
        elif field.related_model not in (Team, RiskMatrix):  # both set by the restore
            need(raw, int, where, "the key of a record in the file")
        return
    if isinstance(field, models.JSONField):
        return
    if isinstance(field, models.BooleanField):
        need(raw, bool, where, "true or false")
        return
    if isinstance(field, models.DateTimeField):
        need(raw, str, where, "a date and time (ISO 8601)")
        try:
            dt.datetime.fromisoformat(raw)
        except ValueError:
            _fail(where, f"{raw[:40]!r} is not a date and time (ISO 8601).")
        return
    if isinstance(field, models.DateField):
        need(raw, str, where, "a date (YYYY-MM-DD)")
        try:
            dt.date.fromisoformat(raw)
        except ValueError:
            _fail(where, f"{raw[:40]!r} is not a date (YYYY-MM-DD).")
        return
    if isinstance(field, models.UUIDField):
        need(raw, str, where, "an identifier (UUID)")
        try:
            uuid.UUID(raw)
        except ValueError:
            _fail(where, f"{raw[:40]!r} is not an identifier (UUID).")
        return
    if isinstance(field, models.DecimalField):
        need(raw, (str, int), where, "an amount")
        try:
            value = Decimal(raw)
        except (InvalidOperation, ValueError):
            _fail(where, f"{str(raw)[:40]!r} is not an amount.")
        if not value.is_finite():
            _fail(where, f"{str(raw)[:40]!r} is not an amount.")
        _validate(field, value, where)
        return
    if isinstance(field, models.IntegerField):
        need(raw, int, where, "a whole number")
        _validate(field, raw, where)
        return
    if isinstance(field, models.CharField | models.TextField):
        need(raw, str, where, "text")
        if "\x00" in raw:
            _fail(where, "holds a NUL character, which no text field can store.")
        _validate(field, raw, where)
        return


def _validate(field: models.Field, value, where: str) -> None:
    """The field's own validators (length, number range) and choices."""
    blank = field.blank and value in field.empty_values
    if field.choices and not blank and value not in {key for key, _ in field.flatchoices}:
        _fail(where, f"{str(value)[:40]!r} is not one of its choices.")
    try:
        field.run_validators(value)
    except ValidationError as error:
        _fail(where, " ".join(error.messages))


def check_fields(model, values: dict, where: str, *, required=(), history=False, skip=()):
    """Each value of ``values`` named after a concrete field of ``model``."""
    need(values, dict, where, "an object")
    need_keys(values, required, where)
    for field in model._meta.concrete_fields:
        if field.primary_key or field.name in skip or field.name not in values:
            continue
        check_value(field, values[field.name], where, history=history)


def check_links(values, keys: set, where: str) -> None:
    need(values, list, where, "a list of keys")
    for number, key in enumerate(values, start=1):
        need(key, int, f"{where} > {number}", "the key of a record in the file")
        if key not in keys:
            _fail(where, f"names key {key}, which is not in the file.")


def _check_matrix(spec) -> None:
    where = "The matrix"
    need(spec, dict, where, "an object")
    need_keys(
        spec,
        ("slug", "version", "name", "description", "escalate_top_consequence"),
        where,
    )
    need(spec["slug"], str, f"{where}, 'slug'", "text")
    need(spec["version"], int, f"{where}, 'version'", "a whole number")
    need(spec["name"], str, f"{where}, 'name'", "text")
    need(spec["description"], str, f"{where}, 'description'", "text")
    need(spec["escalate_top_consequence"], bool, f"{where}, 'escalate'", "true or false")
    rows = {
        "likelihoods": (LikelihoodLevel, ("value", "label", "descriptor")),
        "consequences": (
            ConsequenceLevel,
            ("value", "label", "finance", "reputation", "health_safety"),
        ),
        "levels": (
            RiskLevel,
            ("code", "label", "rank", "colour", "text_colour", "requirement", "needs_supervisor"),
        ),
    }
    for name, (model, keys) in rows.items():
        need(spec.get(name), list, f"{where}, '{name}'", "a list")
        for number, row in enumerate(spec[name], start=1):
            place = f"{where}, {name} {number}"
            check_fields(model, row, place, required=keys, skip=("matrix",))
            extra = set(row) - set(keys)
            if extra:
                _fail(place, f"'{sorted(extra)[0]}' is not part of a matrix.")
    codes = {row["code"] for row in spec["levels"]}
    need(spec.get("cells"), list, f"{where}, 'cells'", "a list")
    for number, cell in enumerate(spec["cells"], start=1):
        place = f"{where}, cell {number}"
        need(cell, list, place, "[likelihood, consequence, level]")
        if len(cell) != 3:
            _fail(place, "expected [likelihood, consequence, level].")
        need(cell[0], int, place, "a whole number for the likelihood")
        need(cell[1], int, place, "a whole number for the consequence")
        if cell[2] not in codes:
            _fail(place, f"names level {str(cell[2])[:40]!r}, which the matrix does not have.")


def _check_history(model, item: dict, where: str, link_targets: dict) -> None:
    records = item.get("history", [])
    need(records, list, f"{where}, 'history'", "a list")
    for number, record in enumerate(records, start=1):
        place = f"{where}, history record {number}"
        need(record, dict, place, "an object")
        need_keys(record, ("type", "date", "user", "reason", "values"), place)
        if record["type"] not in ("+", "~", "-"):
            _fail(place, f"'type' {str(record['type'])[:10]!r} is not +, ~ or -.")
        need(record["date"], str, f"{place}, 'date'", "a date and time")
        try:
            dt.datetime.fromisoformat(record["date"])
        except ValueError:
            _fail(place, f"'date' {record['date'][:40]!r} is not a date and time.")
        if record["user"] is not None:
            need(record["user"], str, f"{place}, 'user'", "a username")
        if record["reason"] is not None:
            need(record["reason"], str, f"{place}, 'reason'", "text")
        check_fields(model, record["values"], f"{place}, values", history=True, skip=("team",))
        links = record.get("links", {})
        need(links, dict, f"{place}, 'links'", "an object")
        for name, keys in links.items():
            if name not in link_targets:
                _fail(place, f"links '{str(name)[:40]}', which these records do not have.")
            check_links(keys, link_targets[name], f"{place}, links '{name}'")


def _check_record(record, entities, keys: dict, where: str) -> None:
    """A dismissed finding's record: ``<kind>:<key>[:<detail>]`` naming a record of the file."""
    parts = split_record(record) if isinstance(record, str) else None
    if parts is None:
        _fail(where, "is not a record of the register (such as 'risk:3').")
    kind, key, _ = parts
    model = next(e.model for e in entities if e.name == RECORD_KINDS[kind])
    if key not in keys.get(model, set()):
        _fail(where, f"names {kind} {key}, which is not in the file.")


def _check_snapshot(entries, where: str) -> None:
    need(entries, list, where, "a list")
    for number, entry in enumerate(entries, start=1):
        place = f"{where} {number}"
        need(entry, dict, place, "an object")
        if entry.get("risk_id") is not None:
            need(entry["risk_id"], int, f"{place}, 'risk_id'", "the key of a risk")
        for tier in ("inherent", "residual"):
            rating = entry.get(tier)
            if rating is None:
                continue
            need(rating, dict, f"{place}, '{tier}'", "an object")
            if rating.get("id") is not None:
                need(rating["id"], int, f"{place}, '{tier}' id", "the key of a rating")


def check_shape(data, entities) -> None:
    """Refuse, with the place named, anything the loader could not read (see module doc).

    ``entities`` is ``backup.ENTITIES``: the lists of records and their models.
    """
    need(data, dict, "The file", "an object")
    need_keys(data, ("matrix", "register"), "The backup")
    _check_matrix(data["matrix"])
    users = data.get("users", [])
    need(users, list, "The backup's 'users'", "a list")
    for number, person in enumerate(users, start=1):
        place = f"Person {number} of 'users'"
        check_fields(User, person, place, required=("username",))
        if not person["username"]:
            _fail(place, "has an empty username.")
    references = data.get("references", [])
    need(references, list, "The backup's 'references'", "a list")
    reference_keys = set()
    for number, ref in enumerate(references, start=1):
        place = f"Reference {number}"
        check_fields(Reference, ref, place, required=("key", "kind", "title", "citation", "url"))
        need(ref["key"], int, f"{place}, 'key'", "a whole number")
        need(ref.get("shared"), bool, f"{place}, 'shared'", "true or false")
        reference_keys.add(ref["key"])
    keys: dict[type, set] = {Reference: reference_keys}
    for entity in entities:
        items = data.get(entity.name, [])
        need(items, list, f"The backup's '{entity.name}'", "a list")
        found = set()
        for number, item in enumerate(items, start=1):
            place = f"In '{entity.name}', record {number}"
            need(item, dict, place, "an object")
            need_keys(item, ("key",), place)
            need(item["key"], int, f"{place}, 'key'", "a whole number")
            if item["key"] in found:
                _fail(place, f"the key {item['key']} is used twice.")
            found.add(item["key"])
        keys[entity.model] = found
    register = data["register"]
    check_fields(
        Register,
        register,
        "The register",
        required=("title", "created_at", "updated_at"),
        skip=("matrix", "team", "id"),
    )
    _check_history(Register, register, "The register", {})
    for entity in entities:
        m2m = {f.name: f for f in entity.model._meta.many_to_many}
        targets = {name: keys.get(f.related_model, set()) for name, f in m2m.items()}
        for number, item in enumerate(data.get(entity.name, []), start=1):
            place = f"In '{entity.name}', record {number} (key {item['key']})"
            check_fields(entity.model, item, place)
            for field in entity.model._meta.concrete_fields:
                key = item.get(field.name)
                if (
                    field.related_model in keys
                    and key is not None
                    and key not in keys[field.related_model]
                ):
                    _fail(f"{place}, '{field.name}'", f"names key {key}, which is not in the file.")
            for name in m2m:
                if name in item:
                    check_links(item[name], targets[name], f"{place}, '{name}'")
            if "snapshot" in item:
                _check_snapshot(item["snapshot"], f"{place}, snapshot entry")
            if entity.model is Dismissal:
                _check_record(item.get("record"), entities, keys, f"{place}, 'record'")
            _check_history(entity.model, item, place, targets)
    tags = data.get("criterion_tags", [])
    need(tags, list, "The backup's 'criterion_tags'", "a list")
    for number, tag in enumerate(tags, start=1):
        need(tag, dict, f"Criterion tag {number}", "an object")
        need(tag.get("criterion"), str, f"Criterion tag {number}, 'criterion'", "a code")
        need(tag.get("record"), list, f"Criterion tag {number}, 'record'", "[list, key]")
        if tag.get("tagged_by") is not None:
            need(tag["tagged_by"], str, f"Criterion tag {number}, 'tagged_by'", "a username")
