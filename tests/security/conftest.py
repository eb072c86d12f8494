"""Fixtures of the security tests: team A's world of records, and who attacks it."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from registers.models import Membership
from riskportal.admin_scoping import ensure_supervisors_group
from tests import builders
from tests.builders import World, build_world

#: In every free-text field of team A; no response to anybody outside team A may contain it.
MARKER = "ZqxAlpha"


def marked(name: str) -> str:
    return f"{MARKER} {name}"


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Uploads (import files, evidence packs) go to a folder of the test's own."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def world(team, register, member) -> World:
    """Team A's register with one record of every kind, every text field marked."""
    return build_world(team, register, member, marked)


@pytest.fixture
def staff_outsider(other_team):
    """A supervisor of team B with the admin (staff, in the Supervisors group)."""
    user = builders.make_user("olga", first_name="Olga", last_name="Other", is_staff=True)
    builders.add_member(other_team, user, Membership.Role.SUPERVISOR)
    user.groups.add(ensure_supervisors_group(Group, Permission))
    return user
