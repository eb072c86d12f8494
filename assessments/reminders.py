"""Daily reminders: owners of overdue actions, supervisors of registers due a review and
supervisors of reviews waiting for their sign-off.

``send_reminders(today=...)`` is what ``manage.py send_reminders`` runs from cron. Each
reminder (kind, record, recipient) is logged in ``ReminderLog`` with the day before the
email is queued; the log's unique constraint makes a second run on the same day, or two
overlapping runs, send nothing twice. The next day the reminders go out again while the
action or review is still overdue.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from django.db import IntegrityError, transaction
from django.utils import timezone

from assessments.emails import absolute_url, send_after_commit
from assessments.models import Action, ReminderLog, Review, Risk
from registers.models import Membership, Register
from registers.rating import add_months


@dataclass(frozen=True)
class OverdueReview:
    register: Register
    due: dt.date
    last_review: Review | None


def overdue_actions(today: dt.date):
    """Open actions past their due date, with an owner to tell, in live registers."""
    return (
        Action.objects.overdue(today)
        .filter(owner__isnull=False, owner__is_active=True)
        .exclude(owner__email="")
        .exclude(register__status=Register.Status.ARCHIVED)
        .select_related("owner", "register__team")
        .order_by("owner_id", "due_date", "pk")
    )


def _cadence_months(register: Register, level_codes: set[str]) -> int:
    """Months between reviews: the shortest cadence of the levels its risks are at now."""
    if not level_codes:
        return register.review_months_low
    return min(register.review_months(code) for code in level_codes)


def overdue_reviews(today: dt.date) -> list[OverdueReview]:
    """Registers whose latest review's next date has passed, or that have gone longer than
    their cadence without one (three queries whatever the number of registers)."""
    registers = list(
        Register.objects.active().select_related("team").order_by("team__name", "title", "pk")
    )
    latest: dict = {}
    for review in (
        Review.objects.filter(register__in=registers)
        .exclude(state=Review.State.DRAFT)
        .order_by("register_id", "-date", "-pk")
    ):
        latest.setdefault(review.register_id, review)
    levels: dict = defaultdict(set)
    for register_id, level in (
        Risk.objects.open()
        .filter(register__in=registers)
        .with_current_level()
        .values_list("register_id", "current_level")
    ):
        if level:
            levels[register_id].add(level)
    result = []
    for register in registers:
        review = latest.get(register.pk)
        if review is not None and review.next_review_date:
            due = review.next_review_date
        else:
            since = review.date if review else timezone.localtime(register.created_at).date()
            due = add_months(since, _cadence_months(register, levels[register.pk]))
        if due < today:
            result.append(OverdueReview(register=register, due=due, last_review=review))
    return result


def _claim(kind: str, object_id, recipient, today: dt.date) -> bool:
    """Log one reminder for today; False if it was already sent today."""
    try:
        with transaction.atomic():
            _, created = ReminderLog.objects.get_or_create(
                kind=kind, object_id=str(object_id), recipient=recipient, sent_on=today
            )
    except IntegrityError:  # another run logged it between our get and our create
        return False
    return created


@transaction.atomic
def send_reminders(*, today: dt.date | None = None) -> dict[str, int]:
    """Queue today's reminder emails; returns how many people each kind went to."""
    today = today or timezone.localdate()
    sent = {"actions": 0, "reviews": 0, "sign_offs": 0}

    by_owner: dict = defaultdict(list)
    for action in overdue_actions(today):
        by_owner[action.owner].append(action)
    for owner, actions in by_owner.items():
        fresh = [a for a in actions if _claim(ReminderLog.Kind.OVERDUE_ACTION, a.pk, owner, today)]
        if fresh:
            send_after_commit(
                template="reminder_overdue_actions",
                context={
                    "actions": [
                        (
                            action,
                            absolute_url("assessments:action_list", register_id=action.register_id),
                        )
                        for action in fresh
                    ],
                    "today": today,
                },
                recipients=[owner],
            )
            sent["actions"] += 1

    overdue = overdue_reviews(today)
    supervisors: dict = defaultdict(list)
    memberships = (
        Membership.objects.filter(
            team__in={item.register.team_id for item in overdue},
            role=Membership.Role.SUPERVISOR,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
    )
    for membership in memberships.order_by("team_id", "user_id"):
        supervisors[membership.team_id].append(membership.user)
    by_supervisor: dict = defaultdict(list)
    for item in overdue:
        for user in supervisors[item.register.team_id]:
            if _claim(ReminderLog.Kind.OVERDUE_REVIEW, item.register.pk, user, today):
                by_supervisor[user].append(item)
    for user, items in by_supervisor.items():
        send_after_commit(
            template="reminder_overdue_reviews",
            context={
                "items": [
                    (item, absolute_url("assessments:review_list", register_id=item.register.pk))
                    for item in items
                ],
                "today": today,
            },
            recipients=[user],
        )
        sent["reviews"] += 1

    sent["sign_offs"] = _remind_reviews_to_sign_off(today)
    return sent


def _remind_reviews_to_sign_off(today: dt.date) -> int:
    """Email each supervisor the submitted reviews of their teams that they can sign off
    (not their own: another supervisor signs those); how many people were emailed."""
    waiting = list(
        Review.objects.awaiting_sign_off()
        .exclude(register__status=Register.Status.ARCHIVED)
        .select_related("register__team", "submitted_by")
        .order_by("submitted_at", "pk")
    )
    supervisors: dict = defaultdict(list)
    for membership in (
        Membership.objects.filter(
            team__in={review.register.team_id for review in waiting},
            role=Membership.Role.SUPERVISOR,
            user__is_active=True,
        )
        .exclude(user__email="")
        .select_related("user")
        .order_by("team_id", "user_id")
    ):
        supervisors[membership.team_id].append(membership.user)
    by_supervisor: dict = defaultdict(list)
    for review in waiting:
        for user in supervisors[review.register.team_id]:
            if review.submitted_by_id == user.pk:
                continue
            if _claim(ReminderLog.Kind.REVIEW_TO_SIGN_OFF, review.pk, user, today):
                by_supervisor[user].append(review)
    for user, reviews in by_supervisor.items():
        send_after_commit(
            template="reminder_sign_off",
            context={
                "reviews": [
                    (
                        review,
                        (today - timezone.localtime(review.submitted_at).date()).days
                        if review.submitted_at
                        else None,
                        absolute_url("admin:assessments_review_change", object_id=review.pk),
                    )
                    for review in reviews
                ],
                "today": today,
            },
            recipients=[user],
        )
    return len(by_supervisor)
