"""``manage.py send_reminders``: overdue actions and reviews, once per person per day."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core import mail
from django.core.management import call_command
from django.urls import reverse

from assessments.models import Action, ReminderLog, Review
from assessments.reminders import overdue_reviews, send_reminders
from registers.models import Membership, Register
from tests import builders
from tests.builders import force_update, make_review

DAY = dt.datetime(2026, 6, 10, 6, 0, tzinfo=dt.UTC)


@pytest.fixture
def overdue_action(register, member):
    return Action.objects.create(
        register=register,
        description="Order non-slip mats",
        owner=member,
        due_date=dt.date(2026, 6, 1),
    )


def _run(when: dt.datetime, capture) -> list:
    """Run the command at ``when``; the emails it sent."""
    before = len(mail.outbox)
    with time_machine.travel(when, tick=False), capture(execute=True):
        call_command("send_reminders", stdout=StringIO())
    return mail.outbox[before:]


def test_it_reminds_an_action_owner_once_a_day(overdue_action, django_capture_on_commit_callbacks):
    first = _run(DAY, django_capture_on_commit_callbacks)
    assert [m.to for m in first] == [["mia@example.org"]]
    assert first[0].subject == "1 overdue action to follow up"
    assert "Order non-slip mats" in first[0].body
    assert "Due: 1 June 2026" in first[0].body

    assert _run(DAY + dt.timedelta(hours=6), django_capture_on_commit_callbacks) == []
    next_day = _run(DAY + dt.timedelta(days=1), django_capture_on_commit_callbacks)
    assert [m.to for m in next_day] == [["mia@example.org"]]
    assert ReminderLog.objects.filter(kind="overdue_action").count() == 2


def test_it_puts_all_of_an_owners_overdue_actions_in_one_email(
    overdue_action, register, member, django_capture_on_commit_callbacks
):
    Action.objects.create(
        register=register, description="Brief the desk", owner=member, due_date=dt.date(2026, 6, 9)
    )
    sent = _run(DAY, django_capture_on_commit_callbacks)
    assert len(sent) == 1
    assert sent[0].subject == "2 overdue actions to follow up"


def test_it_leaves_out_actions_not_overdue_done_or_archived(
    register, other_register, member, outsider, django_capture_on_commit_callbacks
):
    Action.objects.create(
        register=register, description="Due today", owner=member, due_date=dt.date(2026, 6, 10)
    )
    Action.objects.create(
        register=register,
        description="Done late",
        owner=member,
        due_date=dt.date(2026, 6, 1),
        status=Action.Status.DONE,
        completed_on=dt.date(2026, 6, 5),
    )
    Action.objects.create(
        register=other_register,
        description="Archived",
        owner=outsider,
        due_date=dt.date(2026, 1, 1),
    )
    force_update(Register.objects.filter(pk=other_register.pk), status=Register.Status.ARCHIVED)
    with time_machine.travel(DAY, tick=False):
        force_update(Register.objects.filter(pk=register.pk), created_at=DAY)  # no review due yet
        assert send_reminders() == {"actions": 0, "reviews": 0, "sign_offs": 0}


def test_it_sends_again_only_what_is_new_the_same_day(
    overdue_action, register, member, django_capture_on_commit_callbacks
):
    _run(DAY, django_capture_on_commit_callbacks)
    Action.objects.create(
        register=register, description="Brief the desk", owner=member, due_date=dt.date(2026, 6, 9)
    )
    later = _run(DAY + dt.timedelta(hours=1), django_capture_on_commit_callbacks)
    assert len(later) == 1
    assert "Brief the desk" in later[0].body
    assert "Order non-slip mats" not in later[0].body


def test_it_reminds_supervisors_when_the_next_review_date_has_passed(
    register, stage, member, supervisor, django_capture_on_commit_callbacks
):
    review = make_review(register, stage=stage, submit_by=member, date=dt.date(2026, 3, 1))
    force_update(Review.objects.filter(pk=review.pk), next_review_date=dt.date(2026, 6, 1))
    force_update(Register.objects.filter(pk=register.pk), created_at=DAY - dt.timedelta(days=200))

    # The review is still waiting for a sign-off, which has its own reminder.
    sent = _run(DAY, django_capture_on_commit_callbacks)
    assert [(m.to, m.subject) for m in sent] == [
        (["sam@example.org"], "1 register due a review"),
        (["sam@example.org"], "1 review to sign off"),
    ]
    assert "Front desk register (Front Desk)" in sent[0].body
    assert "Review due: 1 June 2026; last review 1 March 2026" in sent[0].body
    assert _run(DAY + dt.timedelta(hours=3), django_capture_on_commit_callbacks) == []
    assert len(_run(DAY + dt.timedelta(days=1), django_capture_on_commit_callbacks)) == 2


def test_it_uses_the_cadence_of_the_highest_level_without_a_review_date(register, stage):
    builders.make_risk(register, stage=stage, rating=(5, 5, 5, 5))  # High: monthly
    force_update(
        Register.objects.filter(pk=register.pk), created_at=dt.datetime(2026, 5, 1, tzinfo=dt.UTC)
    )
    assert [item.due for item in overdue_reviews(dt.date(2026, 6, 10))] == [dt.date(2026, 6, 1)]
    assert overdue_reviews(dt.date(2026, 5, 31)) == []


def test_it_waits_the_low_cadence_for_a_register_without_rated_risks(register):
    force_update(
        Register.objects.filter(pk=register.pk), created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    assert overdue_reviews(dt.date(2026, 7, 1)) == []
    assert [item.due for item in overdue_reviews(dt.date(2026, 7, 2))] == [dt.date(2026, 7, 1)]


def test_it_counts_a_draft_as_no_review(register, stage):
    force_update(
        Register.objects.filter(pk=register.pk), created_at=dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    )
    make_review(register, stage=stage, date=dt.date(2026, 6, 1))  # a draft, not held yet
    assert [item.last_review for item in overdue_reviews(dt.date(2026, 7, 2))] == [None]


def test_it_reminds_only_the_registers_own_supervisors(
    register, other_register, other_team, supervisor, django_capture_on_commit_callbacks
):
    other_supervisor = builders.make_user("olga")
    builders.add_member(other_team, other_supervisor, Membership.Role.SUPERVISOR)
    force_update(Register.objects.filter(pk=register.pk), created_at=DAY - dt.timedelta(days=400))
    force_update(Register.objects.filter(pk=other_register.pk), created_at=DAY)
    sent = _run(DAY, django_capture_on_commit_callbacks)
    assert [m.to for m in sent] == [["sam@example.org"]]


def test_it_skips_people_without_an_email_address(
    overdue_action, member, django_capture_on_commit_callbacks
):
    member.email = ""
    member.save()
    assert _run(DAY, django_capture_on_commit_callbacks) == []
    assert not ReminderLog.objects.exists()


def test_it_says_how_many_people_it_reminded(overdue_action, django_capture_on_commit_callbacks):
    out = StringIO()
    with time_machine.travel(DAY, tick=False), django_capture_on_commit_callbacks(execute=True):
        call_command("send_reminders", stdout=out)
    assert out.getvalue().strip() == (
        "Reminded 1 action owner(s), 0 supervisor(s) of registers due a review and "
        "0 supervisor(s) of reviews to sign off."
    )


def test_it_reminds_supervisors_of_the_reviews_waiting_for_their_sign_off(
    register,
    member,
    supervisor,
    other_register,
    outsider,
    settings,
    django_capture_on_commit_callbacks,
):
    settings.SITE_URL = "http://testserver-site"
    other_supervisor = builders.make_user("olga")
    builders.add_member(other_register.team, other_supervisor, Membership.Role.SUPERVISOR)
    with time_machine.travel(DAY - dt.timedelta(days=4), tick=False):
        waiting = make_review(register, submit_by=member, date=dt.date(2026, 6, 5))
        make_review(register, submit_by=supervisor)  # their own: not theirs to sign off
        make_review(register)  # a draft
        make_review(other_register, submit_by=outsider)  # another team's, for Olga
    sent = [m for m in _run(DAY, django_capture_on_commit_callbacks) if "sign off" in m.subject]
    assert sorted(message.to[0] for message in sent) == [other_supervisor.email, supervisor.email]
    sent = [message for message in sent if message.to == [supervisor.email]]
    assert sent[0].subject == "1 review to sign off"
    body = sent[0].body
    assert "Front desk register (Front Desk), review of 5 June 2026" in body
    assert "Submitted by Mia Member on 6 June 2026; waiting 4 days" in body
    admin_url = reverse("admin:assessments_review_change", args=[waiting.pk])
    assert f"Sign it off or return it: http://testserver-site{admin_url}" in body
    assert other_register.title not in body
    # Once a day: a second run the same day sends nothing.
    assert _run(DAY + dt.timedelta(hours=3), django_capture_on_commit_callbacks) == []
    next_day = _run(DAY + dt.timedelta(days=1), django_capture_on_commit_callbacks)
    assert len([m for m in next_day if "sign off" in m.subject]) == 2


def test_it_stops_reminding_once_a_review_is_signed_off(
    register, member, supervisor, django_capture_on_commit_callbacks
):
    from assessments.reviews import sign_off_review

    with time_machine.travel(DAY - dt.timedelta(days=1), tick=False):
        review = make_review(register, submit_by=member)

    def subjects(when) -> list[str]:
        return [m.subject for m in _run(when, django_capture_on_commit_callbacks)]

    assert "1 review to sign off" in subjects(DAY)
    sign_off_review(review=review, by=supervisor)
    assert not [s for s in subjects(DAY + dt.timedelta(days=1)) if "sign off" in s]
