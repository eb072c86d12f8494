"""Admin personas: supervisors are staff in the Supervisors group, one per team."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from registers.models import Membership
from riskportal.admin_scoping import ensure_supervisors_group
from tests import builders


@pytest.fixture
def supervisors_group(db):
    return ensure_supervisors_group(Group, Permission)


@pytest.fixture
def admin_supervisor(supervisor, supervisors_group):
    """The team's supervisor, given the admin through the Supervisors group."""
    supervisor.groups.add(supervisors_group)
    return supervisor


@pytest.fixture
def second_supervisor(team, supervisors_group):
    user = builders.make_user("sue", first_name="Sue", last_name="Second", is_staff=True)
    builders.add_member(team, user, Membership.Role.SUPERVISOR)
    user.groups.add(supervisors_group)
    return user


@pytest.fixture
def other_supervisor(other_team, supervisors_group):
    user = builders.make_user("olga", first_name="Olga", last_name="Other", is_staff=True)
    builders.add_member(other_team, user, Membership.Role.SUPERVISOR)
    user.groups.add(supervisors_group)
    return user


@pytest.fixture
def site_admin(db):
    return builders.make_user("root", is_staff=True, is_superuser=True)


@pytest.fixture
def submitted_review(register, stage, member):
    return builders.make_review(register, stage=stage, submit_by=member)


@pytest.fixture
def other_review(other_register, outsider):
    return builders.make_review(other_register, submit_by=outsider)
