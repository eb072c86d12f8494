"""manage.py seed_demo: a realistic demo with a login per role, unchanged by a second run."""

from __future__ import annotations

import datetime as dt
import io
import re
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.apps import apps
from django.contrib.auth import authenticate, get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.management import call_command
from django.db import transaction
from django.db.models import Q
from django.test import override_settings

from assessments.models import (
    Action,
    Annotation,
    AwarenessRecord,
    Category,
    Consultation,
    Decision,
    PestleItem,
    Reference,
    Review,
    SwotItem,
)
from assessments.reviews import verify
from demo import eastgate, riverside
from demo.people import EASTGATE, RIVERSIDE
from registers.models import Membership, Register
from riskportal.admin_scoping import SUPERVISORS_GROUP
from tests.builders import FAST_PASSWORD_HASHERS

# The end of a month, so that "three months after" has to clamp (31 Jan -> 30 Apr).
NOW = dt.datetime(2026, 1, 31, 9, 30, tzinfo=ZoneInfo("Europe/London"))
TODAY = NOW.date()
ROLES = ["member", "supervisor", "viewer", "admin", "other-team member"]
LOGIN_LINE = re.compile(r"^(member|supervisor|viewer|admin|other-team member): (\S+) / (\S+)$")


def seed(at: dt.datetime = NOW) -> tuple[str, str]:
    # The class-wide ``seeded`` fixture runs outside the per-test fast hasher of conftest.
    out, err = io.StringIO(), io.StringIO()
    hashers = override_settings(PASSWORD_HASHERS=FAST_PASSWORD_HASHERS)
    with time_machine.travel(at, tick=False), hashers:
        call_command("seed_demo", stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def logins(output: str) -> dict[str, tuple[str, str]]:
    found = [LOGIN_LINE.match(line) for line in output.splitlines()]
    return {match[1]: (match[2], match[3]) for match in found if match}


def user(username: str):
    return get_user_model().objects.get(username=username)


def database_state() -> dict[str, list[dict]]:
    """Every row of every table (history included), to show that nothing changed."""
    return {
        model._meta.label: list(model._base_manager.order_by("pk").values())
        for model in apps.get_models()
    }


@pytest.fixture
def output(db) -> str:
    out, err = seed()
    assert err == ""
    return out


@pytest.fixture(scope="class")
def seeded(django_db_setup, django_db_blocker) -> str:
    """The demo loaded once for a class of read-only tests, rolled back after them."""
    with django_db_blocker.unblock(), transaction.atomic():
        out, err = seed()
        assert err == ""
        yield out
        transaction.set_rollback(True)


@pytest.fixture
def demo_register(seeded) -> Register:
    return Register.objects.get(team__slug=RIVERSIDE.slug, title=riverside.REGISTER.title)


# --- The command: logins and a second run, each on an empty database ----------------------


def test_it_prints_one_login_per_role_and_each_signs_in(output):
    lines = [line for line in output.splitlines() if LOGIN_LINE.match(line)]
    found = logins(output)
    assert list(found) == ROLES
    assert len(lines) == len(ROLES)
    for username, password in found.values():
        assert authenticate(None, username=username, password=password) == user(username)


def test_it_uses_passwords_that_pass_the_validators(output):
    found = logins(output)
    assert list(found) == ROLES
    refused = {}
    for role, (username, password) in found.items():
        try:
            validate_password(password, user(username))
        except ValidationError as error:
            refused[role] = error.messages
    assert refused == {}
    # The validators are on: a weak password is refused.
    with pytest.raises(ValidationError):
        validate_password("password", user(found["member"][0]))


def test_it_gives_each_login_its_role(output):
    found = {role: user(username) for role, (username, _) in logins(output).items()}

    def roles(person) -> dict[str, str]:
        return dict(person.memberships.values_list("team__slug", "role"))

    assert roles(found["member"]) == {RIVERSIDE.slug: Membership.Role.MEMBER}
    assert roles(found["supervisor"]) == {RIVERSIDE.slug: Membership.Role.SUPERVISOR}
    assert roles(found["viewer"]) == {RIVERSIDE.slug: Membership.Role.VIEWER}
    assert roles(found["admin"]) == {RIVERSIDE.slug: Membership.Role.MEMBER}
    assert roles(found["other-team member"]) == {EASTGATE.slug: Membership.Role.MEMBER}
    assert found["supervisor"].is_staff and not found["supervisor"].is_superuser
    assert found["admin"].is_staff and found["admin"].is_superuser
    assert not any(found[role].is_staff for role in ("member", "viewer", "other-team member"))
    assert all(person.first_name and person.last_name for person in found.values())


def test_it_puts_the_supervisor_in_the_admin_group(output):
    supervisor = user(logins(output)["supervisor"][0])
    assert list(supervisor.groups.values_list("name", flat=True)) == [SUPERVISORS_GROUP]


def test_it_changes_nothing_on_a_second_run(output):
    before = database_state()
    again, err = seed(at=NOW + dt.timedelta(days=8))
    assert database_state() == before
    assert err == ""
    assert "Created" not in again
    assert again.count("unchanged") == 2
    assert logins(again) == logins(output)


def test_it_keeps_existing_users_as_they_are(db):
    get_user_model().objects.create_user(username="priya.shah", password="her-own-secret-77")
    out, err = seed()
    assert "priya.shah already existed with another password" in err
    assert authenticate(None, username="priya.shah", password="her-own-secret-77")
    assert logins(out)["member"] == ("priya.shah", "demo-member-2026")


# --- The demo register: read-only checks on one load --------------------------------------


@pytest.mark.django_db
class TestTheDemo:
    def test_it_builds_a_register_that_meets_the_minimums(self, demo_register):
        stages = list(demo_register.stages.all())
        risks = list(demo_register.risks.all())
        assert len(stages) >= 6
        assert [stage.order for stage in stages] == list(range(1, len(stages) + 1))
        moments = [stage for stage in stages if stage.is_moment_of_truth]
        assert len(moments) >= 3
        assert all(stage.moment_of_truth_note for stage in moments)
        assert all(stage.customer_actions and stage.channels for stage in stages)
        assert {stage.emotion for stage in stages} >= {-2, 2}
        assert len(risks) >= 16
        assert {risk.category for risk in risks} == set(Category.values)
        assert {risk.decision for risk in risks} == set(Decision.values)
        assert {risk.stage_id for risk in risks} == {stage.pk for stage in stages}
        for risk in risks:
            assert risk.cause and risk.event and risk.consequence, risk.reference
            assert risk.affected and risk.existing_controls and risk.outcome, risk.reference
            assert risk.owner_display and risk.decision_rationale, risk.reference
            assert not risk.at_moment_of_truth or risk.stage.is_moment_of_truth, risk.reference

    def test_it_leaves_exactly_one_category_gap_at_gym_induction(self, demo_register):
        covered = set(demo_register.risks.values_list("stage__name", "category"))
        gaps = [
            (stage.name, category)
            for stage in demo_register.stages.all()
            for category in Category.values
            if (stage.name, category) not in covered
        ]
        assert gaps == [("Gym induction", Category.FINANCIAL)]

    def test_it_rates_every_risk_before_and_after_treatment(self, demo_register):
        risks = list(demo_register.risks.with_ratings())
        for risk in risks:
            inherent, residual = risk.inherent_rating, risk.residual_rating
            assert inherent and residual, risk.reference
            assert inherent.rationale and residual.rationale, risk.reference
            assert residual.score <= inherent.score, risk.reference
            if risk.decision == Decision.TREAT:
                assert residual.score < inherent.score, risk.reference
        assert any(risk.residual_rating.escalated for risk in risks)
        assert {risk.inherent_rating.level_code for risk in risks} == {"low", "medium", "high"}
        # Re-ratings are kept as history: more ratings than two per risk.
        assert sum(risk.assessments.count() for risk in risks) > 2 * len(risks)

    def test_it_links_risks_and_actions_to_the_law(self, demo_register):
        titles = set(demo_register.risks.values_list("references__title", flat=True))
        assert {
            "Health and Safety at Work etc. Act 1974",
            "UK General Data Protection Regulation",
            "Consumer Rights Act 2015",
            "Equality Act 2010",
        } <= titles
        assert Action.objects.filter(register=demo_register, references__isnull=False).exists()
        assert "data protection" in {tag for risk in demo_register.risks.all() for tag in risk.tags}

    def test_it_cites_only_references_checked_current_and_data_law_in_full(self, demo_register):
        cited = Reference.objects.filter(
            Q(risks__register=demo_register) | Q(actions__register=demo_register)
        ).distinct()
        unchecked = [ref.title for ref in cited if ref.last_checked is None]
        assert cited.exists() and unchecked == []
        assert not cited.filter(revoked_on__isnull=False).exists()
        # UK GDPR is read with the Data Protection Act 2018: a risk citing one cites both.
        gdpr = demo_register.risks.filter(references__title="UK General Data Protection Regulation")
        assert gdpr.exists()
        assert all(
            risk.references.filter(title="Data Protection Act 2018").exists() for risk in gdpr
        )

    def test_it_dates_everything_around_today(self, demo_register):
        actions = Action.objects.filter(register=demo_register)
        done = actions.filter(status=Action.Status.DONE)
        assert done.exists()
        assert all(action.completed_on and action.completed_on <= TODAY for action in done)
        assert actions.overdue(TODAY).exists()
        assert actions.filter(status=Action.Status.PLANNED, due_date__gt=TODAY).exists()
        assert all(action.risks.exists() for action in actions)
        assert all(action.owner_display for action in actions)
        risks, reviews = list(demo_register.risks.all()), list(demo_register.reviews.all())
        assert risks and reviews
        assert all(risk.next_review_date > TODAY for risk in risks)
        assert all(review.date < TODAY for review in reviews)

    def test_it_signs_off_one_review_and_submits_the_next(self, demo_register, seeded):
        supervisor = user(logins(seeded)["supervisor"][0])
        signed, submitted = demo_register.reviews.order_by("date")
        assert signed.state == Review.State.SIGNED_OFF
        assert signed.signed_off_by == supervisor
        assert signed.signed_off_at and signed.sign_off_comment
        assert verify(signed)
        assert submitted.state == Review.State.SUBMITTED
        assert not submitted.content_hash
        # Each snapshot holds the ratings of its own day: re-ratings came in between.
        assert signed.snapshot != submitted.snapshot
        risks = list(demo_register.risks.with_ratings())
        assert all(risk.cleared_rating_id for risk in risks)
        assert any(risk.awaiting_supervisor for risk in risks)
        for review in (signed, submitted):
            assert review.minutes and review.attendees and review.outcome
            assert len(review.snapshot) == demo_register.risks.count()
            entry = review.snapshot[0]
            assert entry["reference"] == "R-001" and entry["title"]
            assert entry["inherent"]["explanation"] and entry["residual"]["score"]

    def test_it_consults_three_groups_and_makes_customers_and_staff_aware(self, demo_register):
        groups = set(Consultation.objects.filter(register=demo_register).values_list("group"))
        assert {("team",), ("partners",), ("managers",)} <= groups
        audiences = AwarenessRecord.objects.filter(risk__register=demo_register)
        assert set(audiences.values_list("audience", flat=True)) == {"customers", "staff"}

    def test_it_annotates_every_kind_of_record(self, demo_register):
        annotations = list(Annotation.objects.filter(register=demo_register))
        assert {annotation.target._meta.model_name for annotation in annotations} == set(
            Annotation.TARGETS
        )
        assert all(annotation.target is not None for annotation in annotations)

    def test_it_links_swot_and_pestle_items_to_risks(self, demo_register):
        swot = SwotItem.objects.filter(register=demo_register)
        pestle = PestleItem.objects.filter(register=demo_register)
        assert set(swot.values_list("quadrant", flat=True)) == set(SwotItem.Quadrant.values)
        assert set(pestle.values_list("factor", flat=True)) == set(PestleItem.Factor.values)
        assert all(item.risks.exists() for item in [*swot, *pestle])

    def test_it_gives_the_other_team_a_small_register_of_its_own(self, seeded):
        register = Register.objects.get(team__slug=EASTGATE.slug, title=eastgate.REGISTER.title)
        assert 2 <= register.stages.count() <= 3
        assert 2 <= register.risks.count() <= 3
        assert all(risk.residual_rating_id for risk in register.risks.all())

    def test_it_keeps_each_team_out_of_the_others_register(self, demo_register, seeded):
        found = logins(seeded)
        other = user(found["other-team member"][0])
        member = user(found["member"][0])
        assert demo_register not in Register.objects.visible_to(other)
        assert list(Register.objects.visible_to(other).values_list("title", flat=True)) == [
            eastgate.REGISTER.title
        ]
        assert list(Register.objects.visible_to(member)) == [demo_register]
