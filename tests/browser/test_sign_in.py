"""A real browser can sign in and lands on the dashboard."""

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_it_signs_in_and_shows_the_dashboard(page, sign_in, member, register):
    sign_in(member)
    assert page.url.endswith("/")
    expect(page.get_by_text(register.title).first).to_be_visible()


def test_it_explains_a_wrong_password(page):
    page.goto("/accounts/login/")
    page.get_by_label("Username").fill("nobody")
    page.get_by_label("Password").fill("wrong")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_be_visible()
