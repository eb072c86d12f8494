"""axe-core finds no WCAG 2.2 A/AA violation on the pages each persona reaches."""

from __future__ import annotations

import pytest

from tests.browser.a11y import axe_violations

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def test_the_sign_in_page_and_its_error_state_have_no_violations(page):
    page.goto("/accounts/login/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Sign in").click()
    assert axe_violations(page) == []


def test_the_dashboard_has_no_violations(page, sign_in, member, register):
    sign_in(member)
    assert axe_violations(page) == []
