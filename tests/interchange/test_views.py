"""The import and export pages: who may use them, and the flow from upload to commit."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from assessments.models import Risk
from interchange.models import ImportSession
from registers.models import Register
from tests.builders import PMO_CATEGORIES, pmo_bytes, preset

pytestmark = pytest.mark.django_db


def export_url(register, fmt=None):
    if fmt:
        return reverse("interchange_register:download", args=[register.pk, fmt])
    return reverse("interchange_register:export", args=[register.pk])


@pytest.mark.parametrize("who", ["member", "supervisor", "viewer"])
@pytest.mark.parametrize("fmt", [None, "xlsx", "csv", "json"])
def test_it_lets_the_team_export(client, register, who, fmt, request):
    client.force_login(request.getfixturevalue(who))
    response = client.get(export_url(register, fmt))
    assert response.status_code == 200
    if fmt:
        assert response["Content-Disposition"].startswith("attachment; filename=")
    else:
        assert b"Download .xlsx" in response.content
        assert (b"Import risks" in response.content) == (who != "viewer")


@pytest.mark.parametrize("fmt", [None, "xlsx"])
def test_it_hides_exports_from_outsiders_and_strangers(client, register, outsider, fmt):
    client.force_login(outsider)
    assert client.get(export_url(register, fmt)).status_code == 404
    client.logout()
    response = client.get(export_url(register, fmt))
    assert response.status_code == 302 and "/accounts/login/" in response["Location"]


def test_it_refuses_other_methods_and_unknown_formats(client, register, member):
    client.force_login(member)
    assert client.post(export_url(register, "xlsx")).status_code == 405
    assert client.post(export_url(register)).status_code == 405
    assert client.get(export_url(register, "pdf")).status_code == 404


def upload(client, **fields):
    data = {
        "file": SimpleUploadedFile("risk_register.csv", pmo_bytes("risk_register.csv")),
        "kind": "risks",
        **fields,
    }
    return client.post(reverse("interchange:start"), data)


def test_it_walks_from_upload_to_commit_writing_only_at_the_end(client, team, member):
    client.force_login(member)
    assert client.get(reverse("interchange:start")).status_code == 200
    response = upload(client, team=team.pk, title="PMO", matrix=preset().pk)
    session = ImportSession.objects.get()
    assert response.url == reverse("interchange:sheet", args=[session.pk])
    assert b"Supplier &amp; Delivery" in client.get(response.url).content
    response = client.post(response.url, {"header_row": 1})
    assert response.url == reverse("interchange:mapping", args=[session.pk])
    page = client.get(response.url)
    form = page.context["form"]
    data = {name: form[name].value() or "" for name in form.fields}
    for name, group, value in form.value_names:
        if group == "category":
            data[name] = PMO_CATEGORIES[value]
    response = client.post(response.url, data)
    assert response.url == reverse("interchange:preview", args=[session.pk])
    page = client.get(response.url)
    assert page.context["plan"].can_commit and b"Import 37 risks" in page.content
    assert not Register.objects.filter(title="PMO").exists()
    response = client.post(reverse("interchange:preview", args=[session.pk]))
    register = Register.objects.get(title="PMO")
    assert register.risks.count() == 37
    assert response.status_code == 302
    session.refresh_from_db()
    assert session.state == "committed" and session.register == register
    assert client.get(reverse("interchange:preview", args=[session.pk])).status_code == 404


def test_it_shows_problems_and_writes_nothing_when_they_remain(client, team, member):
    client.force_login(member)
    upload(client, team=team.pk, title="PMO", matrix=preset().pk)
    session = ImportSession.objects.get()
    url = reverse("interchange:preview", args=[session.pk])
    page = client.get(url)
    assert b"Engineering &amp; Design Change" in page.content and b"disabled" in page.content
    response = client.post(url, follow=True)
    assert b"nothing was written" in response.content
    assert not Register.objects.filter(title="PMO").exists() and not Risk.objects.exists()


def test_it_explains_an_unreadable_file(client, register, member):
    client.force_login(member)
    data = {
        "file": SimpleUploadedFile("register.xlsx", b"\x89PNG\r\n\x1a\n fake"),
        "kind": "risks",
        "register": register.pk,
    }
    response = client.post(reverse("interchange:start"), data)
    assert response.status_code == 200
    assert b"is not an Excel workbook" in response.content
    assert not ImportSession.objects.exists()


def test_it_only_imports_into_registers_the_user_may_change(
    client, register, other_register, viewer, outsider, member
):
    client.force_login(viewer)
    response = upload(client, register=register.pk)
    assert response.status_code == 403 and not ImportSession.objects.exists()
    client.force_login(member)
    response = upload(client, register=other_register.pk)
    assert "register" in response.context["form"].errors
    assert not ImportSession.objects.exists()


@pytest.mark.parametrize("step", ["sheet", "mapping", "preview"])
def test_it_keeps_each_import_to_its_owner(client, register, member, supervisor, outsider, step):
    client.force_login(member)
    upload(client, register=register.pk)
    session = ImportSession.objects.get()
    url = reverse(f"interchange:{step}", args=[session.pk])
    assert client.get(url).status_code == 200
    assert client.put(url).status_code == 405
    for other in (supervisor, outsider):  # even a supervisor of the same team
        client.force_login(other)
        assert client.get(url).status_code == 404
        assert client.post(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302
    assert not Risk.objects.exists()


def test_it_sends_strangers_to_sign_in_and_refuses_other_methods(client, member):
    url = reverse("interchange:start")
    assert client.get(url).status_code == 302
    client.force_login(member)
    assert client.delete(url).status_code == 405


def test_it_lets_a_supervisor_import_too(client, register, supervisor):
    client.force_login(supervisor)
    response = upload(client, register=register.pk)
    session = ImportSession.objects.get()
    assert response.url == reverse("interchange:sheet", args=[session.pk])
    assert session.created_by == supervisor and session.team == register.team


def test_abandoned_imports_are_deleted_with_their_files(tmp_path, register, member):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    from interchange.models import ImportSession
    from interchange.services import start_import
    from tests.builders import force_update

    data = b"Title,Category\nTills run out of change,financial\n"

    def started(days_ago: int, *, committed: bool = False) -> ImportSession:
        session = start_import(
            user=member, data=data, filename="risks.csv", kind="risks", register=register
        )
        fields = {"created_at": timezone.now() - dt.timedelta(days=days_ago)}
        if committed:
            fields["state"] = ImportSession.State.COMMITTED
        force_update(ImportSession.objects.filter(pk=session.pk), **fields)
        return session

    old, recent, done = started(3), started(1), started(5, committed=True)
    old_file = tmp_path / "media" / old.file.name
    assert old_file.exists()
    call_command("prune_imports", verbosity=0)  # IMPORT_KEEP_DAYS: 2
    assert set(ImportSession.objects.values_list("pk", flat=True)) == {recent.pk, done.pk}
    assert not old_file.exists()
    assert (tmp_path / "media" / recent.file.name).exists()


def test_it_hides_import_from_viewers_and_refuses_them_the_page(client, register, viewer, member):
    """A viewer has no team to import into: no "Import" in the menu, 403 on the page."""
    import_link = f'href="{reverse("interchange:start")}"'
    client.force_login(viewer)
    dashboard = client.get(reverse("dashboard:home")).content.decode()
    assert "Dashboard" in dashboard and import_link not in dashboard
    assert client.get(reverse("interchange:start")).status_code == 403
    client.force_login(member)
    assert import_link in client.get(reverse("dashboard:home")).content.decode()
    assert client.get(reverse("interchange:start")).status_code == 200
