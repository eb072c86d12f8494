"""The evidence pages: options and download, print preview, background jobs."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from evidence.models import PackExport
from evidence.pack import SECTION_CODES
from tests import builders

ALL = {"sections": list(SECTION_CODES), "annotations": "on"}


def _url(name: str, register, **kwargs) -> str:
    return reverse(f"evidence:{name}", kwargs={"register_id": register.pk, **kwargs})


# --- Options page and asking for an export ---------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "supervisor", "viewer"])
def test_it_shows_the_options_to_everyone_in_the_team(client, register, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(_url("pack", register))
    assert response.status_code == 200
    assert b"Redact personal names" in response.content
    assert b"Prepare the PDF" in response.content


@pytest.mark.parametrize("persona", ["member", "supervisor", "viewer"])
def test_it_queues_the_pdf_as_a_task_and_answers_at_once(
    client, register, stage, persona, request, monkeypatch, django_capture_on_commit_callbacks
):
    def no_rendering_here(*args, **kwargs):
        raise AssertionError("A web request rendered a PDF.")

    monkeypatch.setattr("evidence.services.render_pdf", no_rendering_here)
    builders.make_risk(register, stage=stage, title="Slippery floor", rating=(2, 2, 2, 2))
    user = request.getfixturevalue(persona)
    client.force_login(user)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(_url("pack", register), {**ALL, "redact_names": "on"})
    assert len(callbacks) == 1  # the task is enqueued once the export row is committed
    export = PackExport.objects.get()
    assert response.status_code == 302
    assert response["Location"] == export.get_absolute_url()
    assert export.requested_by == user and export.status == PackExport.Status.QUEUED
    assert export.options["redact_names"] is True
    task = DBTaskResult.objects.get()
    assert task.task_path == "evidence.tasks.render_export"
    assert task.args_kwargs == {"args": [str(export.pk)], "kwargs": {}}
    assert export.task_id == str(task.id)


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
    responses = [client.get(_url(name, register)) for name in ("pack", "preview")]
    assert [response.status_code for response in responses] == [302, 302]
    assert all(response["Location"].startswith(reverse("login")) for response in responses)


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
    with django_assert_num_queries(4):
        client.get(_url("pack", register))
    for status in ("failed", "failed", "failed", "queued"):
        PackExport.objects.create(register=register, requested_by=member, status=status)
    with django_assert_num_queries(4):
        response = client.get(_url("pack", register))
    assert response.content.count(b">Failed</a>") == 3
    assert response.content.count(b">Waiting for a worker</a>") == 1


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
    headings = ["Context and scope", "Risk matrix", "Action log", "Reviews and sign-off"]
    assert [heading for heading in headings if heading not in html] == []


@pytest.mark.parametrize(
    ("params", "queries"),
    [({}, 16), ({"sections": SECTION_CODES, "annotations": "on", "redact_names": "on"}, 17)],
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


# --- An export and its progress ---------------------------------------------------------------


def _export(register, user, **fields) -> PackExport:
    return PackExport.objects.create(register=register, requested_by=user, **fields)


def _done(register, user, content=b"%PDF-1.7 test") -> PackExport:
    export = _export(register, user, pages_expected=3)
    export.file.save("pack.pdf", ContentFile(content), save=False)
    export.status, export.phase = PackExport.Status.DONE, PackExport.Phase.DONE
    export.filename, export.pages, export.finished_at = "front-desk-evidence.pdf", 3, timezone.now()
    export.save()
    return export


def test_a_second_request_joins_the_running_export(client, register, member):
    client.force_login(member)
    first = client.post(_url("pack", register), ALL)
    second = client.post(_url("pack", register), {"sections": ["context"]}, follow=True)
    export = PackExport.objects.get()
    assert first["Location"] == second.redirect_chain[0][0] == export.get_absolute_url()
    assert b"still being prepared; here it is" in second.content
    assert export.options["sections"] == list(SECTION_CODES)  # the first request's options


def test_the_export_button_is_disabled_while_one_is_running(client, register, member):
    client.force_login(member)
    assert b"disabled" not in client.get(_url("pack", register)).content
    export = _export(register, member, status="running", phase="layout")
    page = client.get(_url("pack", register)).content.decode()
    assert '<button type="submit" class="btn btn-primary" disabled' in page
    assert f'href="{export.get_absolute_url()}">See its progress' in page


def test_it_caps_the_exports_a_user_has_waiting(client, settings, team, member):
    settings.EVIDENCE_MAX_PENDING_PER_USER = 2
    registers = [builders.make_register(team, title=f"Register {n}") for n in range(3)]
    client.force_login(member)
    for register in registers[:2]:
        assert client.post(_url("pack", register), ALL).status_code == 302
    refused = client.post(_url("pack", registers[2]), ALL)
    assert refused.status_code == 429
    assert b"You already have 2 evidence packs being prepared" in refused.content
    assert PackExport.objects.count() == 2
    PackExport.objects.filter(register=registers[0]).update(status="done", file="x.pdf")
    assert client.post(_url("pack", registers[2]), ALL).status_code == 302


def test_two_racing_requests_make_one_export(register, member):
    from django.db import IntegrityError, transaction

    _export(register, member)
    with pytest.raises(IntegrityError), transaction.atomic():
        _export(register, member, status="running")
    _export(register, member, status="failed")  # finished ones do not count
    assert PackExport.objects.count() == 2


def test_the_progress_page_polls_with_htmx_and_shows_each_step(client, register, member):
    export = _export(register, member, pages_expected=40)
    client.force_login(member)
    page = client.get(export.get_absolute_url()).content.decode()
    assert 'hx-trigger="every 1s"' in page and ">Refresh</a>" in page
    for step in ("Queued", "Reading the register", "Laying out the pages", "Done"):
        assert step in page
    assert "Preparing the PDF…</button>" in page and "disabled" in page

    PackExport.objects.filter(pk=export.pk).update(
        status="running", phase="layout", pages_done=12, started_at=timezone.now()
    )
    fragment = client.get(export.get_absolute_url(), headers={"HX-Request": "true"})
    text = fragment.content.decode()
    assert text.lstrip().startswith('<div id="export-status"')
    assert "<html" not in text
    assert "Laying out the pages: page 12 of about 40" in text
    assert "so far, about" in text and "to go (from about 40 pages)" in text


def test_it_stops_polling_and_offers_the_download_when_ready(client, register, member):
    export = _done(register, member)
    client.force_login(member)
    page = client.get(export.get_absolute_url())
    assert b"hx-trigger" not in page.content
    assert b"Download front-desk-evidence.pdf" in page.content

    download = client.get(export.get_download_url())
    assert download.status_code == 200
    assert download["Content-Disposition"] == 'attachment; filename="front-desk-evidence.pdf"'
    assert download["Cache-Control"] == "private, no-store"
    assert b"".join(download.streaming_content) == b"%PDF-1.7 test"


def test_it_offers_the_finished_pdf_on_the_evidence_page_and_the_dashboard(
    client, register, member
):
    export = _done(register, member)
    client.force_login(member)
    for url in (_url("pack", register), reverse("dashboard:home")):
        assert f'href="{export.get_download_url()}"'.encode() in client.get(url).content
    home = client.get(reverse("dashboard:home")).content.decode()
    assert "Your evidence pack of <strong>Front desk register</strong> is ready" in home


def test_the_dashboard_mentions_a_running_export_and_forgets_old_ones(
    client, register, member, time_machine
):
    time_machine.move_to("2026-03-14 10:00:00+00:00", tick=False)
    running = _export(register, member, status="running")
    client.force_login(member)
    home = client.get(reverse("dashboard:home")).content.decode()
    assert f'href="{running.get_absolute_url()}">See its progress' in home
    PackExport.objects.filter(pk=running.pk).update(status="failed")
    done = _done(register, member)
    assert done.get_download_url() in client.get(reverse("dashboard:home")).content.decode()
    time_machine.shift(dt.timedelta(days=1, minutes=1))
    assert done.get_download_url() not in client.get(reverse("dashboard:home")).content.decode()


def test_it_shows_an_export_only_to_the_person_who_asked(
    client, register, member, supervisor, outsider
):
    export = _done(register, member)
    for user in (supervisor, outsider):
        client.force_login(user)
        assert client.get(export.get_absolute_url()).status_code == 404
        assert client.get(export.get_download_url()).status_code == 404
        assert (
            export.get_download_url() not in client.get(reverse("dashboard:home")).content.decode()
        )


def test_it_offers_no_download_before_the_export_is_done(client, register, member):
    export = _export(register, member, status="running")
    client.force_login(member)
    assert client.get(export.get_download_url()).status_code == 404
    assert client.post(export.get_absolute_url()).status_code == 405


def test_a_stale_running_export_is_queued_again_when_its_page_is_polled(
    client, register, member, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to("2026-03-14 10:00:00+00:00", tick=False)
    export = _export(
        register, member, status="running", phase="layout", attempts=1, heartbeat_at=timezone.now()
    )
    client.force_login(member)
    time_machine.shift(dt.timedelta(seconds=60))
    assert b"Laying out" in client.get(export.get_absolute_url()).content  # not stale yet
    time_machine.shift(dt.timedelta(seconds=60))
    client.get(export.get_absolute_url())
    export.refresh_from_db()
    assert export.status == PackExport.Status.QUEUED and export.phase == "queued"
    assert DBTaskResult.objects.filter(id=export.task_id).exists()  # enqueued again


def test_the_progress_page_says_when_no_worker_has_taken_the_export(
    client, register, member, time_machine
):
    time_machine.move_to(timezone.now(), tick=False)
    export = _export(register, member)
    client.force_login(member)
    time_machine.shift(dt.timedelta(seconds=59))
    assert b"No export worker has taken it yet" not in client.get(export.get_absolute_url()).content
    time_machine.shift(dt.timedelta(seconds=2))
    assert b"No export worker has taken it yet" in client.get(export.get_absolute_url()).content
    PackExport.objects.filter(pk=export.pk).update(status="running", phase="reading")
    assert b"No export worker has taken it yet" not in client.get(export.get_absolute_url()).content
