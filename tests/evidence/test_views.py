"""The evidence pages: options and download, print preview, background jobs."""

from __future__ import annotations

import pytest
from django.urls import reverse

from evidence.models import ExportJob
from evidence.pack import SECTION_CODES
from tests import builders
from tests.evidence.reading import reader

ALL = {"sections": list(SECTION_CODES), "annotations": "on"}


def _url(name: str, register, **kwargs) -> str:
    return reverse(f"evidence:{name}", kwargs={"register_id": register.pk, **kwargs})


# --- Options page and download ---------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "supervisor", "viewer"])
def test_it_shows_the_options_to_everyone_in_the_team(client, register, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(_url("pack", register))
    assert response.status_code == 200
    assert b"Redact personal names" in response.content
    assert b"Download the PDF" in response.content


@pytest.mark.parametrize("persona", ["member", "supervisor", "viewer"])
def test_it_downloads_the_pdf_as_an_attachment(client, register, stage, persona, request):
    builders.make_risk(register, stage=stage, title="Slippery floor", rating=(2, 2, 2, 2))
    client.force_login(request.getfixturevalue(persona))
    response = client.post(_url("pack", register), ALL)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment; filename=")
    assert "front-desk-register-evidence-" in response["Content-Disposition"]
    assert response["Cache-Control"] == "private, no-store"
    assert len(reader(response.content).pages) >= 5


def test_it_names_the_exporting_user_as_the_learner(client, register, viewer):
    client.force_login(viewer)
    response = client.post(_url("pack", register), {"sections": ["context"]})
    assert reader(response.content).metadata.author == "Val Viewer"


def test_it_explains_a_missing_choice(client, register, member):
    client.force_login(member)
    response = client.post(_url("pack", register), {"annotations": "on"})
    assert response.status_code == 400
    assert b"There is a problem" in response.content
    assert b"Choose at least one section to include." in response.content


def test_it_hides_other_teams_registers(client, other_register, member):
    client.force_login(member)
    assert client.get(_url("pack", other_register)).status_code == 404
    assert client.post(_url("pack", other_register), ALL).status_code == 404
    assert client.get(_url("preview", other_register)).status_code == 404


def test_it_sends_anonymous_users_to_sign_in(client, register):
    for url in (_url("pack", register), _url("preview", register)):
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))


def test_it_refuses_other_methods(client, register, member):
    client.force_login(member)
    assert client.put(_url("pack", register)).status_code == 405
    assert client.put(_url("preview", register)).status_code == 405


def test_the_preview_takes_the_options_by_post_keeping_the_token_out_of_the_url(
    client, register, member
):
    client.force_login(member)
    response = client.post(_url("preview", register), {"sections": ["context"]})
    assert response.status_code == 200
    assert b"Context and scope" in response.content


def test_it_pins_the_options_page_queries(client, register, member, django_assert_num_queries):
    client.force_login(member)
    client.get(_url("pack", register))  # the session's first request does more
    with django_assert_num_queries(5):
        client.get(_url("pack", register))
    for _ in range(4):
        ExportJob.objects.create(register=register, requested_by=member)
    with django_assert_num_queries(5):
        response = client.get(_url("pack", register))
    assert response.content.count(b"Waiting for the export worker") == 4


# --- Preview ---------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "supervisor", "viewer"])
def test_it_previews_the_pack_in_the_browser(client, register, stage, persona, request):
    builders.make_risk(register, stage=stage, title="Slippery floor", rating=(2, 2, 2, 2))
    client.force_login(request.getfixturevalue(persona))
    response = client.get(_url("preview", register), {"sections": ["risks", "register"]})
    assert response.status_code == 200
    html = response.content.decode()
    assert 'href="/static/css/evidence-print.css"' in html
    assert "R-001" in html and "Slippery floor" in html
    assert "Action log" not in html  # not chosen
    assert "<script" not in html


def test_it_previews_everything_by_default(client, register, member):
    client.force_login(member)
    html = client.get(_url("preview", register)).content.decode()
    for heading in ("Context and scope", "Risk matrix", "Action log", "Reviews and sign-off"):
        assert heading in html


@pytest.mark.parametrize(
    ("params", "queries"),
    [({}, 14), ({"sections": SECTION_CODES, "annotations": "on", "redact_names": "on"}, 15)],
    ids=["everything", "everything redacted"],
)
def test_it_keeps_the_preview_query_count_flat(
    client, register, stage, member, django_assert_num_queries, params, queries
):
    client.force_login(member)
    builders.make_risk(register, stage=stage, rating=(2, 2, 2, 2))
    client.get(_url("preview", register), params)  # the session's first request does more
    with django_assert_num_queries(queries):  # the matrix and criteria come from the cache
        client.get(_url("preview", register), params)
    for _ in range(3):
        builders.make_risk(register, stage=stage, rating=(3, 3, 3, 3), residual=(1, 1, 1, 1))
    with django_assert_num_queries(queries):
        response = client.get(_url("preview", register), params)
    assert b"Criteria coverage" in response.content


# --- Background export ---------------------------------------------------------------------


@pytest.fixture
def large(settings, register, stage):
    """A register over the size a web request renders itself."""
    settings.EVIDENCE_SYNC_MAX_RISKS = 1
    builders.make_risk(register, stage=stage, rating=(2, 2, 2, 2))
    builders.make_risk(register, stage=stage, rating=(4, 4, 4, 4))
    return register


def test_it_prepares_a_large_pack_in_the_background(client, large, member):
    client.force_login(member)
    page = client.get(_url("pack", large))
    assert b"prepared in the background" in page.content
    assert b"Prepare the PDF" in page.content

    response = client.post(_url("pack", large), {**ALL, "redact_names": "on"})
    job = ExportJob.objects.get()
    assert response.status_code == 302
    assert response["Location"] == job.get_absolute_url()
    assert job.requested_by == member and job.status == ExportJob.Status.QUEUED
    assert job.options["redact_names"] is True


def test_it_polls_the_job_status_with_htmx_and_a_plain_refresh_link(client, large, member):
    job = ExportJob.objects.create(register=large, requested_by=member)
    client.force_login(member)
    page = client.get(job.get_absolute_url())
    assert page.status_code == 200
    assert b'hx-trigger="every 3s"' in page.content
    assert b">Refresh</a>" in page.content

    fragment = client.get(job.get_absolute_url(), headers={"HX-Request": "true"})
    assert fragment.content.lstrip().startswith(b'<div id="job-status"')
    assert b"<html" not in fragment.content


def test_it_stops_polling_and_offers_the_download_when_ready(client, large, member):
    from django.core.files.base import ContentFile

    job = ExportJob.objects.create(register=large, requested_by=member)
    job.file.save("pack.pdf", ContentFile(b"%PDF-1.7 test"), save=False)
    job.status, job.filename, job.pages = ExportJob.Status.DONE, "large-evidence.pdf", 3
    job.save()
    client.force_login(member)
    page = client.get(job.get_absolute_url())
    assert b"hx-trigger" not in page.content
    assert b"Download large-evidence.pdf" in page.content

    download = client.get(_url("job_download", large, job_id=job.pk))
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="large-evidence.pdf"'
    assert b"".join(download.streaming_content) == b"%PDF-1.7 test"


def test_it_shows_a_job_only_to_the_person_who_asked(client, large, member, supervisor, outsider):
    job = ExportJob.objects.create(register=large, requested_by=member)
    for user in (supervisor, outsider):
        client.force_login(user)
        assert client.get(job.get_absolute_url()).status_code == 404
        assert client.get(_url("job_download", large, job_id=job.pk)).status_code == 404


def test_it_offers_no_download_before_the_job_is_done(client, large, member):
    job = ExportJob.objects.create(register=large, requested_by=member)
    client.force_login(member)
    assert client.get(_url("job_download", large, job_id=job.pk)).status_code == 404
    assert client.post(job.get_absolute_url()).status_code == 405
