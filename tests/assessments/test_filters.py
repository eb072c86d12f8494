"""The risk and action FilterSets (each parameter) and the presentation filters."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from assessments.filters import ActionFilter, RiskFilter
from assessments.models import Action, Risk
from assessments.templatetags.assessments_tags import level_badge, money, payback, short_decision
from tests.builders import add_member, force_update, make_risk, make_stage, make_user


def numbers(register, **params) -> list[int]:
    queryset = Risk.objects.filter(register=register).with_ratings()
    filterset = RiskFilter(params, queryset=queryset, register=register)
    return [risk.number for risk in filterset.qs]


@pytest.fixture
def risks(register, stage, member):
    """R-001 financial at Booking, medium then low; R-002 high at a moment of truth..."""
    arrival = make_stage(
        register, "Arrival", is_moment_of_truth=True, moment_of_truth_note="First impression"
    )
    with time_machine.travel(dt.date(2026, 1, 10), tick=False):
        one = make_risk(
            register,
            stage=stage,
            title="Till shortfalls",
            category="financial",
            owner=member,
            decision="treat",
            decision_rationale="Cheap",
            rating=(4, 3, 2, 1),
            residual=(2, 2, 1, 1),
        )
        two = make_risk(
            register,
            stage=arrival,
            title="Queue at the desk",
            category="reputational",
            cause="Short staffed",
            rating=(5, 1, 4, 1),
        )
    three = make_risk(
        register,
        title="Wet floor",
        category="health_safety",
        decision="tolerate",
        decision_rationale="Mats",
        rating=(1, 1, 1, 2),
    )
    return one, two, three


def test_it_filters_by_stage(register, stage, risks):
    assert numbers(register, stage=stage.pk) == [1]


def test_it_filters_by_category(register, risks):
    assert numbers(register, category="reputational") == [2]


@pytest.mark.parametrize(
    ("tier", "level", "expected"),
    [
        ("", "low", [1, 3]),
        ("current", "medium", []),
        ("inherent", "medium", [1]),
        ("residual", "low", [1]),
        ("inherent", "high", [2]),
    ],
)
def test_it_filters_by_level_on_the_chosen_tier(register, risks, tier, level, expected):
    assert numbers(register, tier=tier, level=level) == expected


def test_it_filters_by_matrix_cell(register, risks):
    assert numbers(register, likelihood=4, consequence=3, tier="inherent") == [1]
    assert numbers(register, likelihood=2, consequence=2) == [1]  # current = residual
    assert numbers(register, likelihood=5, consequence=4) == [2]


def test_it_filters_by_owner(register, member, risks):
    assert numbers(register, owner=member.pk) == [1]


def test_it_ignores_an_owner_from_another_team(register, outsider, risks):
    filterset = RiskFilter(
        {"owner": outsider.pk}, queryset=Risk.objects.filter(register=register), register=register
    )
    assert "owner" in filterset.form.errors
    assert sorted(r.number for r in filterset.qs) == [1, 2, 3]


def test_it_filters_by_decision(register, risks):
    assert numbers(register, decision="tolerate") == [3]
    assert numbers(register, decision="none") == [2]


def test_it_filters_overdue_reviews(register, risks):
    with time_machine.travel(dt.date(2026, 5, 1), tick=False):
        # R-001 low residual: 6 months (July); R-002 high: 1 month (February).
        assert numbers(register, overdue="on") == [2]
        assert numbers(register, overdue="") == [1, 2, 3]


def test_it_filters_risks_awaiting_a_supervisor(register, risks):
    one, two, three = risks
    assert numbers(register, awaiting="on") == [2]
    force_update(Risk.objects.filter(pk=two.pk), cleared_rating=two.inherent_rating)
    assert numbers(register, awaiting="on") == []


def test_it_searches_words_and_references(register, risks):
    assert numbers(register, q="staffed") == [2]  # in the cause
    assert numbers(register, q="wet floor") == [3]
    assert numbers(register, q="R-002") == [2]
    assert numbers(register, q="r1") == [1]


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        ("number", [1, 2, 3]),
        ("-number", [3, 2, 1]),
        ("-level", [2, 1, 3]),
        ("level", [3, 1, 2]),
        ("title", [2, 1, 3]),
        ("-score", [2, 1, 3]),
        ("stage", [1, 2, 3]),
        ("nonsense", [1, 2, 3]),
    ],
)
def test_it_sorts_deterministically(register, risks, sort, expected):
    assert numbers(register, sort=sort) == expected


# --- Actions ----------------------------------------------------------------------------


def action_ids(register, **params) -> list[str]:
    filterset = ActionFilter(
        params, queryset=Action.objects.filter(register=register), register=register
    )
    return sorted(action.description for action in filterset.qs)


@time_machine.travel(dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC), tick=False)
def test_it_filters_actions_by_status_owner_and_due(register, member):
    other = make_user()
    add_member(register.team, other)
    today = timezone.localdate()
    Action.objects.create(
        register=register, description="late", owner=member, due_date=today - dt.timedelta(days=1)
    )
    Action.objects.create(
        register=register, description="soon", owner=other, due_date=today + dt.timedelta(days=3)
    )
    Action.objects.create(
        register=register, description="later", due_date=today + dt.timedelta(days=20)
    )
    Action.objects.create(register=register, description="undated")
    Action.objects.create(
        register=register,
        description="done",
        status="done",
        completed_on=today,
        due_date=today - dt.timedelta(days=9),
    )
    assert action_ids(register, due="overdue") == ["late"]
    assert action_ids(register, due="week") == ["soon"]
    assert action_ids(register, due="month") == ["later", "soon"]
    assert action_ids(register, due="none") == ["undated"]
    assert action_ids(register, status="open") == ["late", "later", "soon", "undated"]
    assert action_ids(register, status="done") == ["done"]
    assert action_ids(register, owner=member.pk) == ["late"]


# --- Presentation filters ----------------------------------------------------------------


def test_it_shows_a_level_as_text_and_colour():
    assert level_badge("high", "High") == '<span class="level level-high">High</span>'
    assert level_badge("low") == '<span class="level level-low">Low</span>'
    assert level_badge(None) == '<span class="level level-none">Not rated</span>'
    assert level_badge("weird", "<b>") == '<span class="level level-none">&lt;b&gt;</span>'


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (Decimal("1234.5"), "£1,234.50"),
        (Decimal("0"), "£0.00"),
        (Decimal("-20"), "-£20.00"),
        (None, ""),
        ("abc", "abc"),
    ],
)
def test_it_formats_money(value, text):
    assert money(value) == text


@pytest.mark.parametrize(
    ("one_off", "annual", "benefit", "text"),
    [
        (0, 0, 0, "—"),
        (0, 120, 0, "no payback: costs more each year than it saves"),
        (500, 0, 0, "no payback: saves nothing a year towards its cost"),
        (0, 100, 400, "from the start: no one-off cost"),
        (100, 0, 1200, "1 month"),
        (700, 0, 1200, "7 months"),
        (2000, 0, 1200, "20 months"),
        (2400, 0, 1000, "about 2½ years"),
        (18000, 1200, 1500, "about 60 years"),
    ],
)
def test_it_words_the_payback_period(one_off, annual, benefit, text):
    action = Action(
        cost_one_off=Decimal(one_off), cost_annual=Decimal(annual), benefit_annual=Decimal(benefit)
    )
    assert payback(action) == text


def test_it_shortens_a_decision():
    assert short_decision("tolerate") == "Tolerate"
    assert short_decision("") == "Not decided"
