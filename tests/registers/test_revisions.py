"""Register revisions and the page fragments cached under them.

A cached page must never outlive a change to what it shows: every kind of write moves
the register's revision on, and the next visit renders afresh.
"""

from __future__ import annotations

import pytest
from django.apps import apps
from django.contrib.auth.models import update_last_login
from django.urls import reverse

from assessments.models import Action, Review
from registers.models import Membership, Register, RegisterChange
from registers.revisions import REGISTER_APPS, registers_of
from tests.builders import (
    add_member,
    make_register,
    make_risk,
    make_stage,
    make_user,
    revision_of,
)

#: Models of the register apps that no register page shows, and why.
NOT_ON_REGISTER_PAGES = {
    "criteria.criterion": "the catalogue of criteria, fixed by migrations",
    "assessments.reference": "the team's reference library; its links to risks are traced",
    "assessments.reminderlog": "when reminder emails went out",
    "registers.registerchange": "the revisions themselves",
}


def test_every_model_of_the_register_apps_is_traced_to_its_registers():
    """A new model that holds register data cannot be forgotten by the cache keys."""
    traced = {"register", "risk", "matrix"}
    checked = set()
    for model in apps.get_models():
        meta = model._meta
        if meta.app_label not in REGISTER_APPS or meta.model_name.startswith("historical"):
            continue
        label = f"{meta.app_label}.{meta.model_name}"
        fields = {field.name for field in meta.fields}
        known = model._meta.model_name in {"register", "team", "membership", "riskmatrix"}
        assert known or fields & traced or label in NOT_ON_REGISTER_PAGES, label
        checked.add(label)
    assert {"registers.register", "journeys.stage", "assessments.risk"} <= checked
    assert {label.split(".")[0] for label in checked} == set(REGISTER_APPS)


def test_each_kind_of_change_moves_the_revision_on(register, stage, member, team):
    risk = make_risk(register, stage=stage, rating=(2, 2, 1, 1))
    changes = {
        "risk saved": lambda: (setattr(risk, "title", "Renamed"), risk.save()),
        "stage renamed": lambda: (setattr(stage, "name", "Arrival"), stage.save()),
        "rating added": lambda: make_risk(register, rating=(5, 5, 1, 1)),
        "action added": lambda: Action.objects.create(register=register, description="Fix it"),
        "review linked": lambda: Review.objects.create(register=register).risks.add(risk),
        "team renamed": lambda: (setattr(team, "name", "Front desk"), team.save()),
        "owner renamed": lambda: (setattr(member, "first_name", "Priya"), member.save()),
        "member added": lambda: add_member(team, make_user()),
        "register edited": lambda: (setattr(register, "scope", "Walk-ins"), register.save()),
        "risk deleted": lambda: make_risk(register).delete(),
    }
    moved = {}
    for name, change in changes.items():
        before = revision_of(register)
        change()
        moved[name] = revision_of(register) != before
    assert moved == dict.fromkeys(changes, True)


def test_a_sign_in_does_not_move_the_revision_on(register, member):
    before = revision_of(register)
    update_last_login(None, member)
    assert revision_of(register) == before


def test_a_change_touches_only_its_own_registers(register, other_register, stage):
    before = revision_of(other_register)
    make_risk(register, stage=stage)
    assert revision_of(other_register) == before
    assert registers_of(stage) == {register.pk}


def _page(name: str, register: Register) -> str:
    if name == "dashboard:home":
        return reverse(name)
    return reverse(name, kwargs={"register_id": register.pk})


CACHED_PAGES = [
    "assessments:risk_list",
    "dashboard:heatmap",
    "dashboard:home",
    "dashboard:register",
    "dashboard:journey_map",
]


@pytest.mark.parametrize("name", CACHED_PAGES)
def test_a_repeat_visit_reuses_the_rendered_page(
    client, member, register, stage, name, django_assert_max_num_queries
):
    for _ in range(30):
        make_risk(register, stage=stage, owner=member, rating=(3, 3, 1, 1))
    client.force_login(member)
    first = client.get(_page(name, register))
    with django_assert_max_num_queries(5) as repeat:  # session, user, register and role
        again = client.get(_page(name, register))
    assert again.status_code == first.status_code == 200
    assert len(repeat) < 6
    assert _main(again) == _main(first)


def _main(response) -> str:
    """The page without the parts that differ on every request (CSP nonces, tokens)."""
    html = response.content.decode()
    return html[html.index("<main") : html.index("</main>")]


@pytest.mark.parametrize("name", CACHED_PAGES)
def test_a_change_shows_on_the_next_visit(client, member, register, stage, name):
    make_risk(register, stage=stage, owner=member, title="Queue at the desk", rating=(5, 5, 1, 1))
    client.force_login(member)
    before = _main(client.get(_page(name, register)))
    make_risk(register, stage=stage, owner=member, title="Lift out of order", rating=(1, 2, 1, 1))
    after = _main(client.get(_page(name, register)))
    assert after != before
    if name == "dashboard:heatmap":
        assert "2 risks" in after
    elif name != "dashboard:register":  # the overview shows counts, not titles
        assert "Lift out of order" in after


def test_the_risk_list_shows_renamed_stages_and_owners(client, member, register, stage):
    make_risk(register, stage=stage, owner=member, rating=(2, 2, 1, 1))
    client.force_login(member)
    client.get(reverse("assessments:risk_list", kwargs={"register_id": register.pk}))
    stage.name = "Check-in desk"
    stage.save()
    member.first_name, member.last_name = "Priya", "Renamed"
    member.save()
    html = client.get(
        reverse("assessments:risk_list", kwargs={"register_id": register.pk})
    ).content.decode()
    assert "Check-in desk" in html and "Priya Renamed" in html


def test_the_dashboard_follows_membership_and_team_changes(client, member, team, register):
    client.force_login(member)
    client.get(reverse("dashboard:home"))
    team.name = "Reception, renamed"
    team.save()
    assert "Reception, renamed" in client.get(reverse("dashboard:home")).content.decode()
    Membership.objects.filter(user=member).get().delete()
    assert "You are not in a team yet" in client.get(reverse("dashboard:home")).content.decode()


def test_the_dashboard_follows_registers_added_to_and_removed_from_the_team(
    client, member, team, register
):
    client.force_login(member)
    client.get(reverse("dashboard:home"))
    spare = make_register(team, title="Spare desk register")
    make_register(team, title="Café and soft play")  # the team's newest change
    html = client.get(reverse("dashboard:home")).content.decode()
    assert "Spare desk register" in html and "Café and soft play" in html
    # Deleting an older register leaves the team's newest change where it was.
    spare.delete()
    assert "Spare desk register" not in client.get(reverse("dashboard:home")).content.decode()


def test_what_a_viewer_sees_is_not_what_a_member_saw(client, member, viewer, register):
    """The empty list invites members to add a risk; a viewer sharing the cache must not
    be shown that button."""
    url = reverse("assessments:risk_list", kwargs={"register_id": register.pk})
    client.force_login(member)
    assert "Add the first risk" in client.get(url).content.decode()
    client.force_login(viewer)
    assert "Add the first risk" not in client.get(url).content.decode()


def test_the_overdue_flag_appears_the_day_after_the_review_date(
    client, member, register, stage, time_machine
):
    import datetime as dt

    time_machine.move_to(dt.datetime(2026, 3, 1, 9, tzinfo=dt.UTC))
    risk = make_risk(register, stage=stage, rating=(2, 2, 1, 1))
    url = reverse("assessments:risk_list", kwargs={"register_id": register.pk})
    client.force_login(member)
    assert "flag-overdue" not in client.get(url).content.decode()
    time_machine.move_to(risk.next_review_date + dt.timedelta(days=1))
    client.force_login(member)
    assert "flag-overdue" in client.get(url).content.decode()


def test_prune_keeps_the_newest_change_of_each_register(register, other_register, stage):
    from django.core.management import call_command

    for _ in range(3):
        make_stage(register)
    newest = revision_of(register)
    make_register(register.team).delete()  # leaves changes of a register that is gone
    call_command("prune_register_changes", verbosity=0)
    assert revision_of(register) == newest
    assert RegisterChange.objects.filter(register=register).count() == 1
    assert not RegisterChange.objects.exclude(register__in=Register.objects.values("pk")).exists()


def test_the_filtered_results_htmx_asks_for_follow_changes_too(client, member, register, stage):
    make_risk(register, stage=stage, title="Queue at the desk", rating=(5, 5, 1, 1))
    url = reverse("assessments:risk_list", kwargs={"register_id": register.pk})
    client.force_login(member)
    first = client.get(url, {"level": "high"}, headers={"HX-Request": "true"}).content.decode()
    assert "Queue at the desk" in first and "<html" not in first
    make_risk(register, stage=stage, title="Fire door propped open", rating=(5, 5, 1, 1))
    again = client.get(url, {"level": "high"}, headers={"HX-Request": "true"}).content.decode()
    assert "Fire door propped open" in again
