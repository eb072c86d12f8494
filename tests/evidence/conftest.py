"""A register with something in every part of the pack, and names everywhere to redact."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.utils import timezone

from assessments.models import (
    Action,
    Annotation,
    AwarenessRecord,
    Category,
    Consultation,
    PestleItem,
    Review,
    SwotItem,
)
from assessments.reviews import sign_off_review, submit_review
from evidence.pack import PackOptions, build_pack
from registers.models import Register
from tests import builders

#: Every personal name in ``rich_register``; none may survive redaction.
#: (The fixture users' last names, Member, Supervisor and Viewer, are also words of the
#: document and of role labels, so the full names stand for them.)
PERSONAL_NAMES = (
    "Mia",
    "Mia Member",
    "mia",
    "Sam",
    "Sam Supervisor",
    "sam",
    "Val",
    "Val Viewer",
    "Tom Reid",
    "Aisha Khan",
    "Jo Bloggs",
    "Dave Patel",
    "Kim Lowe",
    "Mrs Jones",
)

NOTES = {
    "risk": "I rated this before the new card reader because the old one failed weekly.",
    "assessment": "Likelihood 4 because it happened in three of the last four months.",
    "action": "Dave Patel costed the reader; Mrs Jones had complained twice.",
    "stage": "Booking is a moment of truth: a failed booking loses the customer.",
    "consultation": "Talking to Tom Reid showed me the cleaners see the risk first.",
    "review": "Sam asked me to re-rate R-002 after the wet-floor incident.",
}


@pytest.fixture(autouse=True)
def media_root(settings, tmp_path):
    """Stored exports go to a temporary folder, not the checkout."""
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def frozen_now():
    with time_machine.travel(dt.datetime(2026, 3, 14, 10, 0, tzinfo=dt.UTC), tick=False):
        yield timezone.now()


@pytest.fixture
def rich_register(register, member, supervisor, viewer, frozen_now):
    """Two stages (one a moment of truth), three risks, every kind of record."""
    register.scope = "Front desk and phone bookings; the café is out of scope."
    register.context = "A busy leisure centre; Sam runs the desk with Mia."
    register.organisation = "Riverside Leisure Trust"
    register.service = "Bookings and memberships"
    register.save()
    booking = builders.make_stage(
        register,
        "Booking",
        is_moment_of_truth=True,
        moment_of_truth_note="The first contact: a failed booking loses the customer.",
        emotion=1,
    )
    arrival = builders.make_stage(register, "Arrival", emotion=-1)
    card = builders.make_risk(
        register,
        stage=booking,
        title="Card reader fails at busy times",
        category=Category.FINANCIAL,
        cause="The old reader drops its connection.",
        event="Payments fail at the desk.",
        consequence="Lost income and a queue; Mrs Jones complained twice.",
        owner=member,
        decision="treat",
        decision_rationale="Cheap to fix: a new reader.",
        rating=(4, 3, 2, 1),
        residual=(2, 2, 1, 1),
    )
    floor = builders.make_risk(
        register,
        stage=arrival,
        title="Wet floor at the entrance",
        category=Category.HEALTH_SAFETY,
        owner_name="Jo Bloggs (duty manager)",
        decision="tolerate",
        decision_rationale="Mats and signs already; Kim Lowe checks hourly.",
        rating=(2, 1, 2, 3),
    )
    builders.make_risk(register, title="Unrated idea", category=Category.REPUTATIONAL)
    reader = Action.objects.create(
        register=register,
        description="Buy a 4G card reader",
        owner=supervisor,
        due_date=dt.date(2026, 2, 1),
        status=Action.Status.DONE,
        completed_on=dt.date(2026, 1, 30),
        cost_one_off=Decimal("250"),
        cost_annual=Decimal("60"),
        benefit_annual=Decimal("1200"),
    )
    reader.risks.add(card, floor)
    Action.objects.create(
        register=register,
        description="Brief staff on the mats",
        owner_name="Dave Patel",
        due_date=dt.date(2026, 3, 1),
    ).risks.add(floor)
    talk = Consultation.objects.create(
        register=register,
        risk=floor,
        date=dt.date(2026, 2, 3),
        group=Consultation.Group.TEAM,
        people="Tom Reid (cleaner), Aisha Khan",
        method="Team meeting",
        summary="Tom Reid said the floor is wet from 7am.",
    )
    Consultation.objects.create(
        register=register,
        date=dt.date(2026, 2, 10),
        group=Consultation.Group.MANAGERS,
        people="Sam Supervisor",
        summary="Agreed the reader purchase.",
    )
    AwarenessRecord.objects.create(
        risk=floor,
        audience=AwarenessRecord.Audience.CUSTOMERS,
        method=AwarenessRecord.Method.SIGNAGE,
        date=dt.date(2026, 2, 4),
        delivered_by="Kim Lowe",
        details="Wet floor signs at the door.",
    )
    signed = Review.objects.create(
        register=register,
        date=dt.date(2026, 2, 20),
        reviewer=member,
        attendees="Mia Member, Sam Supervisor, Tom Reid",
        minutes="Mia presented; Tom agreed to mop at 7am.",
        outcome="Card risk now Low.",
    )
    signed.risks.add(card, floor)
    submit_review(review=signed, by=member)
    sign_off_review(review=signed, by=supervisor, comment="Good work, Mia.")
    Review.objects.create(
        register=register, date=dt.date(2026, 3, 10), reviewer=member, minutes="Draft."
    )
    SwotItem.objects.create(
        register=register, quadrant=SwotItem.Quadrant.STRENGTH, text="Experienced desk team"
    ).risks.add(card)
    PestleItem.objects.create(
        register=register, factor=PestleItem.Factor.LEGAL, text="UK GDPR on card data"
    )
    targets = {
        "risk": card,
        "assessment": card.inherent_rating,
        "action": reader,
        "stage": booking,
        "consultation": talk,
        "review": signed,
    }
    for kind, text in NOTES.items():
        Annotation.objects.create(
            register=register, author=member, text=text, **{kind: targets[kind]}
        )
    Annotation.objects.create(
        register=register,
        risk=floor,
        author=member,
        text="Left out of the PDF.",
        include_in_pdf=False,
    )
    return Register.objects.select_related("team", "matrix", "owner").get(pk=register.pk)


@pytest.fixture
def make_pack(rich_register, member):
    def _make(**options):
        return build_pack(rich_register, learner=member, options=PackOptions(**options))

    return _make
