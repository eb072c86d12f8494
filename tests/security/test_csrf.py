"""CSRF: a POST without the token is refused everywhere; with the form's token it passes.

The test client skips CSRF checks unless asked; these tests ask
(``Client(enforce_csrf_checks=True)``), as a browser on another site would be treated.
"""

from __future__ import annotations

import pytest
from django.conf import settings
from django.test import Client

from tests.builders import PASSWORD
from tests.security.html_forms import post_forms_of
from tests.security.routes import requests_for
from tests.security.world import snapshot

pytestmark = pytest.mark.django_db


@pytest.fixture
def strict_client() -> Client:
    return Client(enforce_csrf_checks=True)


def test_it_refuses_every_post_without_a_token(strict_client, world, member):
    before = snapshot(world)
    strict_client.force_login(member)
    allowed = []
    for route, path in requests_for(world):
        response = strict_client.post(path)
        if response.status_code != 403 or "CSRF" not in response.content.decode():
            allowed.append(f"POST {path} ({route.name}): {response.status_code}")
    assert not allowed, "Accepted without a CSRF token:\n  " + "\n  ".join(allowed)
    assert snapshot(world) == before


def test_it_refuses_a_sign_in_without_a_token(strict_client, member):
    response = strict_client.post("/accounts/login/", {"username": "mia", "password": PASSWORD})
    assert response.status_code == 403
    assert "_auth_user_id" not in strict_client.session


def _submit_form(client: Client, page: str, **changes):
    """Open ``page``, then post its main form (the first not signing out) as a browser
    would, token included."""
    response = client.get(page)
    assert response.status_code == 200, page
    forms = post_forms_of(response.content.decode(), page)
    form = next(f for f in forms if f.action != "/accounts/logout/")
    assert "csrfmiddlewaretoken" in form.fields, f"{page}: the form carries no CSRF token"
    return form.action, client.post(form.action, {**form.data(), **changes})


def test_it_lets_a_sign_in_with_the_forms_token_through(strict_client, member):
    _action, response = _submit_form(
        strict_client, "/accounts/login/", username="mia", password=PASSWORD
    )
    assert response.status_code == 302
    assert strict_client.session["_auth_user_id"] == str(member.pk)


def test_it_lets_each_apps_forms_through_with_their_token(strict_client, world, member):
    strict_client.force_login(member)
    register = f"/registers/{world.register.pk}"
    pages = [
        (f"{register}/edit/", {}),  # registers
        (f"{register}/journey/{world.stage.pk}/edit/", {}),  # journeys
        (f"{register}/risks/{world.risk.number}/edit/", {}),  # assessments
        (f"{register}/actions/{world.action.pk}/edit/", {}),
        (f"{register}/reviews/{world.review.pk}/edit/", {}),
    ]
    statuses = {}
    for page, changes in pages:
        action, response = _submit_form(strict_client, page, **changes)
        statuses[action] = response.status_code
    assert statuses == dict.fromkeys(statuses, 302) and len(statuses) == len(pages)
    # Forms whose defaults are not a complete answer: the token passes, the form answers.
    others = {}
    for page in (f"{register}/coverage/", f"{register}/evidence/", "/import/"):
        action, response = _submit_form(strict_client, page)
        others[action] = response.status_code
    assert len(others) == 3
    assert set(others.values()) <= {200, 302, 400}, others


def test_it_lets_the_admin_sign_in_with_its_token(strict_client, supervisor):
    _action, response = _submit_form(
        strict_client, "/admin/login/", username="sam", password=PASSWORD
    )
    assert response.status_code == 302
    assert settings.CSRF_COOKIE_NAME in strict_client.cookies
