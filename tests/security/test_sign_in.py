"""Sign-in abuse limits and session handling."""

from __future__ import annotations

import pytest
from django.contrib.auth import SESSION_KEY

from tests.builders import PASSWORD

pytestmark = pytest.mark.django_db


def _attempt(client, username, password, address="198.51.100.7"):
    return client.post(
        "/accounts/login/", {"username": username, "password": password}, REMOTE_ADDR=address
    )


def test_it_locks_a_user_name_on_one_address_after_repeated_failures(client, member, settings):
    statuses = [
        _attempt(client, "mia", "wrong").status_code for _ in range(settings.AXES_FAILURE_LIMIT)
    ]
    assert statuses == [200] * (settings.AXES_FAILURE_LIMIT - 1) + [429]
    locked = _attempt(client, "mia", PASSWORD)
    assert locked.status_code == 429
    assert "Too many sign-in attempts" in locked.content.decode()
    assert SESSION_KEY not in client.session


def test_the_lock_does_not_reach_another_address_or_another_user(client, member, viewer, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "mia", "wrong")
    assert _attempt(client, "mia", PASSWORD, address="203.0.113.20").status_code == 302
    client.logout()
    assert _attempt(client, "val", PASSWORD).status_code == 302


def test_an_administrator_can_unlock_by_deleting_the_attempt(client, member, settings):
    from axes.models import AccessAttempt

    for _ in range(settings.AXES_FAILURE_LIMIT):
        _attempt(client, "mia", "wrong")
    AccessAttempt.objects.filter(username="mia").delete()
    assert _attempt(client, "mia", PASSWORD).status_code == 302


def test_it_rotates_the_session_on_sign_in_and_ends_it_on_sign_out(client, member):
    client.get("/accounts/login/")
    client.session.save()
    before = client.session.session_key
    assert _attempt(client, "mia", PASSWORD).status_code == 302
    after = client.session.session_key
    assert after and after != before
    client.post("/accounts/logout/")
    assert SESSION_KEY not in client.session


def test_a_password_change_ends_other_sessions(client, member, django_user_model):
    from django.test import Client

    other_device = Client()
    other_device.force_login(member)
    assert other_device.get("/").status_code == 200
    client.force_login(member)
    response = client.post(
        "/accounts/password_change/",
        {
            "old_password": PASSWORD,
            "new_password1": "a-new-long-passphrase-42",
            "new_password2": "a-new-long-passphrase-42",
        },
    )
    assert response.status_code == 302
    assert client.get("/").status_code == 200
    assert other_device.get("/").status_code == 302


def test_password_validators_are_on(settings):
    names = {v["NAME"].rsplit(".", 1)[-1] for v in settings.AUTH_PASSWORD_VALIDATORS}
    assert {"MinimumLengthValidator", "CommonPasswordValidator"} <= names
