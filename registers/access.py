"""Fetching a register for a request: the one helper every register page uses.

Outsiders (no membership of the register's team) get 404, never a hint that it exists.
Viewers may read; a write by a viewer is refused with 403. Archived registers are
read-only for everyone.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.db.models import F
from django.shortcuts import get_object_or_404

from registers.models import Membership, Register


def get_register(request, register_id, *, write: bool = False) -> Register:
    """The register ``register_id`` if ``request.user`` may see it (404 otherwise).

    With ``write=True`` the user must be a member or supervisor of its team and the
    register must not be archived (403 otherwise). The user's role is set on the
    register as ``register.viewer_role`` for templates: one query for both.
    """
    register = get_object_or_404(
        Register.objects.visible_to(request.user)
        # The membership row that made the register visible gives the user's role.
        .annotate(viewer_role=F("team__memberships__role"))
        .select_related("team", "matrix", "owner"),
        pk=register_id,
    )
    role = register.viewer_role
    register.can_edit = role in Membership.EDITOR_ROLES and not register.is_archived
    if write and not register.can_edit:
        raise PermissionDenied(
            "This register is archived." if register.is_archived else "You can only read it."
        )
    return register
