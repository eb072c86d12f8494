"""Register pages: list, create, edit (optimistic locking, fixed matrix) and archive."""

from __future__ import annotations

import pytest
from django.urls import reverse

from registers.forms import MATRIX_LOCKED_MESSAGE
from registers.models import Register
from riskportal.concurrency import CONFLICT_MESSAGE
from tests.builders import make_register, make_risk, preset

pytestmark = pytest.mark.django_db


def _as(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _edit_data(register: Register, **changes) -> dict:
    data = {
        "title": register.title,
        "organisation": register.organisation,
        "service": register.service,
        "customers": register.customers,
        "context": register.context,
        "scope": register.scope,
        "owner": register.owner_id or "",
        "matrix": register.matrix_id,
        "status": register.status,
        "review_months_high": register.review_months_high,
        "review_months_medium": register.review_months_medium,
        "review_months_low": register.review_months_low,
        "version": register.version,
    }
    data.update(changes)
    return data


# --- list -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "supervisor", "viewer"])
def test_it_lists_the_registers_of_my_teams(client, request, persona, register, other_register):
    response = _as(client, request.getfixturevalue(persona)).get(reverse("registers:list"))
    assert response.status_code == 200
    assert register.title in response.content.decode()
    assert other_register.title not in response.content.decode()


def test_it_shows_outsiders_only_their_own_registers(client, outsider, register, other_register):
    body = _as(client, outsider).get(reverse("registers:list")).content.decode()
    assert other_register.title in body
    assert register.title not in body


def test_it_sends_anonymous_users_to_sign_in(client, register):
    urls = [
        reverse("registers:list"),
        reverse("registers:create"),
        reverse("registers:edit", args=[register.pk]),
        reverse("registers:archive", args=[register.pk]),
    ]
    answers = {url: client.get(url) for url in urls}
    assert {url: response.status_code for url, response in answers.items()} == dict.fromkeys(
        urls, 302
    )
    assert all(r["Location"].startswith(reverse("login")) for r in answers.values())


def test_it_refuses_other_methods(client, member, register):
    _as(client, member)
    assert client.post(reverse("registers:list")).status_code == 405
    assert client.put(reverse("registers:create")).status_code == 405
    assert client.delete(reverse("registers:edit", args=[register.pk])).status_code == 405
    assert client.put(reverse("registers:archive", args=[register.pk])).status_code == 405


def test_it_counts_open_risks_per_current_level(client, member, register, stage):
    make_risk(register, stage=stage, rating=(5, 5, 1, 1))  # High, no residual
    make_risk(register, stage=stage, rating=(5, 5, 1, 1), residual=(1, 1, 1, 1))  # now Low
    make_risk(register, stage=stage, rating=(3, 3, 1, 1))  # Medium
    make_risk(register, stage=stage)  # not rated
    make_risk(register, stage=stage, rating=(5, 5, 1, 1), status="closed")  # not counted
    response = _as(client, member).get(reverse("registers:list"))
    row = next(r for r in response.context["registers"] if r.pk == register.pk)
    assert (row.risks_total, row.risks_high, row.risks_medium, row.risks_low) == (4, 1, 1, 1)
    assert row.risks_unrated == 1
    assert "High 1" in response.content.decode()


def test_it_hides_the_new_register_button_from_viewers(client, viewer, register):
    body = _as(client, viewer).get(reverse("registers:list")).content.decode()
    assert reverse("registers:create") not in body


def _fill(team, registers: int, risks_each: int) -> None:
    for _ in range(registers):
        extra = make_register(team)
        for _ in range(risks_each):
            make_risk(extra, rating=(2, 2, 1, 1))


def test_it_lists_registers_in_a_fixed_number_of_queries(
    client, member, team, register, request_overhead, django_assert_num_queries
):
    client.force_login(member)
    overhead = request_overhead()
    _fill(team, registers=2, risks_each=5)
    # The registers with their counts, and "may the user start one?"
    with django_assert_num_queries(overhead + 2):
        client.get(reverse("registers:list"))
    _fill(team, registers=8, risks_each=20)
    with django_assert_num_queries(overhead + 2):
        response = client.get(reverse("registers:list"))
    assert len(response.context["registers"]) == 11


# --- create -----------------------------------------------------------------------------


def _create_data(team, **changes) -> dict:
    data = {
        "team": team.pk,
        "title": "Swimming lessons",
        "customers": "external",
        "matrix": preset("4x4-cell").pk,
        "status": "active",
        "review_months_high": 1,
        "review_months_medium": 3,
        "review_months_low": 6,
    }
    data.update(changes)
    return data


@pytest.mark.parametrize("persona", ["member", "supervisor"])
def test_it_creates_a_register_in_my_team(client, request, persona, team):
    user = request.getfixturevalue(persona)
    _as(client, user)
    assert client.get(reverse("registers:create")).status_code == 200
    response = client.post(reverse("registers:create"), _create_data(team))
    register = Register.objects.get(title="Swimming lessons")
    assert response.status_code == 302
    assert response["Location"] == register.get_absolute_url()
    assert (register.team, register.owner, register.matrix.slug) == (team, user, "4x4-cell")


def test_it_refuses_register_creation_to_viewers(client, viewer):
    _as(client, viewer)
    assert client.get(reverse("registers:create")).status_code == 403
    assert client.post(reverse("registers:create"), {}).status_code == 403


def test_it_does_not_let_an_outsider_create_a_register_in_another_team(client, outsider, team):
    response = _as(client, outsider).post(reverse("registers:create"), _create_data(team))
    assert response.status_code == 200
    assert "team" in response.context["form"].errors
    assert not Register.objects.filter(title="Swimming lessons").exists()


def test_it_offers_only_preset_matrices_and_my_editable_teams(client, member, team, other_team):
    form = _as(client, member).get(reverse("registers:create")).context["form"]
    assert list(form.fields["team"].queryset) == [team]
    matrices = list(form.fields["matrix"].queryset)
    assert matrices and all(m.is_preset for m in matrices)


def test_it_explains_a_duplicate_title_and_keeps_the_input(client, member, team, register):
    response = _as(client, member).post(
        reverse("registers:create"),
        _create_data(team, title=register.title.upper(), scope="Kept text"),
    )
    assert response.status_code == 200
    assert "already has a register called" in response.context["form"].errors["title"][0]
    body = response.content.decode()
    assert "There is a problem" in body
    assert 'href="#id_title"' in body
    assert "Kept text" in body


# --- edit -------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "supervisor"])
def test_it_saves_register_details(client, request, persona, register):
    _as(client, request.getfixturevalue(persona))
    url = reverse("registers:edit", args=[register.pk])
    assert client.get(url).status_code == 200
    response = client.post(url, _edit_data(register, scope="Front desk only"))
    assert response.status_code == 302
    register.refresh_from_db()
    assert (register.scope, register.version) == ("Front desk only", 2)


def test_it_refuses_edits_to_viewers(client, viewer, register):
    _as(client, viewer)
    url = reverse("registers:edit", args=[register.pk])
    assert client.get(url).status_code == 403
    assert client.post(url, _edit_data(register, scope="No")).status_code == 403
    register.refresh_from_db()
    assert register.scope == ""


def test_it_hides_other_teams_registers_from_outsiders(client, outsider, register):
    _as(client, outsider)
    statuses = {
        (method, name): getattr(client, method)(reverse(name, args=[register.pk])).status_code
        for name in ["registers:edit", "registers:archive"]
        for method in ("get", "post")
    }
    assert len(statuses) == 4
    assert set(statuses.values()) == {404}, statuses


def test_it_refuses_a_stale_edit_and_keeps_what_was_typed(client, member, supervisor, register):
    url = reverse("registers:edit", args=[register.pk])
    first, second = _edit_data(register, scope="First"), _edit_data(register, scope="Second")
    assert _as(client, supervisor).post(url, first).status_code == 302
    response = _as(client, member).post(url, second)
    assert response.status_code == 200
    assert CONFLICT_MESSAGE in response.context["form"].non_field_errors()
    assert "Second" in response.content.decode()
    register.refresh_from_db()
    assert (register.scope, register.version) == ("First", 2)


def test_it_refuses_to_change_the_matrix_once_a_risk_is_rated(client, member, register):
    make_risk(register, rating=(2, 2, 1, 1))
    url = reverse("registers:edit", args=[register.pk])
    response = _as(client, member).post(url, _edit_data(register, matrix=preset("3x3-simple").pk))
    assert response.status_code == 200
    assert response.context["form"].errors["matrix"] == [MATRIX_LOCKED_MESSAGE]
    register.refresh_from_db()
    assert register.matrix.slug == "5x5-standard"


def test_it_lets_the_matrix_change_while_no_risk_is_rated(client, member, register):
    make_risk(register)  # recorded but not rated
    url = reverse("registers:edit", args=[register.pk])
    response = _as(client, member).post(url, _edit_data(register, matrix=preset("3x3-simple").pk))
    assert response.status_code == 302
    register.refresh_from_db()
    assert register.matrix.slug == "3x3-simple"


# --- archive ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "supervisor"])
def test_it_archives_after_a_confirmation_page(client, request, persona, register):
    _as(client, request.getfixturevalue(persona))
    url = reverse("registers:archive", args=[register.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Archive register" in page.content.decode()
    register.refresh_from_db()
    assert register.status == "draft"
    assert client.post(url).status_code == 302
    register.refresh_from_db()
    assert (register.status, register.version) == ("archived", 2)


def test_it_makes_an_archived_register_read_only(client, member, register):
    _as(client, member)
    client.post(reverse("registers:archive", args=[register.pk]))
    assert client.get(reverse("registers:edit", args=[register.pk])).status_code == 403
    overview = client.get(register.get_absolute_url())
    assert overview.status_code == 200
    assert reverse("registers:edit", args=[register.pk]) not in overview.content.decode()


def test_it_refuses_archiving_to_viewers(client, viewer, register):
    _as(client, viewer)
    assert client.get(reverse("registers:archive", args=[register.pk])).status_code == 403
    assert client.post(reverse("registers:archive", args=[register.pk])).status_code == 403
    register.refresh_from_db()
    assert register.status == "draft"
