"""Each rule has one home, and every reader gives its answer.

A rule written twice drifts: these tests ask every place that shows a rule (the risk list's
filter, the register counts, the dashboard, the reminders, the admin, the PDF) and expect
the one answer of the rule's home.
"""

from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

import pytest
import time_machine
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.utils import timezone

from assessments.admin import AwaitingSupervisorFilter, RiskAdmin
from assessments.filters import RiskFilter
from assessments.forms import PersonChoiceField
from assessments.models import Risk
from assessments.reminders import overdue_reviews
from assessments.views.risks import change_history
from dashboard.home import build_home
from dashboard.profile import level_profile
from evidence.pack import build_pack
from interchange.exporters.data import _user as exported_user
from registers.access import get_register
from registers.models import Register, RiskLevel
from registers.templatetags.levels import level_badge
from riskportal.history import history_entries
from riskportal.people import display_name, person
from tests.builders import force_update, make_risk, make_user

pytestmark = pytest.mark.django_db

HIGH = (5, 4, 1, 1)  # 20 on the standard 5x5 matrix: High, which needs a supervisor
LOW = (1, 1, 1, 1)


@pytest.fixture
def risks(register):
    """R-001 rated only inherent (High); R-002 High, then Low after actions; R-003 not rated."""
    only_inherent = make_risk(register, title="Only inherent", rating=HIGH)
    both = make_risk(register, title="Both", rating=HIGH, residual=LOW)
    unrated = make_risk(register, title="Unrated")
    return only_inherent, both, unrated


def _filtered(register, **params) -> set[int]:
    queryset = Risk.objects.filter(register=register).with_ratings()
    return {risk.number for risk in RiskFilter(params, queryset=queryset, register=register).qs}


def test_every_reader_gives_a_risk_rated_only_inherent_the_same_current_level(
    rf, register, member, risks
):
    only_inherent, both, unrated = risks
    expected = {only_inherent.number: "high", both.number: "low", unrated.number: None}

    # The home: the model's property and the QuerySet annotation.
    model = {risk.number: getattr(risk.current_rating, "level_code", None) for risk in risks}
    annotated = dict(
        Risk.objects.filter(register=register)
        .with_current_level()
        .values_list("number", "current_level")
    )
    assert model == annotated == expected

    # The risk list's filter (tier "current" is its default).
    for code in RiskLevel.RANKS:
        wanted = {number for number, level in expected.items() if level == code}
        assert _filtered(register, level=code) == wanted

    # The register's level counts (register list and dashboard).
    counted = Register.objects.with_level_counts().get(pk=register.pk)
    assert (counted.risks_high, counted.risks_medium, counted.risks_low) == (1, 0, 1)
    assert counted.risks_unrated == 1 and counted.risks_total == 3
    assert [(level.code, level.count) for level in counted.level_counts] == [
        ("high", 1),
        ("medium", 0),
        ("low", 1),
    ]
    home = build_home(member, today=timezone.localdate())
    (shown,) = home.registers
    assert [(level.code, level.count) for level in shown.level_counts] == [
        ("high", 1),
        ("medium", 0),
        ("low", 1),
    ]

    # The dashboard's profile.
    current = {row.code: row.current for row in level_profile(register.risks.all())}
    assert current == {"high": 1, "medium": 0, "low": 1, "none": 1}

    # The evidence pack's entries.
    request = rf.get("/")
    request.user = member
    pack = build_pack(get_register(request, register.pk), learner=member)
    in_pack = {
        int(entry.reference.removeprefix("R-")): entry.current and entry.current.level.code
        for entry in pack.content.risks
    }
    assert in_pack == expected


def test_the_reminders_review_a_register_at_the_cadence_of_its_current_levels(register):
    """Only R-001 (High, rated only inherent) makes the register due monthly: were its
    inherent rating ignored, the register would be at Low's six months and not yet due."""
    make_risk(register, title="Only inherent", rating=HIGH)
    make_risk(register, title="Low after actions", rating=HIGH, residual=LOW)
    created = timezone.now() - dt.timedelta(days=70)
    force_update(
        Register.objects.filter(pk=register.pk),
        review_months_high=1,
        review_months_low=6,
        created_at=created,
    )
    due = {item.register.pk: item.due for item in overdue_reviews(timezone.localdate())}
    assert register.pk in due
    assert (due[register.pk] - timezone.localtime(created).date()).days <= 31


def test_every_reader_agrees_which_risks_await_a_supervisor(rf, register, supervisor, risks):
    only_inherent, both, _ = risks
    cleared = make_risk(register, title="Cleared by a review", rating=HIGH)
    force_update(Risk.objects.filter(pk=cleared.pk), cleared_rating=cleared.inherent_rating)
    re_rated = make_risk(register, title="Re-rated after its review", rating=HIGH, residual=HIGH)
    force_update(Risk.objects.filter(pk=re_rated.pk), cleared_rating=re_rated.inherent_rating)
    expected = {only_inherent.number, re_rated.number}

    everything = Risk.objects.filter(register=register)
    assert {risk.number for risk in everything if risk.awaiting_supervisor} == expected
    assert {risk.number for risk in everything.awaiting_supervisor()} == expected
    assert _filtered(register, awaiting="true") == expected
    home = build_home(supervisor, today=timezone.localdate())
    assert {risk.number for risk in home.awaiting} == expected
    request = rf.get("/")
    request.user = supervisor
    for value, wanted in (("1", expected), ("0", {r.number for r in everything} - expected)):
        admin_filter = AwaitingSupervisorFilter(request, {"awaiting": [value]}, Risk, None)
        assert {risk.number for risk in admin_filter.queryset(request, everything)} == wanted
    assert both.number not in expected


def test_level_codes_are_ordered_as_every_matrix_ranks_them(register):
    ranked = list(register.matrix.levels.order_by("-rank").values_list("code", flat=True))
    assert RiskLevel.codes_highest_first() == ranked == ["high", "medium", "low"]
    by_rank = dict(register.matrix.levels.values_list("code", "rank"))
    assert by_rank == RiskLevel.RANKS


def test_a_level_is_drawn_one_way_on_screen_in_the_admin_and_in_the_pdf(register):
    risk = make_risk(register, rating=HIGH)
    screen = level_badge("high", "High")
    assert screen == '<span class="level level-high">High</span>'
    assert RiskAdmin.current_level(None, risk) == screen
    pdf_rating = SimpleNamespace(level=SimpleNamespace(code="high", label="High"))
    assert render_to_string("evidence/print/level.html", {"rating": pdf_rating}).strip() == screen
    unrated = render_to_string("evidence/print/level.html", {"rating": None}).strip()
    assert unrated == level_badge(None) == '<span class="level level-none">Not rated</span>'
    row = render_to_string("dashboard/_risk_row.html", {"risk": risk})
    assert screen in row
    unrated_row = render_to_string("dashboard/_risk_row.html", {"risk": make_risk(register)})
    assert level_badge(None) in unrated_row


def test_the_risk_page_and_the_admin_read_history_through_one_engine(register, member):
    risk = make_risk(register, title="Old title")
    with time_machine.travel(timezone.now() + dt.timedelta(minutes=1)):
        risk.title = "New title"
        risk._change_reason = ""
        risk.save()
    records = list(risk.history.select_related("history_user", "owner", "stage"))
    page = change_history(records, ratings={})
    admin = history_entries(records, subject=str)
    assert [type(entry) for entry in page] == [type(entry) for entry in admin[::-1]]
    (page_change,) = page[0].changes
    assert (page_change.field, page_change.before, page_change.after) == (
        "Title",
        "Old title",
        "New title",
    )
    assert page_change in admin[-1].changes


@pytest.mark.parametrize("names", [("Mia", "Member"), ("", "")])
def test_a_person_is_named_one_way_everywhere(register, names):
    first, last = names
    user = make_user(f"user{len(first)}", first_name=first, last_name=last)
    expected = f"{first} {last}" if first else user.get_username()
    assert display_name(user) == expected
    assert person(user) == expected
    assert PersonChoiceField(queryset=None).label_from_instance(user) == expected
    assert exported_user(user) == expected
    risk = make_risk(register, owner=user)
    assert risk.owner_display == expected
    assert person(None) == "—" and display_name(None) == ""


@pytest.fixture
def rf():
    return RequestFactory()
