"""Admin personas: supervisors are staff in the Supervisors group, one per team."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group, Permission

from riskportal.admin_scoping import ensure_supervisors_group
from tests import builders


@pytest.fixture
def supervisors_group(db):
    return ensure_supervisors_group(Group, Permission)


@pytest.fixture
def second_supervisor(second_supervisor):
    """Here the team's second supervisor has the admin too."""
    return builders.give_admin(second_supervisor)


@pytest.fixture
def site_admin(db):
    return builders.make_user("root", is_staff=True, is_superuser=True)


@pytest.fixture
def submitted_review(register, stage, member):
    return builders.make_review(register, stage=stage, submit_by=member)


@pytest.fixture
def other_review(other_register, outsider):
    return builders.make_review(other_register, submit_by=outsider)
