"""Actions: the register-wide log, adding, editing (with stale-edit refusal) and completing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from assessments.models import Action
from tests.builders import make_risk

LOG_QUERIES = 9
TODAY = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)


def action_post(**overrides) -> dict:
    data = {
        "description": "Second person on the desk at opening",
        "kind": "preventive",
        "owner": "",
        "owner_name": "",
        "due_date": "2026-04-01",
        "status": "planned",
        "completed_on": "",
        "cost_one_off": "600",
        "cost_annual": "0",
        "benefit_annual": "1200",
        "evidence_note": "",
    }
    data.update(overrides)
    return data


def log_url(register, **params) -> str:
    url = reverse("assessments:action_list", args=[register.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_it_adds_an_action_from_a_risk_and_returns_to_it(client, member, register):
    risk = make_risk(register)
    other = make_risk(register)
    client.force_login(member)
    url = reverse("assessments:action_create", args=[register.pk]) + f"?risk={risk.number}"
    assert re.search(
        rf'name="risks" value="{risk.pk}"[^>]*checked', client.get(url).content.decode()
    )
    response = client.post(url, action_post(risks=[risk.pk, other.pk], owner=member.pk))
    assert response["Location"] == f"{risk.get_absolute_url()}#actions"
    action = Action.objects.get()
    assert set(action.risks.all()) == {risk, other} and action.register == register


def test_it_refuses_risks_of_another_register(client, member, register, other_register):
    theirs = make_risk(other_register)
    client.force_login(member)
    url = reverse("assessments:action_create", args=[register.pk])
    response = client.post(url, action_post(risks=[theirs.pk]))
    assert "Select a valid choice" in response.content.decode()
    assert not Action.objects.exists()


@time_machine.travel(TODAY, tick=False)
def test_it_wants_the_completion_date_of_a_done_action(client, member, register):
    client.force_login(member)
    url = reverse("assessments:action_create", args=[register.pk])
    html = client.post(url, action_post(status="done")).content.decode()
    assert "Give the date this action was completed." in html
    assert "Second person on the desk at opening" in html
    html = client.post(url, action_post(status="done", completed_on="2026-04-01")).content.decode()
    assert "cannot be in the future" in html
    client.post(url, action_post(status="done", completed_on="2026-03-09"))
    assert Action.objects.get().completed_on == dt.date(2026, 3, 9)


def test_it_refuses_a_stale_edit_of_an_action(client, member, supervisor, register):
    action = Action.objects.create(register=register, description="Original")
    url = reverse("assessments:action_edit", args=[register.pk, action.pk])
    client.force_login(supervisor)
    client.post(url, action_post(description="Supervisor's version", version=1))
    client.force_login(member)
    html = client.post(url, action_post(description="Member's version", version=1)).content.decode()
    action.refresh_from_db()
    assert action.description == "Supervisor's version"
    assert "Someone else saved a change to this record" in html
    assert "Supervisor&#x27;s version" in html and "Member&#x27;s version" in html


@time_machine.travel(TODAY, tick=False)
def test_it_marks_an_action_done(client, member, register):
    risk = make_risk(register)
    action = Action.objects.create(register=register, description="Fix the till")
    action.risks.add(risk)
    client.force_login(member)
    url = reverse("assessments:action_complete", args=[register.pk, action.pk])
    response = client.post(
        url, {"version": 1, "completed_on": "2026-03-10", "next": risk.get_absolute_url()}
    )
    assert response["Location"] == risk.get_absolute_url()
    action.refresh_from_db()
    assert (action.status, action.completed_on, action.version) == ("done", dt.date(2026, 3, 10), 2)
    # A crafted "next" leaving the site is ignored.
    action2 = Action.objects.create(register=register, description="Other")
    url = reverse("assessments:action_complete", args=[register.pk, action2.pk])
    response = client.post(
        url, {"version": 1, "completed_on": "2026-03-10", "next": "https://evil.example/"}
    )
    assert response["Location"] == log_url(register)


@time_machine.travel(TODAY, tick=False)
def test_it_flags_overdue_actions_in_words_and_shows_cost_benefit(client, member, register):
    Action.objects.create(
        register=register,
        description="Late one",
        due_date=dt.date(2026, 3, 1),
        cost_one_off=600,
        benefit_annual=1200,
    )
    Action.objects.create(
        register=register,
        description="Costly one",
        due_date=dt.date(2026, 4, 1),
        cost_one_off=100,
        cost_annual=500,
        benefit_annual=200,
    )
    client.force_login(member)
    html = client.get(log_url(register)).content.decode()
    assert html.count('<span class="flag flag-overdue">Overdue</span>') == 1
    assert "1 action overdue" in html
    assert "£1,200.00" in html and "6 months" in html  # 600 / 1200 a year
    assert "-£300.00" in html and "no payback: costs more each year than it saves" in html


@pytest.mark.parametrize("count", [3, 60])
def test_it_logs_actions_in_a_fixed_number_of_queries(
    settings, client, member, register, count, django_assert_num_queries
):
    settings.SESSION_SAVE_EVERY_REQUEST = False  # count the page's own queries
    risk = make_risk(register)
    for n in range(count):
        action = Action.objects.create(
            register=register,
            description=f"Action {n}",
            owner=member,
            due_date=timezone.localdate(),
        )
        action.risks.add(risk)
    client.force_login(member)
    client.get(log_url(register))
    with django_assert_num_queries(LOG_QUERIES):
        response = client.get(log_url(register, status="open"))
    assert "Action 0" in response.content.decode()


def test_it_filters_the_log_by_risk_through_htmx(client, member, register):
    risk = make_risk(register)
    Action.objects.create(register=register, description="Unrelated")
    Action.objects.create(register=register, description="Related").risks.add(risk)
    client.force_login(member)
    html = client.get(
        log_url(register, risk=risk.number), headers={"HX-Request": "true"}
    ).content.decode()
    assert "Related" in html and "Unrelated" not in html and "<html" not in html
