"""History is visible in the admin, with who and what changed, and cannot be rewritten."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Risk
from tests.builders import make_risk, make_stage


@pytest.fixture
def risk(register, stage):
    return make_risk(register, stage=stage, title="Queue too long", rating=(3, 3, 2, 1))


@pytest.fixture
def other_risk(other_register):
    return make_risk(other_register, title="Hold music too loud")


def _history(risk) -> str:
    return reverse("admin:assessments_risk_history", args=[risk.pk])


def _version(risk, history_id) -> str:
    return reverse("admin:assessments_risk_simple_history", args=[risk.pk, history_id])


def _edit_in_admin(client, risk, **changes) -> None:
    form = (
        client.get(reverse("admin:assessments_risk_change", args=[risk.pk]))
        .context["adminform"]
        .form
    )
    data = {
        name: value
        for name, value in form.initial.items()
        if value is not None and name not in {"references", "tags"}
    }
    data.update(
        tags="[]",
        version=risk.version,
        **{
            "assessments-TOTAL_FORMS": "0",
            "assessments-INITIAL_FORMS": "0",
            "assessments-MIN_NUM_FORMS": "0",
            "assessments-MAX_NUM_FORMS": "1000",
        },
        **changes,
    )
    response = client.post(reverse("admin:assessments_risk_change", args=[risk.pk]), data)
    assert response.status_code == 302, response.context["adminform"].form.errors


def test_it_records_who_changed_what_and_shows_it(client, admin_supervisor, risk):
    client.force_login(admin_supervisor)
    _edit_in_admin(client, risk, title="Queue at the desk too long")

    latest = Risk.history.filter(id=risk.pk).latest("history_date")
    assert latest.history_user == admin_supervisor
    assert latest.title == "Queue at the desk too long"
    page = client.get(_history(risk))
    assert page.status_code == 200
    html = page.content.decode()
    assert "View history: R-001 Queue at the desk too long" in html
    assert "Queue too long" in html and "Queue at the desk too long" in html
    assert "sam" in html


def test_it_shows_a_past_version_without_a_revert_button(client, admin_supervisor, risk):
    client.force_login(admin_supervisor)
    first = Risk.history.filter(id=risk.pk).earliest("history_date")
    response = client.get(_version(risk, first.history_id))
    assert response.status_code == 200
    html = response.content.decode()
    assert "Revert" not in html
    assert 'type="submit"' not in html.split('id="content-main"')[1].split("</form>")[0]


@pytest.mark.parametrize("persona", ["admin_supervisor", "site_admin"])
def test_it_refuses_a_crafted_revert(client, request, persona, risk):
    client.force_login(request.getfixturevalue(persona))
    first = Risk.history.filter(id=risk.pk).earliest("history_date")
    records = Risk.history.filter(id=risk.pk).count()
    response = client.post(
        _version(risk, first.history_id),
        {"title": "Reverted", "category": risk.category, "_change_history": "1"},
    )
    assert response.status_code == 405
    risk.refresh_from_db()
    assert risk.title == "Queue too long"
    assert Risk.history.filter(id=risk.pk).count() == records


def test_it_answers_404_for_another_teams_history(client, admin_supervisor, other_risk):
    client.force_login(admin_supervisor)
    record = Risk.history.filter(id=other_risk.pk).earliest("history_date")
    assert client.get(_history(other_risk)).status_code == 404
    assert client.get(_version(other_risk, record.history_id)).status_code == 404


def test_it_answers_404_for_a_version_of_another_record(client, admin_supervisor, risk, other_risk):
    client.force_login(admin_supervisor)
    theirs = Risk.history.filter(id=other_risk.pk).earliest("history_date")
    assert client.get(_version(risk, theirs.history_id)).status_code == 404


def test_it_keeps_history_when_a_record_is_deleted(client, site_admin, register):
    from assessments.models import Annotation

    risk = make_risk(register, title="To go")
    note = Annotation.objects.create(register=register, risk=risk, text="Temporary")
    client.force_login(site_admin)
    url = reverse("admin:assessments_annotation_delete", args=[note.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    kinds = list(
        Annotation.history.filter(id=note.pk)
        .order_by("history_date")
        .values_list("history_type", flat=True)
    )
    assert kinds == ["+", "-"]


@pytest.mark.parametrize(
    "name", ["risk", "review", "register", "stage", "action", "assessment", "annotation"]
)
def test_it_shows_a_past_version_of_every_kind_read_only(
    client, admin_supervisor, register, member, name
):
    from assessments.models import Action, Annotation
    from tests.builders import make_review

    review = make_review(register)
    risk = review.risks.order_by("number").first()
    action = Action.objects.create(register=register, description="Mats")
    objects = {
        "risk": risk,
        "review": review,
        "register": register,
        "stage": make_stage(register, "Arrival"),
        "action": action,
        "assessment": risk.inherent_rating,
        "annotation": Annotation.objects.create(register=register, risk=risk, text="Why"),
    }
    obj = objects[name]
    model = type(obj)
    record = model.history.filter(**{model._meta.pk.attname: obj.pk}).earliest("history_date")
    client.force_login(admin_supervisor)
    url = reverse(
        f"admin:{model._meta.app_label}_{model._meta.model_name}_simple_history",
        args=[obj.pk, record.history_id],
    )
    response = client.get(url)
    assert response.status_code == 200
    form = response.context["adminform"].form
    assert [name for name in form.fields if name != "version"] == []
