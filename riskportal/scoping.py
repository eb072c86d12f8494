"""The tenant boundary: one QuerySet method, ``visible_to(user)``, for every model family.

Each team-owned model names the path from itself to its ``Team`` in ``team_path``; the
queryset then filters on the user's memberships. Views fetch objects only through these
methods, so an object of another team is simply not found (404).
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar

from django.db import models

_bulk_writes_allowed: ContextVar[bool] = ContextVar("bulk_writes_allowed", default=False)


@contextmanager
def bulk_writes_recorded_by_caller():
    """Allow bulk updates on audited models inside this block.

    Only for code that writes the matching history rows itself: the spreadsheet importer
    and the backup restore. Everything else changes objects one by one.
    """
    token = _bulk_writes_allowed.set(True)
    try:
        yield
    finally:
        _bulk_writes_allowed.reset(token)


class TeamScopedQuerySet(models.QuerySet):
    #: Lookup path from the model to its Team, e.g. ``"register__team"``.
    team_path: str = "team"

    def _team_filter(self, user, roles=None) -> models.Q:
        prefix = f"{self.team_path}__" if self.team_path else ""
        lookup = {f"{prefix}memberships__user": user}
        if roles is not None:
            lookup[f"{prefix}memberships__role__in"] = list(roles)
        return models.Q(**lookup)

    def _membership_model(self) -> type[models.Model]:
        """The model behind the team's ``memberships``, found along ``team_path``.

        It names its roles (``EDITOR_ROLES``, ``SUPERVISOR_ROLES``); reading it from the
        relations keeps this module free of any app.
        """
        model = self.model
        for name in filter(None, self.team_path.split("__")):
            model = model._meta.get_field(name).related_model
        return model._meta.get_field("memberships").related_model

    def visible_to(self, user) -> TeamScopedQuerySet:
        """Objects of the teams ``user`` belongs to, in any role; none for anonymous users."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(self._team_filter(user))

    def editable_by(self, user) -> TeamScopedQuerySet:
        """Objects of the teams where ``user`` is a member or supervisor (not a viewer)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(self._team_filter(user, self._membership_model().EDITOR_ROLES))

    # --- Audit integrity ---------------------------------------------------------------
    # django-simple-history records saves and deletes of single objects; a bulk UPDATE or
    # DELETE bypasses it, so on audited models those are refused. Change objects one by
    # one (save() / delete()), or write the history rows yourself inside
    # ``bulk_writes_recorded_by_caller()``.

    def _refuse_if_audited(self, verb: str) -> None:
        audited = hasattr(self.model._meta, "simple_history_manager_attribute")
        if audited and not _bulk_writes_allowed.get():
            raise BulkChangeRefused(
                f"Bulk {verb} of {self.model._meta.verbose_name_plural} is refused: the audit "
                f"trail would not record it. Change each object with save() or delete()."
            )

    def update(self, **kwargs):
        self._refuse_if_audited("update")
        return super().update(**kwargs)

    def bulk_update(self, objs, fields, batch_size=None):
        self._refuse_if_audited("update")
        return super().bulk_update(objs, fields, batch_size=batch_size)

    def delete(self):
        self._refuse_if_audited("delete")
        return super().delete()

    def supervised_by(self, user) -> TeamScopedQuerySet:
        """Objects of the teams where ``user`` is a supervisor."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(self._team_filter(user, self._membership_model().SUPERVISOR_ROLES))


class RegisterScopedQuerySet(TeamScopedQuerySet):
    """For models that belong to a register (stages, risks, actions, reviews...)."""

    team_path = "register__team"

    def in_register(self, register) -> RegisterScopedQuerySet:
        return self.filter(register=register)


class BulkChangeRefused(Exception):
    """A bulk update or delete on an audited model, which the audit trail would not see."""
