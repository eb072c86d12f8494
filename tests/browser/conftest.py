"""Browser fixtures for the accessibility, keyboard and reflow tests: the demo site (a full
register with one of everything) and signing in as one of its people."""

from __future__ import annotations

import pytest

from demo.loader import seed_demo
from demo.people import PEOPLE
from registers.models import Register

PASSWORDS = {person.key: (person.username, person.password) for person in PEOPLE}


@pytest.fixture
def demo(transactional_db) -> Register:
    """The demo loaded as ``manage.py seed_demo`` loads it; returns the front desk register,
    the one the member, supervisor and viewer share."""
    seed_demo()
    return Register.objects.get(team__slug="riverside-front-desk")


@pytest.fixture
def sign_in_as(page):
    """Sign in through the real form as a demo person: "member", "supervisor" or "viewer"."""

    def _sign_in(key: str) -> None:
        username, password = PASSWORDS[key]
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(username)
        page.get_by_label("Password").fill(password)
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/")

    return _sign_in
