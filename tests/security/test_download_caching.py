"""Every download of team data tells caches not to keep it: ``Cache-Control: private, no-store``.

The CSV, xlsx and JSON exports went without it (only the PDF had it). Every URL of the
project is requested by a member of the team, as in ``test_url_access``, and every answer
that is a file (an attachment, or a spreadsheet, JSON or PDF body) must carry it.
"""

from __future__ import annotations

import pytest
from django.http import HttpResponse
from django.test import Client

from interchange import exporters
from riskportal.downloads import CACHE_CONTROL, no_store, private_download
from tests.security.routes import requests_for

pytestmark = pytest.mark.django_db

FILE_TYPES = tuple(t.split(";")[0] for t, _ in exporters.FORMATS.values()) + ("application/pdf",)


def is_download(response) -> bool:
    disposition = response.get("Content-Disposition", "")
    kind = response.get("Content-Type", "").split(";")[0].strip()
    return "attachment" in disposition or kind in FILE_TYPES


def directives(response) -> set[str]:
    return {part.strip() for part in response.get("Cache-Control", "").split(",") if part}


def test_every_download_is_private_and_never_stored(world):
    # A page that fails is test_url_access's business; this test looks only at downloads.
    client = Client(raise_request_exception=False)
    client.force_login(world.member)
    downloads, wrong = [], []
    for route, path in requests_for(world):
        response = client.get(path)
        if not is_download(response):
            continue
        downloads.append((route.name, path))
        if directives(response) != {"private", "no-store"}:
            wrong.append(f"{route.name} {path}: {response.get('Cache-Control')!r}")
    assert not wrong, "\n".join(wrong)
    names = [name for name, _ in downloads]
    assert names.count("interchange_register:download") == len(exporters.FORMATS) == 3


@pytest.mark.parametrize("fmt", sorted(exporters.FORMATS))
def test_each_export_is_private_and_never_stored(client, register, member, fmt):
    client.force_login(member)
    response = client.get(f"/registers/{register.pk}/export/{fmt}/")
    assert response.status_code == 200 and is_download(response)
    assert directives(response) == {"private", "no-store"}


def test_the_helpers_set_the_one_header():
    assert no_store(HttpResponse())["Cache-Control"] == CACHE_CONTROL == "private, no-store"
    view = private_download(lambda request: HttpResponse("x"))
    assert view(None)["Cache-Control"] == CACHE_CONTROL
