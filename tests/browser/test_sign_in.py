"""A real browser can sign in and lands on the dashboard."""

import pytest

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_it_signs_in_and_shows_the_dashboard(page, sign_in, member, register):
    sign_in(member)
    assert page.url.endswith("/")
    assert page.get_by_text(register.title).first.is_visible()


def test_it_explains_a_wrong_password(page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    assert page.get_by_role("alert").is_visible()
