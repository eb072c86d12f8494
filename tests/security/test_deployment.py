"""Production configuration: deploy checks, headers, proxy trust and request limits."""

from __future__ import annotations

import os
import secrets
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.test import override_settings

ROOT = Path(__file__).resolve().parents[2]


def test_it_passes_check_deploy_at_warning_level_with_production_settings(tmp_path):
    # Browser tests set DJANGO_ALLOW_ASYNC_UNSAFE in this process; a deployment must not.
    inherited = {k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    env = {
        **inherited,
        "DEBUG": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "riskportal.example.org",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'deploy-check.sqlite3'}",
    }
    result = subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout


@pytest.mark.django_db
def test_it_sends_security_headers(client):
    response = client.get("/accounts/login/")
    csp = response["Content-Security-Policy"]
    assert "script-src 'self'" in csp
    assert "unsafe-inline" not in csp.split("script-src")[1].split(";")[0]
    assert "frame-ancestors 'none'" in csp
    assert response["X-Content-Type-Options"] == "nosniff"
    assert response["Referrer-Policy"] == "same-origin"
    assert response["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
@override_settings(
    SECURE_HSTS_SECONDS=31536000,
    SECURE_SSL_REDIRECT=False,
    SECURE_PROXY_SSL_HEADER=("HTTP_X_FORWARDED_PROTO", "https"),
    TRUSTED_PROXY_IPS=["10.0.0.5"],
)
def test_it_believes_forwarded_https_only_from_the_configured_proxy(client):
    from_proxy = client.get("/healthz/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="10.0.0.5")
    assert "Strict-Transport-Security" in from_proxy
    spoofed = client.get("/healthz/", HTTP_X_FORWARDED_PROTO="https", REMOTE_ADDR="192.0.2.9")
    assert "Strict-Transport-Security" not in spoofed


@pytest.mark.django_db
def test_it_refuses_an_oversized_request_with_a_clear_message(client, member, settings):
    settings.MAX_REQUEST_BYTES = 1024
    client.force_login(member)
    response = client.post("/accounts/login/", data={"x": "y" * 4096})
    assert response.status_code == 413
    assert "too large" in response.content.decode()


@pytest.mark.django_db
def test_it_answers_the_health_check(client):
    response = client.get("/healthz/")
    assert response.status_code == 200 and response.content == b"ok"


@pytest.mark.django_db
def test_it_renews_an_active_session_and_lets_an_idle_one_expire(client, member, settings):
    import time_machine
    from django.contrib.sessions.models import Session

    client.force_login(member)
    with time_machine.travel(time.time() + settings.SESSION_COOKIE_AGE - 60, tick=False):
        assert client.get("/").status_code == 200  # active: the session is renewed
    key = client.session.session_key
    renewed = Session.objects.get(session_key=key).expire_date.timestamp()
    assert renewed > time.time() + settings.SESSION_COOKIE_AGE
    with time_machine.travel(renewed + 1, tick=False):
        assert client.get("/").status_code == 302  # idle too long: back to sign-in
