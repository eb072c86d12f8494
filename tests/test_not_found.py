"""A missing page, or another team's, shows the app's own 404 page in development too."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

APP_PAGE = "it belongs to a team you are not part of"
TECHNICAL_PAGE = "Django tried these URL patterns"


@pytest.fixture
def development(settings):
    settings.DEBUG = True
    settings.DEBUG_TECHNICAL_404 = False
    return settings


def _overview(register) -> str:
    return reverse("dashboard:register", kwargs={"register_id": register.pk})


def test_another_teams_register_shows_the_app_page_in_development(
    client, development, member, other_register
):
    client.force_login(member)
    response = client.get(_overview(other_register))
    body = response.content.decode()
    assert response.status_code == 404
    assert APP_PAGE in body and "Go to your dashboard" in body
    assert other_register.title not in body and "Traceback" not in body


def test_an_address_nothing_matches_shows_the_app_page_in_development(client, development, member):
    client.force_login(member)
    response = client.get("/no-such-page/here/")
    body = response.content.decode()
    assert response.status_code == 404
    assert APP_PAGE in body and TECHNICAL_PAGE not in body and "URLconf" not in body


def test_developers_can_ask_for_the_technical_page(client, development, member, other_register):
    development.DEBUG_TECHNICAL_404 = True
    client.force_login(member)
    response = client.get("/no-such-page/here/")
    assert response.status_code == 404
    assert TECHNICAL_PAGE in response.content.decode()
    response = client.get(_overview(other_register))
    assert response.status_code == 404 and APP_PAGE not in response.content.decode()


def test_a_missing_slash_still_redirects(client, development, member, register):
    client.force_login(member)
    response = client.get(_overview(register).rstrip("/"))
    assert response.status_code == 301
