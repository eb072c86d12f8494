"""The demo's change history reads as its story: the people and days of each step."""

from __future__ import annotations

import datetime as dt
import io
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.core.management import call_command
from django.urls import reverse

from assessments.models import Action, Assessment, Review, Risk
from registers.models import Register

pytestmark = pytest.mark.django_db

NOW = dt.datetime(2026, 1, 31, 9, 30, tzinfo=ZoneInfo("Europe/London"))


@pytest.fixture
def seeded(db):
    with time_machine.travel(NOW, tick=False):
        call_command("seed_demo", stdout=io.StringIO(), stderr=io.StringIO())


def test_every_history_row_names_a_person_and_a_day_of_the_story(seeded):
    models = (Register, Risk, Assessment, Action, Review)
    rows = [row for model in models for row in model.history.all()]
    assert len(rows) > 100
    assert [row for row in rows if row.history_user_id is None] == []
    # Nothing happened at the moment the demo was loaded: the story is in the past.
    assert [row for row in rows if row.history_date >= NOW - dt.timedelta(hours=1)] == []


def test_a_rating_is_recorded_by_whoever_rated_it_on_its_day(seeded):
    ratings = list(Assessment.objects.select_related("assessed_by"))
    assert ratings
    for rating in ratings:
        (row,) = rating.history.all()
        assert (row.history_user_id, row.history_date) == (
            rating.assessed_by_id,
            rating.assessed_at,
        )
    for review in Review.objects.filter(state=Review.State.SIGNED_OFF):
        latest = review.history.order_by("-history_date", "-history_id").first()
        assert latest.history_user_id == review.signed_off_by_id
        assert latest.history_date == review.signed_off_at


def test_the_risk_page_shows_no_change_that_reads_the_same(client, seeded):
    """A re-rating to the same values is in the rating history, not a "change" A -> A."""
    checked = 0
    for risk in Risk.objects.select_related("register__owner"):
        residuals = list(risk.assessments.filter(tier="residual").order_by("assessed_at"))
        values = [(a.likelihood, *a.consequences.values()) for a in residuals]
        if len(values) > 1 and values[-1] == values[-2]:
            checked += 1
            client.force_login(risk.register.owner)
            url = reverse("assessments:risk_detail", args=[risk.register_id, risk.number])
            changes = client.get(url).context["changes"]
            assert all(change.before != change.after for e in changes for change in e.changes)
            assert "the system" not in {entry.who for entry in changes}
    assert checked  # the demo has such re-ratings (the quarterly check of Medium risks)
