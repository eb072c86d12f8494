"""The access matrix of every assessments page: who may read, who may write, who sees 404.

member and supervisor: read and write; viewer: read only (403 on writes); outsider (another
team): 404; anonymous: redirected to sign in; an unsupported method: 405.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import (
    Action,
    Annotation,
    AwarenessRecord,
    Consultation,
    Review,
    SwotItem,
)
from tests.builders import make_risk

# (url name, kwargs from the world's objects, GET allowed, is a write)
PAGES = [
    ("risk_list", {}, True, False),
    ("risk_detail", {"number": "risk"}, True, False),
    ("rating_preview", {}, True, False),
    ("action_list", {}, True, False),
    ("consultation_list", {}, True, False),
    ("awareness_list", {}, True, False),
    ("analysis", {}, True, False),
    ("review_list", {}, True, False),
    ("review_detail", {"review_id": "review"}, True, False),
    ("risk_create", {}, True, True),
    ("risk_edit", {"number": "risk"}, True, True),
    ("risk_rate", {"number": "risk"}, True, True),
    ("action_create", {}, True, True),
    ("action_edit", {"action_id": "action"}, True, True),
    ("action_complete", {"action_id": "action"}, True, True),
    ("consultation_create", {}, True, True),
    ("consultation_edit", {"consultation_id": "consultation"}, True, True),
    ("awareness_create", {"number": "risk"}, True, True),
    ("awareness_edit", {"record_id": "awareness"}, True, True),
    ("annotation_create", {"kind": "'risk", "target_id": "risk_pk"}, True, True),
    ("annotation_edit", {"annotation_id": "annotation"}, True, True),
    ("annotation_delete", {"annotation_id": "annotation"}, True, True),
    ("analysis_item_create", {"kind": "'swot"}, True, True),
    ("analysis_item_edit", {"kind": "'swot", "item_id": "swot"}, True, True),
    ("analysis_item_delete", {"kind": "'swot", "item_id": "swot"}, True, True),
    ("review_create", {}, True, True),
    ("review_edit", {"review_id": "review"}, True, True),
    ("review_submit", {"review_id": "review"}, False, True),
]
IDS = [name for name, *_ in PAGES]


def build_page_targets(register, author) -> dict:
    """One of everything in ``register``, by the names PAGES uses."""
    risk = make_risk(register, rating=(3, 2, 2, 1))
    action = Action.objects.create(register=register, description="Check the tills")
    action.risks.add(risk)
    return {
        "risk": risk.number,
        "risk_pk": risk.pk,
        "action": action.pk,
        "consultation": Consultation.objects.create(
            register=register, group="team", people="Desk team", summary="Agreed"
        ).pk,
        "awareness": AwarenessRecord.objects.create(
            risk=risk, audience="staff", method="briefing"
        ).pk,
        "annotation": Annotation.objects.create(
            register=register, risk=risk, text="Why", author=author
        ).pk,
        "review": Review.objects.create(register=register).pk,
        "swot": SwotItem.objects.create(register=register, quadrant="strength", text="Staff").pk,
    }


def page_url(name: str, kwargs: dict, register, world: dict) -> str:
    values = {
        key: value[1:] if value.startswith("'") else world[value] for key, value in kwargs.items()
    }
    return reverse(f"assessments:{name}", kwargs={"register_id": register.pk, **values})


@pytest.fixture
def world(register, member):
    return build_page_targets(register, member)


def _request(client, url: str, allows_get: bool):
    return client.get(url) if allows_get else client.post(url)


@pytest.mark.parametrize(("name", "kwargs", "allows_get", "write"), PAGES, ids=IDS)
@pytest.mark.parametrize("persona", ["member", "supervisor"])
def test_it_lets_team_editors_in(
    client, request, register, world, persona, name, kwargs, allows_get, write
):
    client.force_login(request.getfixturevalue(persona))
    response = _request(client, page_url(name, kwargs, register, world), allows_get)
    assert response.status_code == (200 if allows_get else 302)


@pytest.mark.parametrize(("name", "kwargs", "allows_get", "write"), PAGES, ids=IDS)
def test_it_lets_viewers_read_and_refuses_their_writes(
    client, register, world, viewer, name, kwargs, allows_get, write
):
    client.force_login(viewer)
    url = page_url(name, kwargs, register, world)
    if write:
        assert client.post(url).status_code == 403
        if allows_get:
            assert client.get(url).status_code == 403
    else:
        assert client.get(url).status_code == 200


@pytest.mark.parametrize(("name", "kwargs", "allows_get", "write"), PAGES, ids=IDS)
def test_it_answers_404_to_another_team(
    client, register, world, outsider, name, kwargs, allows_get, write
):
    client.force_login(outsider)
    url = page_url(name, kwargs, register, world)
    if allows_get:
        assert client.get(url).status_code == 404
    if write or not allows_get:
        assert client.post(url).status_code == 404


@pytest.mark.parametrize(("name", "kwargs", "allows_get", "write"), PAGES, ids=IDS)
def test_it_sends_anonymous_visitors_to_sign_in(
    client, register, world, name, kwargs, allows_get, write
):
    url = page_url(name, kwargs, register, world)
    response = _request(client, url, allows_get)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize(("name", "kwargs", "allows_get", "write"), PAGES, ids=IDS)
def test_it_refuses_an_unsupported_method(
    client, register, world, member, name, kwargs, allows_get, write
):
    client.force_login(member)
    url = page_url(name, kwargs, register, world)
    assert client.put(url).status_code == 405
    assert client.delete(url).status_code == 405
    if not allows_get:
        assert client.get(url).status_code == 405
    elif not write:
        allowed_post = name == "rating_preview"
        assert (client.post(url).status_code == 405) is not allowed_post


CHILD_PAGES = [page for page in PAGES if page[1] and "'" not in "".join(page[1].values())]


@pytest.mark.parametrize(
    ("name", "kwargs", "allows_get", "write"), CHILD_PAGES, ids=[p[0] for p in CHILD_PAGES]
)
def test_it_does_not_serve_another_registers_records_under_this_one(
    client, team, register, member, world, name, kwargs, allows_get, write
):
    """Records are looked up within the register of the URL, not just the user's teams."""
    from tests.builders import make_register

    sibling = make_register(team, title="Call-back service")
    client.force_login(member)
    url = page_url(name, kwargs, sibling, world)
    assert _request(client, url, allows_get).status_code == 404


def test_it_refuses_writes_on_an_archived_register(client, register, world, member):
    register.status = register.Status.ARCHIVED
    register.save()
    client.force_login(member)
    assert client.get(page_url("risk_create", {}, register, world)).status_code == 403
    assert client.get(page_url("risk_list", {}, register, world)).status_code == 200
