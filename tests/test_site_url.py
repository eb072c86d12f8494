"""Links in emails point at the server that sent them: SITE_URL follows PORT by default."""

from __future__ import annotations

import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _site_url(**env: str) -> str:
    environment = {k: v for k, v in os.environ.items() if k not in {"SITE_URL", "PORT"}}
    environment.update(env, DJANGO_SETTINGS_MODULE="riskportal.settings")
    code = (
        "import django; django.setup(); from django.conf import settings; print(settings.SITE_URL)"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({}, "http://127.0.0.1:8000"),
        ({"PORT": "8123"}, "http://127.0.0.1:8123"),
        ({"PORT": "8123", "SITE_URL": "https://risk.example.org/"}, "https://risk.example.org"),
    ],
)
def test_it_follows_the_port_unless_a_site_url_is_given(env, expected):
    assert _site_url(**env) == expected


def test_make_run_hands_its_port_to_the_server():
    """``make run PORT=8001`` serves on 8001 and tells the settings, so emails link there."""
    makefile = (ROOT / "Makefile").read_text()
    run = makefile.split("\nrun:", 1)[1].split("\n\n", 1)[0]
    assert "PORT=$(PORT) scripts/run" in run
    script = (ROOT / "scripts" / "run").read_text()
    assert re.search(r'PORT="\$port" .*runserver "127\.0\.0\.1:\$\{port\}"', script)
