"""No web request renders a PDF: every URL of every app and the admin, read and posted by
a member of the team (with the evidence pack's own options too), with WeasyPrint made to
fail loudly if anything calls it. PDFs are the task worker's job (evidence.tasks)."""

from __future__ import annotations

import pytest
from weasyprint import HTML

from evidence.pack import SECTION_CODES
from tests.security.routes import requests_for

pytestmark = pytest.mark.django_db


def test_no_request_lays_out_a_pdf(client, world, member, monkeypatch):
    def refuse(*args, **kwargs):
        raise AssertionError("A web request called WeasyPrint.")

    monkeypatch.setattr(HTML, "render", refuse)
    monkeypatch.setattr(HTML, "write_pdf", refuse)
    client.force_login(member)
    sent = 0
    for route, path in requests_for(world):
        if route.name in ("logout", "password_change"):
            continue
        client.get(path)
        data = {"sections": list(SECTION_CODES), "annotations": "on"}
        client.post(path, data if route.name.startswith("evidence:") else {})
        sent += 2
    assert sent > 300  # every URL, read and posted
