"""``riskportal.scoping`` itself: visible_to, editable_by, supervised_by on every kind of
path to the team (the team itself, a register, a risk), and the refusal of bulk writes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Risk
from journeys.models import Stage
from registers.models import Register, Team
from riskportal.scoping import BulkChangeRefused, bulk_writes_recorded_by_caller
from tests.builders import make_register, make_risk, make_team

pytestmark = pytest.mark.django_db


@pytest.fixture
def unstaffed(db):
    """A team nobody belongs to, with a register, a stage and a risk."""
    team = make_team("Night shift")
    register = make_register(team, title="Night register")
    make_risk(register, stage=Stage.objects.create(register=register, name="Door", order=1))
    return team


@pytest.mark.parametrize("user", [None, "anonymous"])
def test_it_shows_nothing_to_no_user_even_of_a_team_without_members(user, unstaffed, register):
    from django.contrib.auth.models import AnonymousUser

    who = AnonymousUser() if user else None
    for model in (Team, Register, Stage, Risk):
        assert model.objects.exists()
        assert not model.objects.visible_to(who).exists(), model
        assert not model.objects.editable_by(who).exists(), model
        assert not model.objects.supervised_by(who).exists(), model


def test_it_scopes_the_team_itself(member, team, other_team, unstaffed):
    assert list(Team.objects.visible_to(member)) == [team]


def test_editable_by_leaves_out_the_teams_where_the_user_only_views(
    member, viewer, supervisor, register, team
):
    risk = make_risk(register)
    viewed = make_team("Viewed team")
    viewed_register = make_register(viewed, title="Viewed register")
    from registers.models import Membership
    from tests.builders import add_member

    add_member(viewed, member, Membership.Role.VIEWER)
    assert set(Register.objects.visible_to(member)) == {register, viewed_register}
    assert list(Register.objects.editable_by(member)) == [register]
    assert list(Risk.objects.editable_by(member)) == [risk]
    assert list(Register.objects.editable_by(supervisor)) == [register]
    assert not Register.objects.editable_by(viewer).exists()
    assert list(Team.objects.editable_by(member)) == [team]


def test_supervised_by_takes_only_the_supervisors_teams(member, supervisor, register, team):
    risk = make_risk(register)
    assert list(Team.objects.supervised_by(supervisor)) == [team]
    assert list(Register.objects.supervised_by(supervisor)) == [register]
    assert list(Risk.objects.supervised_by(supervisor)) == [risk]
    assert not Register.objects.supervised_by(member).exists()


def test_it_names_the_refused_bulk_write(register):
    make_risk(register, title="Wet floor")
    risks = Risk.objects.filter(register=register)
    with pytest.raises(BulkChangeRefused, match=r"^Bulk update of risks is refused"):
        risks.update(title="Dry floor")
    with pytest.raises(BulkChangeRefused, match=r"^Bulk update of risks is refused"):
        risks.bulk_update(list(risks), ["title"])
    with pytest.raises(BulkChangeRefused, match=r"^Bulk delete of risks is refused"):
        risks.delete()
    assert risks.get().title == "Wet floor"


def test_a_recorded_bulk_write_changes_the_named_fields(register):
    first, second = make_risk(register, title="One"), make_risk(register, title="Two")
    first.title, second.title = "Uno", "Dos"
    with bulk_writes_recorded_by_caller(), CaptureQueriesContext(connection) as queries:
        assert Risk.objects.bulk_update([first, second], ["title"], batch_size=1) == 2
    assert sum(q["sql"].startswith("UPDATE") for q in queries.captured_queries) == 2  # batches
    with bulk_writes_recorded_by_caller():
        assert Risk.objects.filter(pk=first.pk).update(notes="checked") == 1
    titles = dict(Risk.objects.values_list("pk", "title"))
    assert titles == {first.pk: "Uno", second.pk: "Dos"}
    assert Risk.objects.get(pk=first.pk).notes == "checked"
