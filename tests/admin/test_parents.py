"""A record's parent is read-only on its admin change page for everybody, site
administrators included; only a register's team stays theirs to change."""

from __future__ import annotations

from django.urls import reverse

from journeys.models import Stage
from registers.models import Register
from tests import builders
from tests.security.html_forms import forms_of


def _form_data(client, url: str) -> dict[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    (form,) = [f for f in forms_of(response.content.decode(), url) if f.action == url]
    return form.data()


def test_a_site_administrator_cannot_move_a_stage_to_another_register(
    client, site_admin, register, stage, other_register
):
    builders.make_risk(register, stage=stage, title="Queue spills outside")
    client.force_login(site_admin)
    url = reverse("admin:journeys_stage_change", args=[stage.pk])
    page = client.get(url)
    assert "register" in page.context["adminform"].readonly_fields
    data = _form_data(client, url)
    response = client.post(url, {**data, "register": [str(other_register.pk)], "name": ["Queue"]})
    assert response.status_code == 302  # the rest of the change is saved
    stage = Stage.objects.get(pk=stage.pk)
    assert (stage.name, stage.register) == ("Queue", register)


def test_a_site_administrator_still_moves_a_register_to_another_team(
    client, site_admin, admin_supervisor, register, other_team
):
    client.force_login(admin_supervisor)
    url = reverse("admin:registers_register_change", args=[register.pk])
    assert "team" in client.get(url).context["adminform"].readonly_fields
    client.force_login(site_admin)
    data = _form_data(client, url)
    assert client.post(url, {**data, "team": [str(other_team.pk)]}).status_code == 302
    assert Register.objects.get(pk=register.pk).team == other_team
