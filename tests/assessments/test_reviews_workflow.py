"""The review workflow: who may submit, sign off and return; what sign-off freezes."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core import mail
from django.core.exceptions import ValidationError
from django.db import transaction

from assessments import reviews
from assessments.models import Review, Risk
from assessments.reviews import return_review, sign_off_review, submit_review
from assessments.services import rate_risk
from registers.models import Membership
from tests import builders
from tests.builders import force_update, make_review

NOON = dt.datetime(2026, 3, 2, 12, 0, tzinfo=dt.UTC)


@pytest.fixture
def review(register, stage, member):
    return make_review(register, stage=stage, submit_by=member)


def test_it_submits_with_a_snapshot_of_the_ratings(register, stage, member):
    review = make_review(register, stage=stage)
    review = submit_review(review=review, by=member)
    assert review.state == Review.State.SUBMITTED
    assert review.submitted_by == member
    references = [entry["reference"] for entry in review.snapshot]
    assert references == ["R-001", "R-002"]
    assert review.snapshot[0]["inherent"]["level"] == "high"
    assert reviews.high_or_escalated(review.snapshot) == 1


def test_it_lets_a_supervisor_of_the_team_sign_off(review, supervisor):
    with time_machine.travel(NOON, tick=False):
        signed = sign_off_review(review=review, by=supervisor, comment="Good review.")
    assert signed.state == Review.State.SIGNED_OFF
    assert signed.signed_off_by == supervisor
    assert signed.signed_off_at == NOON
    assert signed.sign_off_comment == "Good review."
    assert len(signed.content_hash) == 64
    assert reviews.verify(signed)


@pytest.mark.parametrize("persona", ["member", "viewer", "outsider"])
def test_it_refuses_sign_off_by_anyone_but_a_supervisor(request, review, persona):
    user = request.getfixturevalue(persona)
    with pytest.raises(ValidationError, match="Only a supervisor of this register's team"):
        sign_off_review(review=review, by=user)
    review.refresh_from_db()
    assert review.state == Review.State.SUBMITTED


def test_it_refuses_a_supervisor_of_another_team(review, other_team):
    stranger = builders.make_user("stan")
    builders.add_member(other_team, stranger, Membership.Role.SUPERVISOR)
    with pytest.raises(ValidationError, match="Only a supervisor"):
        sign_off_review(review=review, by=stranger)
    with pytest.raises(ValidationError, match="Only a supervisor"):
        return_review(review=review, by=stranger, comment="No")


def test_it_refuses_sign_off_of_ones_own_review(register, stage, supervisor, second_supervisor):
    review = make_review(register, stage=stage, submit_by=supervisor)
    assert reviews.sign_off_refusal(review, supervisor) == (
        "You submitted this review, so another supervisor must sign it off."
    )
    with pytest.raises(ValidationError, match="another supervisor must sign it off"):
        sign_off_review(review=review, by=supervisor)
    assert sign_off_review(review=review, by=second_supervisor).is_frozen


@pytest.mark.parametrize("state", ["draft", "returned", "signed_off"])
def test_it_signs_off_only_submitted_reviews(register, stage, supervisor, state, member):
    review = make_review(register, stage=stage)
    if state != "draft":
        submit_review(review=review, by=member)
        if state == "returned":
            return_review(review=review, by=supervisor, comment="Add the attendees.")
        else:
            sign_off_review(review=review, by=supervisor)
    with pytest.raises(ValidationError, match="Only a submitted review can be signed off"):
        sign_off_review(review=review, by=supervisor)
    with pytest.raises(ValidationError, match="Only a submitted review can be returned"):
        return_review(review=review, by=supervisor, comment="Again")


def test_it_returns_a_review_with_a_comment_the_team_sees(review, supervisor, member):
    with pytest.raises(ValidationError, match="Say what needs changing"):
        return_review(review=review, by=supervisor, comment="   ")
    returned = return_review(review=review, by=supervisor, comment="Record who attended.")
    assert returned.state == Review.State.RETURNED
    assert returned.return_comment == "Record who attended."
    assert returned.is_editable
    assert submit_review(review=returned, by=member).state == Review.State.SUBMITTED


def test_it_freezes_a_signed_off_review_against_any_save(review, supervisor):
    sign_off_review(review=review, by=supervisor)
    review = Review.objects.get(pk=review.pk)
    review.minutes = "Rewritten afterwards"
    with pytest.raises(ValidationError, match="signed off, so it is read-only"):
        review.full_clean()
    with pytest.raises(ValidationError, match="signed off, so it is read-only"):
        review.save()
    review.refresh_from_db()
    assert review.minutes != "Rewritten afterwards"


def test_it_refuses_a_crafted_second_sign_off(review, supervisor, second_supervisor):
    sign_off_review(review=review, by=supervisor, comment="First")
    with pytest.raises(ValidationError, match="this one is signed off"):
        sign_off_review(review=review, by=second_supervisor, comment="Second")
    review.refresh_from_db()
    assert review.signed_off_by == supervisor
    assert review.sign_off_comment == "First"


def test_it_reports_a_snapshot_altered_behind_the_apps_back(review, supervisor):
    signed = sign_off_review(review=review, by=supervisor)
    stored_hash = signed.content_hash
    assert reviews.integrity(signed).intact

    tampered = [dict(entry) for entry in signed.snapshot]
    tampered[0]["inherent"] = {**tampered[0]["inherent"], "level": "low", "level_label": "Low"}
    force_update(Review.objects.filter(pk=signed.pk), snapshot=tampered)

    altered = Review.objects.get(pk=signed.pk)
    assert altered.content_hash == stored_hash
    assert reviews.content_hash(altered) != stored_hash
    assert not reviews.verify(altered)
    check = reviews.integrity(altered)
    assert check.altered
    assert check.message.startswith("Snapshot altered after sign-off")


def test_it_says_a_review_not_signed_off_has_nothing_to_verify(review):
    check = reviews.integrity(review)
    assert not check.signed_off
    assert not check.altered


def test_it_clears_awaiting_supervisor_for_the_ratings_covered(review, supervisor, register):
    high = Risk.objects.get(register=register, number=1)
    assert high.awaiting_supervisor
    assert list(Risk.objects.awaiting_supervisor()) == [high]
    sign_off_review(review=review, by=supervisor)
    high.refresh_from_db()
    assert not high.awaiting_supervisor
    assert not Risk.objects.awaiting_supervisor().exists()


def test_it_awaits_a_supervisor_again_after_a_rerating(review, supervisor, register):
    sign_off_review(review=review, by=supervisor)
    high = Risk.objects.get(register=register, number=1)
    rate_risk(
        risk=high,
        tier="residual",
        likelihood=4,
        finance=4,
        reputation=4,
        health_safety=4,
        rationale="Mats ordered but not delivered",
    )
    high = Risk.objects.with_ratings().get(pk=high.pk)
    assert high.awaiting_supervisor
    assert list(Risk.objects.awaiting_supervisor()) == [high]


def test_it_agrees_with_the_property_for_every_kind_of_risk(register, stage):
    cases = [
        builders.make_risk(register, stage=stage),  # not rated
        builders.make_risk(register, stage=stage, rating=(1, 1, 1, 1)),  # low
        builders.make_risk(register, stage=stage, rating=(5, 5, 4, 4)),  # high
        builders.make_risk(register, stage=stage, rating=(1, 5, 1, 1)),  # escalated
        builders.make_risk(register, stage=stage, rating=(5, 5, 5, 5), residual=(1, 1, 1, 1)),
        builders.make_risk(register, stage=stage, rating=(1, 1, 1, 1), residual=(5, 4, 4, 4)),
    ]
    expected = {risk.pk for risk in cases if risk.awaiting_supervisor}
    assert expected == {cases[2].pk, cases[3].pk, cases[5].pk}
    assert set(Risk.objects.awaiting_supervisor().values_list("pk", flat=True)) == expected


# --- emails ---------------------------------------------------------------------------------


def test_it_emails_the_teams_supervisors_after_a_submit(
    register,
    stage,
    member,
    supervisor,
    second_supervisor,
    outsider,
    django_capture_on_commit_callbacks,
):
    review = make_review(register, stage=stage)
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        submit_review(review=review, by=member)
    assert len(callbacks) == 1
    assert sorted(message.to[0] for message in mail.outbox) == [
        "sam@example.org",
        "sue@example.org",
    ]
    assert mail.outbox[0].subject == "Review to sign off: Front desk register (Front Desk)"
    assert "Mia Member submitted the review" in mail.outbox[0].body


def test_it_does_not_email_a_supervisor_about_their_own_submission(
    register, stage, supervisor, second_supervisor, django_capture_on_commit_callbacks
):
    review = make_review(register, stage=stage)
    with django_capture_on_commit_callbacks(execute=True):
        submit_review(review=review, by=supervisor)
    assert [message.to for message in mail.outbox] == [["sue@example.org"]]


def test_it_emails_the_submitter_once_when_signed_off(
    review, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        sign_off_review(review=review, by=supervisor, comment="Well recorded.")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mia@example.org"]
    assert mail.outbox[0].subject == "Review signed off: Front desk register"
    assert "Well recorded." in mail.outbox[0].body
    assert review.__class__.objects.get(pk=review.pk).content_hash in mail.outbox[0].body


def test_it_emails_the_submitter_the_return_comment(
    review, supervisor, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        return_review(review=review, by=supervisor, comment="List the attendees.")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["mia@example.org"]
    assert "List the attendees." in mail.outbox[0].body


def test_it_sends_nothing_before_the_commit(review, supervisor, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        sign_off_review(review=review, by=supervisor)
        assert mail.outbox == []
    assert len(callbacks) == 1
    assert mail.outbox == []


def test_it_sends_nothing_when_the_transaction_rolls_back(
    review, supervisor, django_capture_on_commit_callbacks
):
    class Abort(Exception):
        pass

    with (
        django_capture_on_commit_callbacks(execute=True) as callbacks,
        pytest.raises(Abort),
        transaction.atomic(),
    ):
        sign_off_review(review=review, by=supervisor)
        raise Abort
    assert callbacks == []
    assert mail.outbox == []
    review.refresh_from_db()
    assert review.state == Review.State.SUBMITTED


def test_it_sends_nothing_when_refused(review, member, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True), pytest.raises(ValidationError):
        sign_off_review(review=review, by=member)
    assert mail.outbox == []
