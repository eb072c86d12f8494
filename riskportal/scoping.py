"""The tenant boundary: one QuerySet method, ``visible_to(user)``, for every model family.

Each team-owned model names the path from itself to its ``Team`` in ``team_path``; the
queryset then filters on the user's memberships. Views fetch objects only through these
methods, so an object of another team is simply not found (404).
"""

from __future__ import annotations

from django.db import models


class TeamScopedQuerySet(models.QuerySet):
    #: Lookup path from the model to its Team, e.g. ``"register__team"``.
    team_path: str = "team"

    def _team_filter(self, user, roles=None) -> models.Q:
        prefix = f"{self.team_path}__" if self.team_path else ""
        lookup = {f"{prefix}memberships__user": user}
        if roles is not None:
            lookup[f"{prefix}memberships__role__in"] = list(roles)
        return models.Q(**lookup)

    def visible_to(self, user) -> TeamScopedQuerySet:
        """Objects of the teams ``user`` belongs to, in any role; none for anonymous users."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(self._team_filter(user))

    def editable_by(self, user) -> TeamScopedQuerySet:
        """Objects of the teams where ``user`` is a member or supervisor (not a viewer)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        from registers.models import Membership

        return self.filter(self._team_filter(user, Membership.EDITOR_ROLES))

    def supervised_by(self, user) -> TeamScopedQuerySet:
        """Objects of the teams where ``user`` is a supervisor."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        from registers.models import Membership

        return self.filter(self._team_filter(user, [Membership.Role.SUPERVISOR]))


class RegisterScopedQuerySet(TeamScopedQuerySet):
    """For models that belong to a register (stages, risks, actions, reviews...)."""

    team_path = "register__team"

    def in_register(self, register) -> RegisterScopedQuerySet:
        return self.filter(register=register)
