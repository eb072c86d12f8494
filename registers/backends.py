"""Signing in: Django's model backend, loading with each request's user whether they can
edit in any team (``user.edits_a_team``), in the same query.

The header shows "Import" only to people who can use it, on every page; reading that from
the user row costs no query of its own. Views still decide access through the scoped
querysets (``Team.objects.editable_by``); this flag only shapes the menu.
"""

from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.backends import ModelBackend
from django.db.models import Exists, OuterRef

from registers.models import Membership


class MembershipBackend(ModelBackend):
    def get_user(self, user_id):
        editor = Membership.objects.filter(user=OuterRef("pk"), role__in=Membership.EDITOR_ROLES)
        users = get_user_model()._default_manager.annotate(edits_a_team=Exists(editor))
        try:
            user = users.get(pk=user_id)
        except get_user_model().DoesNotExist:
            return None
        return user if self.user_can_authenticate(user) else None
