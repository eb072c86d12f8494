"""A supervisor's admin shows only the teams they supervise: lists, pages, choices, filters,
search and autocomplete. Another team's object answers 404."""

from __future__ import annotations

import json

import pytest
from django.contrib import admin
from django.urls import reverse

from assessments.models import (
    Action,
    Annotation,
    Assessment,
    AwarenessRecord,
    Consultation,
    PestleItem,
    Reference,
    Review,
    Risk,
    SwotItem,
)
from journeys.models import Stage
from registers.models import Membership, Register, RiskMatrix, Team
from tests import builders
from tests.builders import make_review


def _world(team, register, submitter) -> dict:
    """One record of every kind in ``register``."""
    stage = builders.make_stage(register, f"Arrival {team.slug}")
    review = make_review(register, stage=stage, submit_by=submitter)
    risk = review.risks.order_by("number").first()
    action = Action.objects.create(register=register, description=f"Mats for {team}")
    action.risks.add(risk)
    return {
        Team: team,
        Membership: Membership.objects.filter(team=team).first(),
        Register: register,
        Stage: stage,
        Risk: risk,
        Assessment: risk.inherent_rating,
        Action: action,
        Consultation: Consultation.objects.create(
            register=register, group="team", people="Desk staff", summary=f"Talked {team}"
        ),
        AwarenessRecord: AwarenessRecord.objects.create(
            risk=risk, audience="staff", method="briefing"
        ),
        Review: review,
        Annotation: Annotation.objects.create(register=register, risk=risk, text="Why high"),
        SwotItem: SwotItem.objects.create(register=register, quadrant="threat", text="Rain"),
        PestleItem: PestleItem.objects.create(register=register, factor="social", text="Crowds"),
        Reference: Reference.objects.create(team=team, title=f"Policy of {team}"),
    }


@pytest.fixture
def mine(team, register, member, supervisors_group):
    return _world(team, register, member)


@pytest.fixture
def theirs(other_team, other_register, outsider, other_supervisor):
    return _world(other_team, other_register, outsider)


def _url(obj, view: str = "change") -> str:
    opts = obj._meta
    if view == "changelist":
        return reverse(f"admin:{opts.app_label}_{opts.model_name}_changelist")
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=[obj.pk])


def _listed(response) -> set:
    return {obj.pk for obj in response.context["cl"].result_list}


SCOPED = [
    Team,
    Membership,
    Register,
    Stage,
    Risk,
    Assessment,
    Action,
    Consultation,
    AwarenessRecord,
    Review,
    Annotation,
    SwotItem,
    PestleItem,
    Reference,
]


@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m._meta.model_name)
def test_it_lists_only_the_supervisors_teams(client, admin_supervisor, mine, theirs, model):
    client.force_login(admin_supervisor)
    url = _url(mine[model], "changelist")
    if model is Review:
        url += "?state=all"
    response = client.get(url)
    assert response.status_code == 200
    listed = _listed(response)
    assert mine[model].pk in listed
    assert theirs[model].pk not in listed


@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m._meta.model_name)
def test_it_answers_404_for_another_teams_object(client, admin_supervisor, mine, theirs, model):
    client.force_login(admin_supervisor)
    assert client.get(_url(mine[model])).status_code == 200
    assert client.get(_url(theirs[model])).status_code == 404
    assert client.get(_url(theirs[model], "history")).status_code == 404
    assert client.get(_url(theirs[model], "delete")).status_code in (403, 404)
    assert client.post(_url(theirs[model]), {}).status_code in (403, 404)


@pytest.mark.parametrize("model", SCOPED, ids=lambda m: m._meta.model_name)
def test_it_shows_everything_to_a_site_administrator(client, site_admin, mine, theirs, model):
    client.force_login(site_admin)
    url = _url(mine[model], "changelist") + ("?state=all" if model is Review else "")
    listed = _listed(client.get(url))
    assert {mine[model].pk, theirs[model].pk} <= listed
    assert client.get(_url(theirs[model])).status_code == 200


def test_it_lists_shared_references_and_matrices_to_supervisors(client, admin_supervisor, mine):
    client.force_login(admin_supervisor)
    shared = Reference.objects.get(title="Equality Act 2010")
    assert shared.pk in _listed(client.get(_url(shared, "changelist")))
    matrix = RiskMatrix.objects.get(slug="5x5-standard", version=1)
    assert client.get(_url(matrix)).status_code == 200


def test_it_keeps_matrices_read_only_for_supervisors_and_frozen_once_used(
    client, admin_supervisor, site_admin, mine
):
    used = RiskMatrix.objects.get(slug="5x5-standard", version=1)
    unused = RiskMatrix.objects.get(slug="3x3-simple", version=1)
    client.force_login(admin_supervisor)
    response = client.post(_url(unused), {"name": "Renamed"})
    assert response.status_code == 403
    client.force_login(site_admin)
    assert client.post(_url(used), {"name": "Renamed"}).status_code == 403
    page = client.get(_url(unused))
    assert page.context["has_change_permission"] is True


def test_it_shows_nothing_to_staff_outside_the_supervisors_group(client, supervisor, mine):
    client.force_login(supervisor)  # staff and a team supervisor, but not in the group
    assert client.get(reverse("admin:assessments_risk_changelist")).status_code == 403
    assert client.get(_url(mine[Risk])).status_code == 403


def test_it_shows_nothing_of_a_team_the_user_is_only_a_member_of(
    client, admin_supervisor, other_team, theirs
):
    builders.add_member(other_team, admin_supervisor, Membership.Role.MEMBER)
    client.force_login(admin_supervisor)
    assert theirs[Risk].pk not in _listed(client.get(_url(theirs[Risk], "changelist")))
    assert client.get(_url(theirs[Risk])).status_code == 404


@pytest.mark.parametrize("persona", ["member", "viewer", "outsider"])
def test_it_sends_non_staff_to_the_admin_sign_in(client, request, persona, mine):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(_url(mine[Risk]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_it_sends_anonymous_users_to_the_admin_sign_in(client, mine):
    response = client.get(_url(mine[Review], "changelist"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


def test_it_searches_only_the_supervisors_teams(client, admin_supervisor, mine, theirs):
    client.force_login(admin_supervisor)
    response = client.get(_url(mine[Action], "changelist"), {"q": "Mats"})
    assert _listed(response) == {mine[Action].pk}


def test_it_limits_related_filters_to_the_supervisors_teams(client, admin_supervisor, mine, theirs):
    third = builders.make_team("Leisure Centre")
    builders.add_member(third, admin_supervisor, Membership.Role.SUPERVISOR)
    builders.make_risk(builders.make_register(third), title="Slippery poolside")
    client.force_login(admin_supervisor)
    response = client.get(_url(mine[Risk], "changelist"))
    team_filter = next(spec for spec in response.context["cl"].filter_specs if spec.title == "team")
    assert [label for _pk, label in team_filter.lookup_choices] == ["Front Desk", "Leisure Centre"]
    assert "Call Centre" not in response.content.decode()


def test_it_limits_autocomplete_to_the_supervisors_teams(client, admin_supervisor, mine, theirs):
    client.force_login(admin_supervisor)
    response = client.get(
        reverse("admin:autocomplete"),
        {"app_label": "journeys", "model_name": "stage", "field_name": "register", "term": ""},
    )
    assert response.status_code == 200
    ids = {item["id"] for item in json.loads(response.content)["results"]}
    assert ids == {str(mine[Register].pk)}


def test_it_offers_only_the_supervisors_teams_in_choices(client, admin_supervisor, mine, theirs):
    client.force_login(admin_supervisor)
    form = client.get(_url(mine[Risk])).context["adminform"].form
    assert set(form.fields["stage"].queryset) == {mine[Stage]}  # its own register's stages
    assert theirs[Membership].user not in form.fields["owner"].queryset
    assert set(form.fields["references"].queryset) >= {mine[Reference]}
    assert theirs[Reference] not in form.fields["references"].queryset


def test_it_refuses_a_crafted_post_linking_another_teams_object(
    client, admin_supervisor, mine, theirs
):
    client.force_login(admin_supervisor)
    risk = mine[Risk]
    page = client.get(_url(risk))
    data = {
        key: value
        for key, value in page.context["adminform"].form.initial.items()
        if value is not None and not isinstance(value, list)
    }
    data.update(
        title=risk.title,
        category=risk.category,
        stage=theirs[Stage].pk,
        version=risk.version,
        **{
            "assessments-TOTAL_FORMS": "1",
            "assessments-INITIAL_FORMS": "1",
            "assessments-MIN_NUM_FORMS": "0",
            "assessments-MAX_NUM_FORMS": "1000",
        },
    )
    response = client.post(_url(risk), data)
    assert response.status_code == 200
    assert "stage" in response.context["adminform"].form.errors
    risk.refresh_from_db()
    assert risk.stage == mine[Stage]


def test_it_saves_a_supervisors_change_with_optimistic_locking(client, admin_supervisor, mine):
    client.force_login(admin_supervisor)
    stage = mine[Stage]
    data = {
        "register": stage.register_id,
        "order": stage.order,
        "name": "Arrival and queue",
        "emotion": 0,
        "version": stage.version,
    }
    assert client.post(_url(stage), data).status_code == 302
    stage.refresh_from_db()
    assert (stage.name, stage.version) == ("Arrival and queue", 2)
    stale = client.post(_url(stage), {**data, "name": "Stale edit", "version": 1})
    assert stale.status_code == 200
    assert "Someone else saved a change" in stale.content.decode()
    stage.refresh_from_db()
    assert stage.name == "Arrival and queue"


def test_it_registers_no_history_model_in_the_admin():
    registered = {model.__name__ for model in admin.site._registry}
    assert not any(name.startswith("Historical") for name in registered)


def test_it_scopes_every_domain_admin():
    from riskportal.admin_scoping import TeamScopedAdminMixin

    domain = {"registers", "journeys", "assessments"}
    unscoped = [
        model.__name__
        for model, model_admin in admin.site._registry.items()
        if model._meta.app_label in domain and not isinstance(model_admin, TeamScopedAdminMixin)
    ]
    assert unscoped == []
