"""Journey pages: list, add, edit (optimistic locking), reorder and remove stages."""

from __future__ import annotations

import pytest
from django.urls import reverse

from journeys.forms import MOMENT_OF_TRUTH_NOTE_MESSAGE
from journeys.models import Stage
from riskportal.concurrency import CONFLICT_MESSAGE
from tests.builders import make_risk, make_stage

pytestmark = pytest.mark.django_db


def _as(client, user):
    if user is not None:
        client.force_login(user)
    return client


def _url(name: str, register, stage=None) -> str:
    args = [register.pk] if stage is None else [register.pk, stage.pk]
    return reverse(f"journeys:{name}", args=args)


def _stage_data(stage: Stage | None = None, **changes) -> dict:
    data = {"name": "Arrival", "emotion": 0, "description": "", "channels": ""}
    if stage is not None:
        data.update(
            name=stage.name,
            emotion=stage.emotion,
            description=stage.description,
            channels=stage.channels,
            moment_of_truth_note=stage.moment_of_truth_note,
            version=stage.version,
        )
        if stage.is_moment_of_truth:
            data["is_moment_of_truth"] = "on"
    data.update(changes)
    return data


def _names(register) -> list[str]:
    return list(register.stages.order_by("order", "pk").values_list("name", flat=True))


# --- access -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "supervisor", "viewer"])
def test_it_shows_the_journey_to_the_team(client, request, persona, register, stage):
    response = _as(client, request.getfixturevalue(persona)).get(_url("stage_list", register))
    assert response.status_code == 200
    assert stage.name in response.content.decode()


def test_it_shows_no_edit_controls_to_viewers(client, viewer, register, stage):
    body = _as(client, viewer).get(_url("stage_list", register)).content.decode()
    urls = [_url("stage_create", register)] + [
        _url(name, register, stage) for name in ["stage_edit", "stage_delete", "stage_move"]
    ]
    assert stage.name in body
    assert [url for url in urls if url in body] == []


def test_it_answers_404_to_outsiders(client, outsider, register, stage):
    _as(client, outsider)
    statuses = {
        name: client.get(_url(name, register)).status_code
        for name in ["stage_list", "stage_create"]
    } | {
        name: client.post(_url(name, register, stage), {"direction": "up"}).status_code
        for name in ["stage_edit", "stage_delete", "stage_move"]
    }
    assert statuses == dict.fromkeys(
        ["stage_list", "stage_create", "stage_edit", "stage_delete", "stage_move"], 404
    )


def test_it_answers_404_for_a_stage_of_another_register(
    client, outsider, member, register, other_register
):
    foreign = make_stage(other_register, "Their stage")
    _as(client, member)
    url = reverse("journeys:stage_edit", args=[register.pk, foreign.pk])
    assert client.get(url).status_code == 404


def test_it_refuses_every_change_to_viewers(client, viewer, register, stage):
    _as(client, viewer)
    assert client.get(_url("stage_create", register)).status_code == 403
    assert client.post(_url("stage_create", register), _stage_data()).status_code == 403
    assert client.get(_url("stage_edit", register, stage)).status_code == 403
    assert client.post(_url("stage_edit", register, stage), _stage_data(stage)).status_code == 403
    assert client.post(_url("stage_delete", register, stage)).status_code == 403
    assert client.post(_url("stage_move", register, stage), {"direction": "up"}).status_code == 403
    assert Stage.objects.filter(pk=stage.pk).exists()


def test_it_sends_anonymous_users_to_sign_in(client, register, stage):
    for url in [
        _url("stage_list", register),
        _url("stage_create", register),
        _url("stage_edit", register, stage),
        _url("stage_delete", register, stage),
    ]:
        response = client.get(url)
        assert response.status_code == 302
        assert response["Location"].startswith(reverse("login"))
    response = client.post(_url("stage_move", register, stage), {"direction": "up"})
    assert response["Location"].startswith(reverse("login"))


def test_it_refuses_other_methods(client, member, register, stage):
    _as(client, member)
    assert client.post(_url("stage_list", register)).status_code == 405
    assert client.put(_url("stage_create", register)).status_code == 405
    assert client.delete(_url("stage_edit", register, stage)).status_code == 405
    assert client.put(_url("stage_delete", register, stage)).status_code == 405
    assert client.get(_url("stage_move", register, stage)).status_code == 405


def test_it_refuses_changes_to_an_archived_register(client, member, register, stage):
    register.status = "archived"
    register.save()
    _as(client, member)
    assert client.get(_url("stage_list", register)).status_code == 200
    assert client.get(_url("stage_create", register)).status_code == 403
    assert client.post(_url("stage_move", register, stage), {"direction": "up"}).status_code == 403


# --- add and edit -----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "supervisor"])
def test_it_adds_stages_at_the_end_of_the_journey(client, request, persona, register, stage):
    _as(client, request.getfixturevalue(persona))
    assert client.get(_url("stage_create", register)).status_code == 200
    response = client.post(
        _url("stage_create", register),
        _stage_data(
            name="Check-in",
            emotion=-1,
            is_moment_of_truth="on",
            moment_of_truth_note="First impression of the centre.",
        ),
    )
    added = Stage.objects.get(register=register, name="Check-in")
    assert response.status_code == 302
    assert response["Location"].endswith(f"#stage-{added.pk}")
    assert (added.order, added.emotion, added.is_moment_of_truth) == (stage.order + 1, -1, True)
    assert _names(register) == ["Booking", "Check-in"]


def test_it_returns_to_the_form_to_add_another(client, member, register):
    response = _as(client, member).post(
        _url("stage_create", register), _stage_data(add_another="1")
    )
    assert response["Location"] == _url("stage_create", register)


def test_it_asks_for_the_note_of_a_moment_of_truth(client, member, register):
    response = _as(client, member).post(
        _url("stage_create", register),
        _stage_data(name="Payment", is_moment_of_truth="on", moment_of_truth_note="   "),
    )
    assert response.status_code == 200
    form = response.context["form"]
    assert form.errors == {"moment_of_truth_note": [MOMENT_OF_TRUTH_NOTE_MESSAGE]}
    body = response.content.decode()
    assert 'href="#id_moment_of_truth_note"' in body
    assert 'value="Payment"' in body
    assert not Stage.objects.filter(name="Payment").exists()


def test_it_refuses_a_second_stage_with_the_same_name(client, member, register, stage):
    response = _as(client, member).post(
        _url("stage_create", register), _stage_data(name=stage.name.lower())
    )
    assert response.status_code == 200
    assert "already has a stage with that name" in response.context["form"].errors["name"][0]


def test_it_lets_another_register_reuse_a_stage_name(client, member, team, register, stage):
    from tests.builders import make_register

    second = make_register(team, title="Second")
    response = _as(client, member).post(_url("stage_create", second), _stage_data(name="Booking"))
    assert response.status_code == 302


@pytest.mark.parametrize("persona", ["member", "supervisor"])
def test_it_edits_a_stage(client, request, persona, register, stage):
    _as(client, request.getfixturevalue(persona))
    assert client.get(_url("stage_edit", register, stage)).status_code == 200
    response = client.post(
        _url("stage_edit", register, stage), _stage_data(stage, channels="Phone, web")
    )
    assert response.status_code == 302
    stage.refresh_from_db()
    assert (stage.channels, stage.version) == ("Phone, web", 2)


def test_it_refuses_a_stale_stage_edit_and_keeps_the_input(client, member, supervisor, stage):
    register = stage.register
    url = _url("stage_edit", register, stage)
    assert (
        _as(client, supervisor).post(url, _stage_data(stage, channels="First")).status_code == 302
    )
    response = _as(client, member).post(url, _stage_data(stage, channels="Second"))
    assert response.status_code == 200
    assert CONFLICT_MESSAGE in response.context["form"].non_field_errors()
    assert 'value="Second"' in response.content.decode()
    stage.refresh_from_db()
    assert (stage.channels, stage.version) == ("First", 2)


# --- reorder ----------------------------------------------------------------------------


@pytest.fixture
def journey(register):
    return [make_stage(register, name) for name in ["Booking", "Arrival", "Swim", "Leaving"]]


def test_it_moves_a_stage_up_and_down_without_javascript(client, member, register, journey):
    _as(client, member)
    response = client.post(_url("stage_move", register, journey[2]), {"direction": "up"})
    assert response.status_code == 302
    assert response["Location"].endswith(f"#stage-{journey[2].pk}")
    assert _names(register) == ["Booking", "Swim", "Arrival", "Leaving"]
    client.post(_url("stage_move", register, journey[0]), {"direction": "down"})
    assert _names(register) == ["Swim", "Booking", "Arrival", "Leaving"]
    assert list(register.stages.order_by("order").values_list("order", flat=True)) == [1, 2, 3, 4]


def test_it_leaves_the_ends_of_the_journey_where_they_are(client, member, register, journey):
    _as(client, member)
    client.post(_url("stage_move", register, journey[0]), {"direction": "up"})
    client.post(_url("stage_move", register, journey[3]), {"direction": "down"})
    client.post(_url("stage_move", register, journey[1]), {"direction": "sideways"})
    assert _names(register) == ["Booking", "Arrival", "Swim", "Leaving"]


def test_it_reorders_in_place_for_htmx(client, member, register, journey):
    response = _as(client, member).post(
        _url("stage_move", register, journey[1]),
        {"direction": "up"},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="stages">')
    assert "<html" not in body
    assert body.index("Arrival") < body.index("Booking")
    assert "moved to position 1" in body


# --- remove -----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "supervisor"])
def test_it_removes_a_stage_after_confirmation(client, request, persona, register, stage):
    _as(client, request.getfixturevalue(persona))
    page = client.get(_url("stage_delete", register, stage))
    assert page.status_code == 200
    assert "Remove stage" in page.content.decode()
    assert client.post(_url("stage_delete", register, stage)).status_code == 302
    assert not Stage.objects.filter(pk=stage.pk).exists()


def test_it_refuses_to_remove_a_stage_with_risks(client, member, register, stage):
    risk = make_risk(register, stage=stage, title="Queue at the till")
    _as(client, member)
    page = client.get(_url("stage_delete", register, stage))
    body = page.content.decode()
    assert "cannot be removed while risks are recorded at it" in body
    assert risk.reference in body
    assert "Remove stage</button>" not in body
    response = client.post(_url("stage_delete", register, stage), follow=True)
    assert Stage.objects.filter(pk=stage.pk).exists()
    assert "cannot be removed" in response.content.decode()
