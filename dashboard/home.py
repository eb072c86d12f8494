"""What the dashboard shows a user: their teams, registers and what needs them next.

``build_home`` runs a fixed number of queries (six) however many registers, risks and
actions there are; long lists are cut at ``LIMIT`` rows with a flag saying there is more.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.db.models import OuterRef, Subquery
from django.utils import timezone

from assessments.models import Action, Review, Risk
from registers.models import Membership, Register

LIMIT = 10
DUE_SOON_DAYS = 6  # "this week": today and the six days after it
REVIEW_SOON_DAYS = 14


@dataclass
class Home:
    memberships: list[Membership]
    registers: list[Register]
    actions_overdue: list[Action]
    actions_due: list[Action]
    reviews_overdue: list[Register]
    reviews_due: list[Register]
    awaiting: list[Risk]
    awaiting_more: bool
    to_sign_off: list[Review]
    to_sign_off_more: bool
    my_risks: list[Risk]
    my_risks_more: bool

    @property
    def can_create(self) -> bool:
        return any(membership.can_edit for membership in self.memberships)

    @property
    def supervises(self) -> bool:
        return any(m.role == Membership.Role.SUPERVISOR for m in self.memberships)


def registers_with_review_dates(user):
    """The user's registers with level counts, ``last_review`` and ``next_review``.

    The dates come from the latest submitted or signed-off review of each register.
    """
    latest = Review.objects.filter(
        register=OuterRef("pk"), state__in=Review.STANDING_STATES
    ).order_by("-date", "-pk")
    return (
        Register.objects.visible_to(user)
        .select_related("team")
        .with_level_counts()
        .annotate(
            last_review=Subquery(latest.values("date")[:1]),
            next_review=Subquery(latest.values("next_review_date")[:1]),
        )
    )


def _cut(queryset) -> tuple[list, bool]:
    rows = list(queryset[: LIMIT + 1])
    return rows[:LIMIT], len(rows) > LIMIT


def build_home(user, *, today: dt.date) -> Home:
    memberships = list(
        Membership.objects.filter(user=user).select_related("team").order_by("team__name")
    )
    registers = list(registers_with_review_dates(user).order_by("team__name", "title"))
    live = [r for r in registers if not r.is_archived]

    actions = list(
        Action.objects.visible_to(user)
        .filter(owner=user, due_date__lte=today + dt.timedelta(days=DUE_SOON_DAYS))
        .exclude(status__in=[Action.Status.DONE, Action.Status.CANCELLED])
        .select_related("register")
        .order_by("due_date", "pk")
    )
    reviews_overdue = [r for r in live if r.next_review and r.next_review < today]
    soon = today + dt.timedelta(days=REVIEW_SOON_DAYS)
    reviews_due = [
        r
        for r in live
        if (r.next_review and today <= r.next_review <= soon)
        or (r.next_review is None and r.last_review is None and r.risks_total)
    ]
    risks = (
        Risk.objects.visible_to(user)
        .open()
        .exclude(register__status=Register.Status.ARCHIVED)
        .with_ratings()
        .select_related("register")
        .order_by("register__title", "register_id", "number")
    )
    awaiting, awaiting_more = _cut(risks.awaiting_supervisor())
    to_sign_off, to_sign_off_more = _cut(
        Review.objects.to_sign_off_by(user)
        .select_related("register__team", "submitted_by")
        .order_by("submitted_at", "pk")
    )
    for review in to_sign_off:  # how long each has waited, in days (None: date unknown)
        submitted = review.submitted_at and timezone.localtime(review.submitted_at).date()
        review.days_waiting = (today - submitted).days if submitted else None
    my_risks, my_risks_more = _cut(risks.filter(owner=user))
    return Home(
        memberships=memberships,
        registers=registers,
        actions_overdue=[a for a in actions if a.due_date < today],
        actions_due=[a for a in actions if a.due_date >= today],
        reviews_overdue=sorted(reviews_overdue, key=lambda r: (r.next_review, r.title)),
        reviews_due=sorted(reviews_due, key=lambda r: (r.next_review or today, r.title)),
        awaiting=awaiting,
        awaiting_more=awaiting_more,
        to_sign_off=to_sign_off,
        to_sign_off_more=to_sign_off_more,
        my_risks=my_risks,
        my_risks_more=my_risks_more,
    )
