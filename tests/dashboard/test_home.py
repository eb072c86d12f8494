"""The dashboard: my teams and registers, my actions, reviews due, risks awaiting sign-off."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse
from django.utils import timezone

from assessments.models import Action, Review, Risk
from dashboard.home import LIMIT
from tests.builders import force_update, make_register, make_review, make_risk

pytestmark = pytest.mark.django_db

TODAY = dt.date(2026, 3, 10)  # a Tuesday
NOW = dt.datetime(2026, 3, 10, 9, 0, tzinfo=dt.UTC)


def _action(register, owner, due: dt.date | None, status="planned", **fields) -> Action:
    if status == "done":
        fields.setdefault("completed_on", TODAY)
    return Action.objects.create(
        register=register,
        description=f"Action due {due}",
        owner=owner,
        due_date=due,
        status=status,
        **fields,
    )


def _review(register, state, day: dt.date, next_review: dt.date | None) -> Review:
    signed = {}
    if state == "signed_off":
        signed = {"signed_off_by": register.owner, "signed_off_at": NOW, "content_hash": "0" * 64}
    return Review.objects.create(
        register=register, date=day, state=state, next_review_date=next_review, **signed
    )


def test_it_sends_anonymous_users_to_sign_in(client):
    response = client.get(reverse("dashboard:home"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_refuses_other_methods(client, member):
    client.force_login(member)
    assert client.post(reverse("dashboard:home")).status_code == 405


@pytest.mark.parametrize("persona", ["member", "supervisor", "viewer"])
def test_it_shows_my_teams_and_registers(client, request, persona, team, register, other_register):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("dashboard:home"))
    body = response.content.decode()
    assert response.status_code == 200
    assert team.name in body and register.title in body
    assert other_register.title not in body and other_register.team.name not in body


def test_it_tells_a_user_without_a_team_what_to_do(client):
    from tests.builders import make_user

    client.force_login(make_user("newcomer"))
    assert "You are not in a team yet" in client.get(reverse("dashboard:home")).content.decode()


@time_machine.travel(NOW, tick=False)
def test_it_lists_my_actions_overdue_and_due_this_week(client, member, supervisor, register):
    overdue = _action(register, member, TODAY - dt.timedelta(days=1))
    today = _action(register, member, TODAY)
    sunday_week = _action(register, member, TODAY + dt.timedelta(days=6))
    _action(register, member, TODAY + dt.timedelta(days=7))  # next week
    _action(register, member, TODAY - dt.timedelta(days=3), status="done")
    _action(register, member, None)
    _action(register, supervisor, TODAY)  # someone else's
    client.force_login(member)
    home = client.get(reverse("dashboard:home")).context["home"]
    assert home.actions_overdue == [overdue]
    assert home.actions_due == [today, sunday_week]


@time_machine.travel(NOW, tick=False)
def test_it_shows_no_actions_of_other_teams(client, outsider, member, register, other_register):
    _action(register, outsider, TODAY)  # outsider owns an action in a team they are not in
    mine = _action(other_register, outsider, TODAY)
    client.force_login(outsider)
    assert client.get(reverse("dashboard:home")).context["home"].actions_due == [mine]


@time_machine.travel(NOW, tick=False)
def test_it_takes_review_dates_from_each_registers_latest_review(client, member, team, register):
    late = make_register(team, title="Late", owner=member)
    _review(late, "signed_off", TODAY - dt.timedelta(days=100), TODAY + dt.timedelta(days=30))
    _review(late, "submitted", TODAY - dt.timedelta(days=40), TODAY - dt.timedelta(days=2))
    _review(late, "draft", TODAY, TODAY + dt.timedelta(days=90))  # a draft does not count
    soon = make_register(team, title="Soon", owner=member)
    _review(soon, "signed_off", TODAY - dt.timedelta(days=80), TODAY + dt.timedelta(days=10))
    later = make_register(team, title="Later", owner=member)
    _review(later, "signed_off", TODAY - dt.timedelta(days=10), TODAY + dt.timedelta(days=80))
    never = make_register(team, title="Never reviewed")
    make_risk(never)
    archived = make_register(team, title="Archived", status="archived", owner=member)
    _review(archived, "signed_off", TODAY - dt.timedelta(days=300), TODAY - dt.timedelta(days=200))
    client.force_login(member)
    response = client.get(reverse("dashboard:home"))
    home = response.context["home"]
    assert [r.title for r in home.reviews_overdue] == ["Late"]
    assert home.reviews_overdue[0].next_review == TODAY - dt.timedelta(days=2)
    # "register" has no risk and no review yet: nothing to review.
    assert [r.title for r in home.reviews_due] == ["Never reviewed", "Soon"]
    assert "review was due 8 Mar 2026" in response.content.decode()


def test_it_lists_risks_awaiting_a_supervisor(client, supervisor, register, stage):
    high = make_risk(register, stage=stage, rating=(5, 4, 1, 1), title="High one")
    escalated = make_risk(register, stage=stage, rating=(1, 5, 1, 1), title="Top consequence")
    make_risk(register, stage=stage, rating=(2, 2, 1, 1), title="Low one")
    reduced = make_risk(register, stage=stage, rating=(5, 4, 1, 1), residual=(1, 1, 1, 1))
    cleared = make_risk(register, stage=stage, rating=(5, 4, 1, 1), title="Cleared")
    force_update(Risk.objects.filter(pk=cleared.pk), cleared_rating=cleared.inherent_rating)
    rerated = make_risk(register, stage=stage, rating=(5, 4, 1, 1), residual=(5, 5, 1, 1))
    force_update(Risk.objects.filter(pk=rerated.pk), cleared_rating=rerated.inherent_rating)
    client.force_login(supervisor)
    awaiting = client.get(reverse("dashboard:home")).context["home"].awaiting
    assert awaiting == [high, escalated, rerated]
    # The list agrees with the model's own property on every risk.
    assert {r.pk for r in awaiting} == {
        r.pk for r in Risk.objects.with_ratings() if r.awaiting_supervisor
    }
    assert reduced.pk not in {r.pk for r in awaiting}


def test_it_lists_the_reviews_a_supervisor_can_sign_off_with_their_age(
    client, member, supervisor, register, other_register, outsider
):
    with time_machine.travel(NOW - dt.timedelta(days=3), tick=False):
        waiting = make_review(register, submit_by=member, date=TODAY - dt.timedelta(days=4))
    with time_machine.travel(NOW - dt.timedelta(days=1), tick=False):
        newer = make_review(register, submit_by=member, date=TODAY - dt.timedelta(days=1))
        make_review(register, submit_by=supervisor)  # their own: another supervisor signs it
        make_review(other_register, submit_by=outsider)  # another team's
    make_review(register)  # a draft
    with time_machine.travel(NOW, tick=False):
        client.force_login(supervisor)
        response = client.get(reverse("dashboard:home"))
    home = response.context["home"]
    assert home.to_sign_off == [waiting, newer]  # the longest waiting first
    assert [review.days_waiting for review in home.to_sign_off] == [3, 1]
    body = response.content.decode()
    assert "Reviews to sign off" in body
    assert '<span class="stat-value">2</span> <span class="stat-label">reviews to sign off' in body
    for review in (waiting, newer):  # straight to the admin's sign-off page
        assert reverse("admin:assessments_review_change", args=[review.pk]) in body
    assert ">3 days</span>" in body and ">1 day</span>" in body
    assert other_register.title not in body


def test_it_shows_reviews_to_sign_off_only_to_supervisors(client, member, register):
    make_review(register, submit_by=member)
    client.force_login(member)
    response = client.get(reverse("dashboard:home"))
    assert response.context["home"].to_sign_off == []
    assert "Reviews to sign off" not in response.content.decode()


def test_it_lists_my_open_risks_and_cuts_long_lists(client, member, supervisor, register):
    mine = [make_risk(register, owner=member, rating=(2, 2, 1, 1)) for _ in range(LIMIT + 2)]
    make_risk(register, owner=supervisor)
    make_risk(register, owner=member, status="closed")
    client.force_login(member)
    response = client.get(reverse("dashboard:home"))
    home = response.context["home"]
    assert home.my_risks == mine[:LIMIT]
    assert home.my_risks_more
    assert f"Showing the first {LIMIT}" in response.content.decode()


def _populate(team, member, registers: int, risks_each: int) -> None:
    for _ in range(registers):
        register = make_register(team, owner=member)
        _review(register, "signed_off", TODAY, TODAY + dt.timedelta(days=5))
        for i in range(risks_each):
            make_risk(register, owner=member, rating=(5, 4, 1, 1) if i % 2 else (2, 2, 1, 1))
            _action(register, member, TODAY + dt.timedelta(days=i % 9 - 3))


@time_machine.travel(NOW, tick=True)
def test_it_runs_a_fixed_number_of_queries(
    client, member, team, request_overhead, django_assert_num_queries
):
    client.force_login(member)
    overhead = request_overhead()
    _populate(team, member, registers=2, risks_each=5)
    # The user's evidence exports, memberships, registers, actions, awaiting a supervisor,
    # reviews to sign off, my risks.
    with django_assert_num_queries(overhead + 7):
        client.get(reverse("dashboard:home"))
    _populate(team, member, registers=4, risks_each=50)
    with django_assert_num_queries(overhead + 7):
        response = client.get(reverse("dashboard:home"))
    home = response.context["home"]
    assert len(home.registers) == 6
    assert home.actions_due and home.awaiting_more and home.my_risks_more
    assert timezone.localdate() == TODAY
