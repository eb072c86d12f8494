"""The exact rules of the review workflow around the seal: what the emails link to, what a
snapshot holds, which witness statements, people and states are refused (and in what words),
what counts as High or escalated, and that each step works on the review as stored."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction

from assessments import reviews
from assessments.models import Review
from assessments.reviews import return_review, sign_off_review, submit_review
from assessments.services import rate_risk
from registers.models import Membership
from tests import builders
from tests.builders import force_update, make_review

SITE = "https://risks.example.org"
TOKYO = ZoneInfo("Asia/Tokyo")
#: Summer, so that London (the site's zone) is not UTC either.
JULY_IN_TOKYO = dt.datetime(2026, 7, 1, 10, 30, tzinfo=TOKYO)


@pytest.fixture
def review(register, stage, member):
    return make_review(register, stage=stage, submit_by=member)


def _rated(register, *, inherent=None, residual=None, at=JULY_IN_TOKYO, **fields):
    """A risk rated inherent and residual with (L, F, R, H), both assessed at ``at``."""
    return builders.make_risk(
        register, rating=inherent, residual=residual, assessed_at=at, **fields
    )


def _rating(level="low", escalated=False, **extra):
    return {"level": level, "escalated": escalated, **extra}


# --- emails ---------------------------------------------------------------------------------


def test_the_submit_email_links_to_the_review_in_the_admin(
    register, stage, member, supervisor, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE
    review = make_review(register, stage=stage)
    with django_capture_on_commit_callbacks(execute=True):
        submit_review(review=review, by=member)
    assert [message.subject for message in mail.outbox] == [
        "Review to sign off: Front desk register (Front Desk)"
    ]
    assert mail.outbox[0].body == (
        "Hello Sam Supervisor,\n\n"
        'Mia Member submitted the review of "Front desk register" held on 2 March 2026 for '
        "your sign-off.\n\n"
        "It covers 2 risks. Read the minutes and the ratings, then sign it off or return it "
        "with a comment.\n\n"
        f"Open it: {SITE}/admin/assessments/review/{review.pk}/change/\n\n"
        "-- \nriskportal, Front Desk\n\n"
    )


def test_the_sign_off_email_links_to_the_reviews_page_in_the_register(
    review, register, supervisor, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE
    with django_capture_on_commit_callbacks(execute=True):
        signed = sign_off_review(review=review, by=supervisor, comment="Good.")
    assert [message.subject for message in mail.outbox] == [
        "Review signed off: Front desk register"
    ]
    assert mail.outbox[0].body == (
        "Hello Mia Member,\n\n"
        'Sam Supervisor signed off the review of "Front desk register" held on 2 March 2026.'
        "\n\nTheir comment:\nGood.\n\n"
        "The review and its rating snapshot are now read-only and carry the content hash "
        f"{signed.content_hash}.\n\n"
        f"See it: {SITE}/registers/{register.pk}/reviews/{review.pk}/\n\n"
        "-- \nriskportal, Front Desk\n\n"
    )


def test_the_return_email_links_to_the_reviews_page_in_the_register(
    review, register, supervisor, settings, django_capture_on_commit_callbacks
):
    settings.SITE_URL = SITE
    with django_capture_on_commit_callbacks(execute=True):
        return_review(review=review, by=supervisor, comment="List the attendees.")
    assert [message.subject for message in mail.outbox] == [
        "Review returned for changes: Front desk register"
    ]
    assert mail.outbox[0].body == (
        "Hello Mia Member,\n\n"
        'Sam Supervisor returned the review of "Front desk register" held on 2 March 2026 '
        "for changes.\n\n"
        "What needs changing:\nList the attendees.\n\n"
        "You can edit the review again: make the changes and submit it once more.\n\n"
        f"Edit it: {SITE}/registers/{register.pk}/reviews/{review.pk}/\n\n"
        "-- \nriskportal, Front Desk\n\n"
    )


# --- the snapshot ---------------------------------------------------------------------------


def test_the_snapshot_holds_every_field_of_both_ratings_in_utc(register, member):
    treated = _rated(
        register,
        title="Wet floor at the entrance",
        category="health_safety",
        decision="treat",
        decision_rationale="Mats are cheap.",
        inherent=(5, 2, 4, 1),
        residual=(1, 3, 4, 2),
    )
    review = make_review(register, risks=[treated])
    snapshot = submit_review(review=review, by=member).snapshot
    assert snapshot == [
        {
            "risk_id": treated.pk,
            "reference": "R-001",
            "title": "Wet floor at the entrance",
            "category": "health_safety",
            "decision": "treat",
            "inherent": {
                "id": treated.inherent_rating_id,
                "tier": "inherent",
                "likelihood": 5,
                "finance": 2,
                "reputation": 4,
                "health_safety": 1,
                "score": 20,
                "level": "high",
                "level_label": "High",
                "escalated": False,
                "explanation": "Likelihood 5 × consequence 4 (reputation) = 20: High",
                "assessed_at": "2026-07-01T01:30:00+00:00",
            },
            "residual": {
                "id": treated.residual_rating_id,
                "tier": "residual",
                "likelihood": 1,
                "finance": 3,
                "reputation": 4,
                "health_safety": 2,
                "score": 4,
                "level": "low",
                "level_label": "Low",
                "escalated": False,
                "explanation": "Likelihood 1 × consequence 4 (reputation) = 4: Low",
                "assessed_at": "2026-07-01T01:30:00+00:00",
            },
            "needs_supervisor": False,  # the residual rating applies now, and it is Low
        }
    ]


def test_a_risk_without_a_residual_rating_is_snapshot_with_its_inherent_one(register, member):
    escalated = _rated(register, title="Till short", inherent=(2, 5, 1, 3))
    unrated = builders.make_risk(register, title="Not rated yet", category="reputational")
    review = make_review(register, risks=[escalated, unrated])
    first, second = submit_review(review=review, by=member).snapshot
    assert first["inherent"]["escalated"] is True
    assert first["inherent"]["level"] == "medium"
    assert (first["residual"], first["needs_supervisor"]) == (None, True)
    assert second == {
        "risk_id": unrated.pk,
        "reference": "R-002",
        "title": "Not rated yet",
        "category": "reputational",
        "decision": "",
        "inherent": None,
        "residual": None,
        "needs_supervisor": False,
    }


def test_a_high_inherent_rating_needs_a_supervisor_in_the_snapshot(register):
    high = builders.make_risk(register, rating=(4, 1, 2, 4))
    assert reviews.build_snapshot([high])[0]["needs_supervisor"] is True
    assert reviews.build_snapshot([]) == []


def test_an_aware_time_in_another_zone_is_written_in_utc(register):
    risk = builders.make_risk(register)
    rate_risk(
        risk=risk,
        tier="inherent",
        likelihood=2,
        finance=1,
        reputation=3,
        health_safety=4,
        rationale="Rated in Tokyo",
        assessed_at=JULY_IN_TOKYO,
    )
    assert risk.inherent_rating.assessed_at.utcoffset() == dt.timedelta(hours=9)
    entry = reviews.build_snapshot([risk])[0]
    assert entry["inherent"]["assessed_at"] == "2026-07-01T01:30:00+00:00"


# --- High or escalated ------------------------------------------------------------------------


def test_the_current_rating_of_an_entry_is_the_residual_one_else_the_inherent_one():
    inherent, residual = _rating("high", tier="inherent"), _rating("low", tier="residual")
    assert reviews.current_entry_rating({"inherent": inherent, "residual": residual}) == residual
    assert reviews.current_entry_rating({"inherent": inherent, "residual": None}) == inherent
    assert reviews.current_entry_rating({"inherent": None, "residual": residual}) == residual
    assert reviews.current_entry_rating({"inherent": None, "residual": None}) is None
    assert reviews.current_entry_rating({}) is None


def test_no_snapshot_has_no_high_or_escalated_risk():
    assert reviews.high_or_escalated(None) == 0
    assert reviews.high_or_escalated([]) == 0
    assert reviews.high_or_escalated([{"inherent": None, "residual": None}, {}]) == 0


def test_a_high_or_an_escalated_current_rating_counts_once_and_medium_or_low_do_not():
    assert reviews.high_or_escalated([{"inherent": _rating("high")}]) == 1
    assert reviews.high_or_escalated([{"inherent": _rating("medium", escalated=True)}]) == 1
    assert reviews.high_or_escalated([{"inherent": _rating("high", escalated=True)}]) == 1
    assert reviews.high_or_escalated([{"inherent": _rating("medium")}]) == 0
    assert reviews.high_or_escalated([{"inherent": _rating("low")}]) == 0


def test_high_or_escalated_goes_by_the_residual_rating_when_there_is_one():
    snapshot = [
        {"inherent": _rating("high", escalated=True), "residual": _rating("low")},  # no
        {"inherent": _rating("low"), "residual": _rating("high")},  # yes
        {"inherent": _rating("medium", escalated=True), "residual": None},  # yes
        {"inherent": _rating("low"), "residual": _rating("medium", escalated=True)},  # yes
        {"inherent": _rating("medium"), "residual": None},  # no
        {"inherent": None, "residual": None},  # no
        {"inherent": _rating("high"), "residual": _rating("medium")},  # no
    ]
    assert reviews.high_or_escalated(snapshot) == 3


# --- witness statements ---------------------------------------------------------------------


def test_unknown_criteria_are_refused_sorted_and_comma_separated():
    assert reviews.witness_refusal("I saw it.", ["ZZ 9", "NOS PC6", "AA 1", "ZZ 9"]) == (
        "These criteria cannot be witnessed: AA 1, ZZ 9."
    )
    assert reviews.witness_refusal("", ["nos pc6"]) == (
        "These criteria cannot be witnessed: nos pc6."
    )


@pytest.mark.parametrize("statement", ["", "   \n\t "])
def test_ticked_criteria_without_a_statement_are_refused(statement):
    assert reviews.witness_refusal(statement, ["NOS PC6"]) == (
        "Write what you saw the learner do before ticking the criteria it witnesses: "
        "the statement is the evidence."
    )


def test_a_statement_with_known_criteria_or_none_ticked_is_accepted():
    assert reviews.witness_refusal("I saw Mia brief the desk.", ["OCR ER1", "NOS PC13"]) is None
    assert reviews.witness_refusal("I saw Mia brief the desk.", []) is None
    assert reviews.witness_refusal("", ()) is None


def test_sign_off_refuses_an_unwitnessed_tick_and_leaves_the_review_submitted(review, supervisor):
    with pytest.raises(ValidationError) as refused:
        sign_off_review(review=review, by=supervisor, witnessed_criteria=["NOS PC7"])
    assert refused.value.messages == [
        "Write what you saw the learner do before ticking the criteria it witnesses: "
        "the statement is the evidence."
    ]
    assert Review.objects.get(pk=review.pk).state == Review.State.SUBMITTED


# --- who may, and in which state ------------------------------------------------------------

ONLY_A_SUPERVISOR = "Only a supervisor of this register's team can sign off or return its reviews."
ONLY_AN_EDITOR = "Only a member or supervisor of the team can submit a review."


@pytest.mark.parametrize(
    ("state", "shown_as"),
    [("draft", "draft"), ("returned", "returned for changes"), ("signed_off", "signed off")],
)
def test_only_a_submitted_review_can_be_decided_on_in_these_words(
    register, stage, member, supervisor, state, shown_as
):
    review = make_review(register, stage=stage)
    if state != "draft":
        review = submit_review(review=review, by=member)
    if state == "returned":
        review = return_review(review=review, by=supervisor, comment="Add the attendees.")
    if state == "signed_off":
        review = sign_off_review(review=review, by=supervisor)
    assert reviews.sign_off_refusal(review, supervisor) == (
        f"Only a submitted review can be signed off; this one is {shown_as}."
    )
    assert reviews.return_refusal(review, supervisor) == (
        f"Only a submitted review can be returned; this one is {shown_as}."
    )


def test_someone_signed_out_may_neither_decide_on_nor_submit_a_review(register, stage, review):
    anonymous = AnonymousUser()
    assert reviews.sign_off_refusal(review, anonymous) == ONLY_A_SUPERVISOR
    assert reviews.return_refusal(review, anonymous) == ONLY_A_SUPERVISOR
    with pytest.raises(ValidationError) as refused:
        submit_review(review=make_review(register, stage=stage), by=anonymous)
    assert refused.value.messages == [ONLY_AN_EDITOR]


@pytest.mark.parametrize("persona", ["viewer", "outsider"])
def test_a_viewer_or_someone_of_another_team_may_not_submit(request, register, stage, persona):
    draft = make_review(register, stage=stage)
    with pytest.raises(ValidationError) as refused:
        submit_review(review=draft, by=request.getfixturevalue(persona))
    assert refused.value.messages == [ONLY_AN_EDITOR]
    assert Review.objects.get(pk=draft.pk).state == Review.State.DRAFT


def test_a_role_in_another_team_does_not_count_in_this_one(review, other_team, team, member):
    both = builders.make_user("bea")
    builders.add_member(other_team, both, Membership.Role.SUPERVISOR)
    builders.add_member(team, both, Membership.Role.VIEWER)
    assert reviews.sign_off_refusal(review, both) == ONLY_A_SUPERVISOR
    assert reviews.return_refusal(review, member) == ONLY_A_SUPERVISOR


# --- the review as stored -------------------------------------------------------------------


def test_submit_reads_the_state_stored_not_the_one_in_hand(register, stage, member):
    draft = make_review(register, stage=stage)
    force_update(Review.objects.filter(pk=draft.pk), state=Review.State.SUBMITTED)
    assert draft.state == Review.State.DRAFT
    with pytest.raises(ValidationError) as refused:
        submit_review(review=draft, by=member)
    assert refused.value.messages == [
        "This review is submitted for sign-off; only a draft or returned review can be submitted."
    ]


def test_sign_off_reads_the_state_stored_not_the_one_in_hand(review, supervisor):
    force_update(Review.objects.filter(pk=review.pk), state=Review.State.DRAFT)
    with pytest.raises(ValidationError) as refused:
        sign_off_review(review=review, by=supervisor)
    assert refused.value.messages == [
        "Only a submitted review can be signed off; this one is draft."
    ]


def test_a_step_returns_the_stored_review_with_its_register_team_and_submitter(
    review, member, django_assert_num_queries
):
    force_update(Review.objects.filter(pk=review.pk), minutes="Changed in the database.")
    with transaction.atomic(), django_assert_num_queries(1):
        locked = reviews._locked(review)
        seen = (
            locked.minutes,
            locked.register.title,
            locked.register.team.name,
            locked.submitted_by.username,
        )
    assert locked is not review
    assert seen == ("Changed in the database.", "Front desk register", "Front Desk", "mia")


# --- the signer of a restored sign-off ------------------------------------------------------


def _restored(review) -> Review:
    """``review`` with the seal of a sign-off restored from a backup not verified here."""
    review.content_hash = reviews.restored_seal(review)
    return review


def test_a_restored_sign_off_names_its_signer(review, supervisor):
    signed = sign_off_review(review=review, by=supervisor)
    check = reviews.integrity(_restored(signed))
    assert check.unverified_restore
    assert " by Sam Supervisor according to the backup; " in check.message


def test_a_restored_sign_off_whose_signer_is_gone_says_someone(review, supervisor):
    signed = sign_off_review(review=review, by=supervisor)
    signed.signed_off_by = None
    check = reviews.integrity(_restored(signed))
    assert check.unverified_restore
    assert check.message.endswith(
        " by someone according to the backup; not verified by this instance."
    )
