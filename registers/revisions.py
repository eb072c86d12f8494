"""Register revisions: a number that moves on whenever anything a register's pages show
changes, so the pages can keep rendered fragments in the cache under it.

``record_change(register_ids)`` inserts one ``RegisterChange`` row per register;
``with_revision(queryset)`` gives each register ``revision``, the id of its newest row, in
the same query that fetches it. A fragment cached under a revision can therefore never be
served after a change: the change is in the same transaction as the data it describes.

Saves and deletes of every model that belongs to a register (it has ``register`` or
``risk``), of the register itself, of its team, the team's memberships and members, of its
matrix, and changes of their many-to-many links, are recorded by the receivers below.
Code that writes without signals (``bulk_create`` in the importer and the restore) calls
``record_change`` itself.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.contrib.auth import get_user_model
from django.db import connection
from django.db.models import BigIntegerField, QuerySet
from django.db.models.expressions import RawSQL
from django.db.models.signals import m2m_changed, post_delete, post_save

from registers.models import Membership, Register, RegisterChange, RiskMatrix, Team

#: Apps whose models hold register data. Their historical (audit) models are left out.
REGISTER_APPS = {"registers", "journeys", "assessments", "criteria", "checks"}
#: Saves of these user fields alone change nothing a register page shows.
USER_FIELDS_NOT_SHOWN = {"last_login", "password"}


def record_change(register_ids: Iterable) -> None:
    """Move the revision of each register on (one insert each, no lock on any row)."""
    ids = {pk for pk in register_ids if pk is not None}
    RegisterChange.objects.bulk_create([RegisterChange(register_id=pk) for pk in ids])


def with_revision(registers: QuerySet) -> QuerySet:
    """``registers`` with ``revision``: the id of each one's newest change (or None).

    Every register page runs this, so it is written as the SQL it compiles to: the ORM's
    ``Subquery(...order_by("-id")[:1])`` gives the same plan (an index lookup on
    ``(register, -id)``) but takes longer to compile than the rest of the page to serve
    from the cache. The outer column is the unaliased base table of ``registers``.
    """
    quote = connection.ops.quote_name
    change, register = RegisterChange._meta, Register._meta
    newest = RawSQL(
        f"SELECT MAX({quote(change.pk.column)}) FROM {quote(change.db_table)} "
        f"WHERE {quote(change.get_field('register').column)} = "
        f"{quote(register.db_table)}.{quote(register.pk.column)}",
        (),
        output_field=BigIntegerField(),
    )
    return registers.annotate(revision=newest)


def with_team_revision(memberships: QuerySet) -> QuerySet:
    """``memberships`` with ``team_revision``, the id of the newest change to any register
    of each one's team, and ``team_registers``, how many registers the team has (a deleted
    register moves no revision of its own, but changes the count). Written as SQL for the
    reason ``with_revision`` is; the outer column is the unaliased membership table."""
    quote = connection.ops.quote_name
    change, register = RegisterChange._meta, Register._meta
    team_of_membership = (
        f"{quote(Membership._meta.db_table)}.{quote(Membership._meta.get_field('team').column)}"
    )
    team = quote(register.get_field("team").column)
    newest = RawSQL(
        f"SELECT MAX(c.{quote(change.pk.column)}) FROM {quote(change.db_table)} c "
        f"INNER JOIN {quote(register.db_table)} r "
        f"ON c.{quote(change.get_field('register').column)} = r.{quote(register.pk.column)} "
        f"WHERE r.{team} = {team_of_membership}",
        (),
        output_field=BigIntegerField(),
    )
    registers = RawSQL(
        f"SELECT COUNT(*) FROM {quote(register.db_table)} r WHERE r.{team} = {team_of_membership}",
        (),
        output_field=BigIntegerField(),
    )
    return memberships.annotate(team_revision=newest, team_registers=registers)


def registers_of(instance) -> set:
    """The ids of the registers whose pages show ``instance``."""
    if isinstance(instance, Register):
        return {instance.pk}
    if isinstance(instance, Team):
        return set(Register.objects.filter(team_id=instance.pk).values_list("pk", flat=True))
    if isinstance(instance, Membership):
        return set(Register.objects.filter(team_id=instance.team_id).values_list("pk", flat=True))
    if isinstance(instance, get_user_model()):
        teams = Membership.objects.filter(user_id=instance.pk).values("team_id")
        return set(Register.objects.filter(team__in=teams).values_list("pk", flat=True))
    if getattr(instance, "register_id", None) is not None:
        return {instance.register_id}
    if getattr(instance, "risk_id", None) is not None:
        risk_field = type(instance)._meta.get_field("risk")
        if risk_field.is_cached(instance):  # no query needed
            return {instance.risk.register_id}
        risks = risk_field.related_model._default_manager.filter(pk=instance.risk_id)
        return set(risks.values_list("register_id", flat=True))
    matrix_id = getattr(instance, "matrix_id", None)
    if isinstance(instance, RiskMatrix):
        matrix_id = instance.pk
    if matrix_id is not None:  # a matrix, or one of its steps, levels or cells
        return set(Register.objects.filter(matrix_id=matrix_id).values_list("pk", flat=True))
    return set()


def _watched(sender) -> bool:
    meta = sender._meta
    if sender.__module__ == "__fake__":  # a migration's model: no page has cached it yet
        return False
    if sender is get_user_model():
        return True
    return (
        meta.app_label in REGISTER_APPS
        and not meta.model_name.startswith("historical")
        and sender is not RegisterChange
    )


def _saved(sender, instance, raw=False, update_fields=None, **kwargs) -> None:
    if raw or not _watched(sender):
        return
    if sender is get_user_model() and update_fields and set(update_fields) <= USER_FIELDS_NOT_SHOWN:
        return
    record_change(registers_of(instance))


def _deleted(sender, instance, **kwargs) -> None:
    if _watched(sender):
        record_change(registers_of(instance))


def _linked(sender, instance, action, model, pk_set, **kwargs) -> None:
    """A many-to-many link changed: record it on both sides' registers."""
    if not action.startswith("post_") or not _watched(type(instance)):
        return
    ids = registers_of(instance)
    if pk_set and any(field.name == "register" for field in model._meta.fields):
        ids |= set(model.objects.filter(pk__in=pk_set).values_list("register_id", flat=True))
    record_change(ids)


def connect() -> None:
    """Connect the receivers (from ``RegistersConfig.ready``)."""
    post_save.connect(_saved, dispatch_uid="register-revision-save")
    post_delete.connect(_deleted, dispatch_uid="register-revision-delete")
    m2m_changed.connect(_linked, dispatch_uid="register-revision-m2m")
