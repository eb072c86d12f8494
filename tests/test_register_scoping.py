"""Two registers of the SAME team: each page reads only its own register's rows.

The team boundary (``visible_to``) cannot tell these registers apart; only ``in_register``
(or a filter on the register) can. Each test therefore puts rows in a second register of the
same team and checks that the first register's pages and querysets do not count them.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse

from assessments.models import Action, Review, Risk
from journeys.models import Stage
from tests.builders import make_register, make_risk, make_stage

pytestmark = pytest.mark.django_db


@pytest.fixture
def sibling(team, member, register):
    """A second register of ``register``'s team, full of rows that must stay out of it."""
    sibling = make_register(team, title="Back office register", owner=member)
    stages = [
        make_stage(sibling, "Sibling arrival", is_moment_of_truth=True, moment_of_truth_note="x"),
        make_stage(sibling, "Sibling exit"),
    ]
    risks = [
        make_risk(sibling, stage=stages[0], title=f"Sibling risk {n}", rating=(5, 5, 1, 1))
        for n in range(3)
    ]
    for n in range(2):
        action = Action.objects.create(
            register=sibling, description=f"Sibling action {n}", due_date=dt.date(2020, 1, 1)
        )
        action.risks.add(risks[n])
    Review.objects.create(register=sibling, date=dt.date(2026, 1, 1), reviewer=member)
    return sibling


@pytest.fixture
def own(register, stage, member):
    """One row of each kind in ``register`` itself."""
    risk = make_risk(register, stage=stage, title="Own risk", rating=(2, 2, 1, 1))
    action = Action.objects.create(register=register, description="Own action")
    action.risks.add(risk)
    return {"stage": stage, "risk": risk, "action": action}


@pytest.mark.parametrize("model", [Stage, Risk, Action, Review])
def test_in_register_keeps_only_that_registers_rows(model, member, register, own, sibling):
    mine = model.objects.visible_to(member).in_register(register)
    theirs = model.objects.visible_to(member).in_register(sibling)
    assert theirs.exists()
    assert set(mine.values_list("register", flat=True)) <= {register.pk}
    assert not set(mine) & set(theirs)
    assert mine.count() + theirs.count() == model.objects.visible_to(member).count()


def test_the_stage_list_shows_only_its_own_stages(client, member, register, own, sibling):
    client.force_login(member)
    response = client.get(reverse("journeys:stage_list", args=[register.pk]))
    body = response.content.decode()
    assert own["stage"].name in body
    assert "Sibling arrival" not in body and "Sibling exit" not in body


def test_a_stage_of_a_sibling_register_answers_404(client, member, register, own, sibling):
    client.force_login(member)
    theirs = sibling.stages.first()
    for name in ["stage_edit", "stage_delete", "stage_move"]:
        url = reverse(f"journeys:{name}", args=[register.pk, theirs.pk])
        assert client.post(url, {"direction": "up"}).status_code == 404, name
    assert (
        client.get(reverse("journeys:stage_edit", args=[register.pk, theirs.pk])).status_code == 404
    )
    assert Stage.objects.get(pk=theirs.pk).register_id == sibling.pk


def test_the_journey_map_draws_only_its_own_stages_and_risks(
    client, member, register, own, sibling
):
    client.force_login(member)
    body = client.get(reverse("dashboard:journey_map", args=[register.pk])).content.decode()
    assert own["stage"].name in body and "Own risk" in body
    assert "Sibling" not in body


def test_the_heat_map_counts_only_its_own_risks(client, member, register, own, sibling):
    client.force_login(member)
    response = client.get(reverse("dashboard:heatmap", args=[register.pk]))
    inherent, current = response.context["grids"]
    assert (inherent.total, inherent.unrated) == (1, 0)
    # The own risk is rated only inherent: the current map holds it at that rating.
    assert (current.total, current.unrated) == (1, 0)


def test_the_overview_counts_only_its_own_stages_and_actions(
    client, member, register, own, sibling
):
    client.force_login(member)
    response = client.get(reverse("dashboard:register", args=[register.pk]))
    assert response.context["stages"]["total"] == 1
    assert response.context["stages"]["moments"] == 0
    assert response.context["actions"]["open"] == 1
    assert response.context["actions"]["overdue"] == 0
    profile = list(response.context["profile"])
    assert sum(row.inherent for row in profile) == 1  # the one own risk


def test_the_risk_and_action_lists_show_only_their_own_rows(client, member, register, own, sibling):
    client.force_login(member)
    risks = client.get(reverse("assessments:risk_list", args=[register.pk])).content.decode()
    actions = client.get(reverse("assessments:action_list", args=[register.pk])).content.decode()
    assert "Own risk" in risks and "Sibling risk" not in risks
    assert "Own action" in actions and "Sibling action" not in actions
