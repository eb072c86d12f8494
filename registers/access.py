"""Fetching a register for a request: the one helper every register page uses.

Outsiders (no membership of the register's team) get 404, never a hint that it exists.
Viewers may read; a write by a viewer is refused with 403. Archived registers are
read-only for everyone.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from registers.models import Membership, Register


def get_register(request, register_id, *, write: bool = False) -> Register:
    """The register ``register_id`` if ``request.user`` may see it (404 otherwise).

    With ``write=True`` the user must be a member or supervisor of its team and the
    register must not be archived (403 otherwise). The user's role is set on the
    register as ``register.viewer_role`` for templates (one query for both).
    """
    register = get_object_or_404(
        Register.objects.visible_to(request.user).select_related("team", "matrix", "owner"),
        pk=register_id,
    )
    role = (
        Membership.objects.filter(team_id=register.team_id, user=request.user)
        .values_list("role", flat=True)
        .first()
    )
    register.viewer_role = role
    register.can_edit = role in Membership.EDITOR_ROLES and not register.is_archived
    if write and not register.can_edit:
        raise PermissionDenied(
            "This register is archived." if register.is_archived else "You can only read it."
        )
    return register
