"""The one home for building test data: people, registers, their records, whole registers
and the files the import tests read. Fixtures in conftest.py files are thin wrappers around
these builders; tests may call them directly too.

Sections: people and teams; registers, stages and risks; the records of a register; whole
registers (one per purpose, see "Whole registers"); import files and backups; reaching
behind the app's back.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import time_machine
from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django_tasks_db.models import DBTaskResult

from assessments.models import (
    Action,
    Annotation,
    Assessment,
    AwarenessRecord,
    Category,
    Consultation,
    Decision,
    Identification,
    PestleItem,
    Reference,
    ReminderLog,
    Review,
    Risk,
    SwotItem,
)
from assessments.reviews import sign_off_review, submit_review
from assessments.services import create_risk, rate_risk
from criteria.models import Criterion, CriterionTag
from evidence.models import PackExport
from evidence.tasks import render_export
from exhibits.files import check_upload
from exhibits.models import Exhibit
from exhibits.services import attach_exhibit
from interchange import importer, readers
from interchange.models import ImportSession
from interchange.services import start_import
from journeys.models import Stage
from registers.models import Membership, Register, RiskMatrix, Team
from riskportal.history import RESTORED_REASON, is_restored

PASSWORD = "correct-horse-battery-staple"

#: Hashing cost is not under test; the default PBKDF2 would dominate the suite's time. The
#: autouse fixture in tests/conftest.py sets it for every test; fixtures wider than one test
#: (which cannot use ``settings``) pass it to ``override_settings``.
FAST_PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]

#: The day the records builders date things by default.
DAY = dt.date(2026, 3, 2)

_counter = itertools.count(1)


# People and teams ------------------------------------------------------------------------


def make_user(username: str | None = None, **fields):
    username = username or f"user{next(_counter)}"
    return get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.org", **fields
    )


def make_team(name: str | None = None) -> Team:
    n = next(_counter)
    name = name or f"Team {n}"
    return Team.objects.create(name=name, slug=f"team-{n}", organisation="Riverside Trust")


def add_member(team: Team, user, role: str = Membership.Role.MEMBER) -> Membership:
    return Membership.objects.create(team=team, user=user, role=role)


def give_admin(user):
    """Let ``user`` into the admin as supervisors get it: staff, in the Supervisors group."""
    from riskportal.admin_scoping import ensure_supervisors_group

    if not user.is_staff:
        user.is_staff = True
        user.save(update_fields=["is_staff"])
    user.groups.add(ensure_supervisors_group(Group, Permission))
    return user


# Registers, stages and risks -------------------------------------------------------------


def preset(slug: str = "5x5-standard") -> RiskMatrix:
    """A preset matrix. Transactional (browser) tests flush the data migrations' rows, so
    the presets are loaded again when missing."""
    from registers.models import ConsequenceLevel, LikelihoodLevel, MatrixCell, RiskLevel
    from registers.presets import load_presets

    if not RiskMatrix.objects.filter(slug=slug, version=1).exists():
        load_presets(RiskMatrix, LikelihoodLevel, ConsequenceLevel, RiskLevel, MatrixCell)
    return RiskMatrix.objects.get(slug=slug, version=1)


def make_register(
    team: Team, *, title: str | None = None, matrix: str = "5x5-standard", **fields
) -> Register:
    return Register.objects.create(
        team=team, title=title or f"Register {next(_counter)}", matrix=preset(matrix), **fields
    )


def make_stage(register: Register, name: str | None = None, **fields) -> Stage:
    order = fields.pop("order", register.stages.count() + 1)
    return Stage.objects.create(
        register=register, name=name or f"Stage {next(_counter)}", order=order, **fields
    )


def make_risk(
    register: Register,
    *,
    stage: Stage | None = None,
    rating=None,
    residual=None,
    assessed_at=None,
    **fields,
) -> Risk:
    """A risk, rated inherent with ``rating`` (L, F, R, H) and residual with ``residual``
    (both at ``assessed_at`` when given, else now)."""
    fields.setdefault("title", f"Risk {next(_counter)}")
    fields.setdefault("category", Category.FINANCIAL)
    risk = create_risk(register=register, stage=stage, **fields)
    for tier, values in (("inherent", rating), ("residual", residual)):
        if values:
            likelihood, finance, reputation, health_safety = values
            rate_risk(
                risk=risk,
                tier=tier,
                likelihood=likelihood,
                finance=finance,
                reputation=reputation,
                health_safety=health_safety,
                rationale=f"{tier} rating for the test",
                assessed_at=assessed_at,
            )
    risk.refresh_from_db()
    return risk


def rate_residual(risk: Risk, values, rationale: str = "After the actions") -> Risk:
    """``risk`` rated residual with ``values`` (L, F, R, H); returns it fresh."""
    likelihood, finance, reputation, health_safety = values
    rate_risk(
        risk=risk,
        tier="residual",
        likelihood=likelihood,
        finance=finance,
        reputation=reputation,
        health_safety=health_safety,
        rationale=rationale,
    )
    risk.refresh_from_db()
    return risk


# The records of a register ---------------------------------------------------------


def make_action(register, *risks, **fields) -> Action:
    fields.setdefault("description", "Mop and sign the entrance every hour when wet")
    if fields.get("status") == Action.Status.DONE:
        fields.setdefault("completed_on", DAY)
    action = Action.objects.create(register=register, **fields)
    action.risks.set(risks)
    return action


def make_consultation(register, group=Consultation.Group.TEAM, **fields) -> Consultation:
    fields.setdefault("people", "Front desk team")
    fields.setdefault("summary", "Talked through the wet floor risk.")
    fields.setdefault("date", DAY)
    return Consultation.objects.create(register=register, group=group, **fields)


def make_awareness(risk, audience=AwarenessRecord.Audience.CUSTOMERS, **fields):
    fields.setdefault("method", AwarenessRecord.Method.SIGNAGE)
    fields.setdefault("date", DAY)
    return AwarenessRecord.objects.create(risk=risk, audience=audience, **fields)


def make_review(
    register,
    *,
    risks: Iterable[Risk] | None = None,
    stage: Stage | None = None,
    submit_by=None,
    date: dt.date | None = None,
    **fields,
) -> Review:
    """A minuted review of ``risks``, submitted by ``submit_by`` when given.

    Without ``risks`` it reviews two new risks (a High and a Low one, at ``stage``); pass
    ``risks=()`` for a review of no risk, as the coverage tests do.
    """
    if risks is None:
        risks = [
            make_risk(
                register, stage=stage, title="Wet floor at the entrance", rating=(4, 2, 3, 5)
            ),
            make_risk(register, stage=stage, title="Card reader down", rating=(2, 1, 1, 1)),
        ]
    fields.setdefault("minutes", "We went through the register; the wet floor needs mats.")
    fields.setdefault("attendees", "Mia Member, Sam Supervisor")
    review = Review.objects.create(register=register, date=date or DAY, **fields)
    review.risks.set(risks)
    if submit_by is not None:
        review = submit_review(review=review, by=submit_by)
    return review


def make_annotation(register, **target_and_fields) -> Annotation:
    target_and_fields.setdefault("text", "I rated this with the team's 5x5 matrix because...")
    return Annotation.objects.create(register=register, **target_and_fields)


def make_swot(register, *risks, quadrant=SwotItem.Quadrant.THREAT, text="Winter weather"):
    item = SwotItem.objects.create(register=register, quadrant=quadrant, text=text)
    item.risks.set(risks)
    return item


def make_pestle(register, *risks, factor=PestleItem.Factor.LEGAL, text="New data law"):
    item = PestleItem.objects.create(register=register, factor=factor, text=text)
    item.risks.set(risks)
    return item


def health_and_safety_act() -> Reference:
    return Reference.objects.get(team=None, title="Health and Safety at Work etc. Act 1974")


# Whole registers -------------------------------------------------------------------------
#
# Four registers with one of everything, each for its own purpose; the facts each one pins
# are what its tests assert, so they are four builders rather than one with switches:
#
# - build_register_meeting_every_criterion: every coverage rule finds its evidence (criteria);
# - build_register_with_names_to_redact: every part of the pack filled, personal names in
#   every free text (evidence);
# - build_register_with_history: made through the services over three dates so that its
#   history is real (exports and backups);
# - build_world: one row of every model a team owns, every free-text field named (security).


def build_register_meeting_every_criterion(register, owner=None) -> dict:
    """Fill ``register`` so that every rule finds its evidence; returns the records by name.

    Two stages (one a moment of truth), a risk of each category at each, all rated with
    rationale, cause, event, consequence and a decision; actions done and costed; a
    residual rating lower than the inherent one; customer and staff awareness; two groups
    consulted, with actions agreed; minuted reviews on two days; SWOT and PESTLE items
    linked to risks; each way of identifying a risk used.
    """
    register.organisation = register.organisation or "Riverside Leisure Trust"
    register.save()
    arrive = make_stage(
        register,
        "Arrive",
        is_moment_of_truth=True,
        moment_of_truth_note="A warm welcome or a queue in the rain.",
    )
    pay = make_stage(register, "Pay")
    risks = {}
    ways = iter(Identification.values * 2)
    for stage in (arrive, pay):
        for category in Category.values:
            risks[(stage.name, category)] = make_risk(
                register,
                stage=stage,
                category=category,
                title=f"{category} at {stage.name}",
                cause="Busy times",
                event="Something goes wrong",
                consequence="Customers are let down",
                owner=owner,
                rating=(3, 2, 2, 2),
                decision=Decision.TOLERATE,
                decision_rationale="Low enough with the controls we have.",
                identified_how=next(ways),
            )
    slip = risks[("Arrive", Category.HEALTH_SAFETY)]
    overcharge = risks[("Pay", Category.FINANCIAL)]
    for risk in (slip, overcharge):
        risk.decision = Decision.TREAT
        risk.decision_rationale = "Too likely to leave as it is."
        risk.save()
    slip.references.add(health_and_safety_act())
    slip = rate_residual(slip, (1, 2, 2, 2))
    mop = make_action(
        register,
        slip,
        status=Action.Status.DONE,
        cost_one_off=Decimal("120"),
        cost_annual=Decimal("40"),
        benefit_annual=Decimal("600"),
    )
    till = make_action(register, overcharge, description="Double-check refunds at the till")
    return {
        "arrive": arrive,
        "pay": pay,
        "risks": risks,
        "slip": slip,
        "overcharge": overcharge,
        "mop": mop,
        "till": till,
        "customers_told": make_awareness(slip),
        "staff_briefed": make_awareness(
            slip, AwarenessRecord.Audience.STAFF, method=AwarenessRecord.Method.BRIEFING
        ),
        "team_talk": make_consultation(register, actions_agreed="Hourly floor checks."),
        "manager_talk": make_consultation(register, Consultation.Group.MANAGERS),
        "review": make_review(register, risks=()),
        "later_review": make_review(register, risks=(), date=DAY + dt.timedelta(days=28)),
        "swot": make_swot(register, slip),
        "pestle": make_pestle(register, overcharge),
    }


#: Every personal name in build_register_with_names_to_redact; none may survive redaction.
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


def build_register_with_names_to_redact(register, member, supervisor) -> Register:
    """Two stages (one a moment of truth), three risks, every kind of record, with the
    personal names of PERSONAL_NAMES in its free text and a note of each kind (NOTES).
    Call it with the time frozen (the ``frozen_now`` fixture of tests/evidence)."""
    register.scope = "Front desk and phone bookings; the café is out of scope."
    register.context = "A busy leisure centre; Sam runs the desk with Mia."
    register.organisation = "Riverside Leisure Trust"
    register.service = "Bookings and memberships"
    register.save()
    booking = make_stage(
        register,
        "Booking",
        is_moment_of_truth=True,
        moment_of_truth_note="The first contact: a failed booking loses the customer.",
        emotion=1,
    )
    arrival = make_stage(register, "Arrival", emotion=-1)
    card = make_risk(
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
    floor = make_risk(
        register,
        stage=arrival,
        title="Wet floor at the entrance",
        category=Category.HEALTH_SAFETY,
        owner_name="Jo Bloggs (duty manager)",
        decision="tolerate",
        decision_rationale="Mats and signs already; Kim Lowe checks hourly.",
        rating=(2, 1, 2, 3),
    )
    make_risk(register, title="Unrated idea", category=Category.REPUTATIONAL)
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


def build_register_with_history(register, stage, member, supervisor) -> Register:
    """A register with every kind of record, built through the services so that its
    history is real: edits, re-ratings, a signed-off review, links and annotations."""
    with time_machine.travel(dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC), tick=False):
        till = make_stage(
            register,
            "Paying",
            is_moment_of_truth=True,
            moment_of_truth_note="A queue at the till spoils the visit.",
        )
        law = Reference.objects.create(title="Occupiers Liability Act 1957", kind="law")
        policy = Reference.objects.create(team=register.team, title="Refund policy", kind="policy")
        slip = make_risk(
            register,
            stage=stage,
            title="Wet floor at the entrance",
            category="health_safety",
            tags=["well-being"],
            cause="Rain walked in",
            event="A customer slips",
            consequence="Injury, claim",
            owner=member,
            rating=(3, 2, 3, 4),
            notes='=HYPERLINK("http://evil")\nsecond line',
        )
        refund = make_risk(
            register,
            stage=till,
            title="Refund refused wrongly",
            category="reputational",
            owner_name="Duty manager",
            decision="tolerate",
            decision_rationale="Rare, cheap",
            rating=(2, 2, 2, 1),
        )
        refund.references.add(law, policy)
    with time_machine.travel(dt.datetime(2026, 2, 10, 9, 0, tzinfo=dt.UTC), tick=False):
        rate_risk(
            risk=slip,
            tier="residual",
            likelihood=2,
            finance=1,
            reputation=2,
            health_safety=3,
            rationale="Mats and signs",
            assessed_by=member,
        )
        slip.refresh_from_db()
        slip.decision, slip.decision_rationale = "treat", "Cheap to fix"
        slip.save()
        mats = Action.objects.create(
            register=register,
            description="Buy entrance mats",
            kind="preventive",
            owner=member,
            due_date=dt.date(2026, 2, 28),
            status="done",
            completed_on=dt.date(2026, 2, 20),
            cost_one_off=Decimal("120.50"),
            benefit_annual=Decimal("400"),
        )
        mats.risks.add(slip, refund)
        mats.references.add(policy)
        consultation = Consultation.objects.create(
            register=register,
            risk=slip,
            group="team",
            people="Desk team",
            summary="Agreed mats",
            date=dt.date(2026, 2, 9),
        )
        AwarenessRecord.objects.create(
            risk=slip,
            audience="customers",
            method="signage",
            date=dt.date(2026, 2, 11),
            delivered_by="Mia",
        )
        swot = SwotItem.objects.create(register=register, quadrant="threat", text="Winter")
        swot.risks.add(slip)
        PestleItem.objects.create(register=register, factor="legal", text="Claims culture")
        review = Review.objects.create(
            register=register,
            date=dt.date(2026, 2, 12),
            reviewer=member,
            attendees="Mia, Sam",
            minutes="Went through both",
            outcome="Keep",
        )
        review.risks.add(slip, refund)
    with time_machine.travel(dt.datetime(2026, 2, 13, 9, 0, tzinfo=dt.UTC), tick=False):
        submit_review(review=review, by=member)
        sign_off_review(review=review, by=supervisor, comment="Good")
        for target in (
            {"risk": slip},
            {"action": mats},
            {"consultation": consultation},
            {"assessment": slip.inherent_rating},
            {"stage": till},
            {"review": review},
        ):
            Annotation.objects.create(
                register=register, text="Why I did this", author=member, **target
            )
    register.refresh_from_db()
    return register


#: Every free-text field the world fills, as ``model.field``.
TEXT_FIELDS = {
    "team": ["name", "organisation"],
    "user": ["first_name", "last_name"],
    "register": ["title", "organisation", "service", "scope", "context"],
    "stage": ["name", "description", "customer_actions", "channels", "moment_of_truth_note"],
    "risk": [
        "title",
        "cause",
        "event",
        "consequence",
        "affected",
        "existing_controls",
        "outcome",
        "owner_name",
        "decision_rationale",
        "notes",
    ],
    "assessment": ["rationale"],
    "action": ["description", "owner_name", "evidence_note"],
    "consultation": ["people", "method", "summary", "actions_agreed"],
    "awareness": ["delivered_by", "details"],
    "review": ["attendees", "minutes", "outcome"],
    "annotation": ["text"],
    "swot": ["text"],
    "pestle": ["text"],
    "reference": ["title", "citation"],
    "exhibit": ["title"],
}


def text_fields(prefix: str, text: Callable[[str], str]) -> dict[str, str]:
    return {name: text(f"{prefix}.{name}") for name in TEXT_FIELDS[prefix]}


@dataclass
class World:
    team: Team
    register: Register
    member: object
    stage: Stage
    risk: Risk
    rating: Assessment
    action: Action
    consultation: Consultation
    awareness: AwarenessRecord
    review: Review
    submitted_review: Review
    annotations: dict[str, Annotation]
    swot: SwotItem
    pestle: PestleItem
    reference: Reference
    tag: CriterionTag
    export_job: PackExport
    import_session: ImportSession
    reminder: ReminderLog
    access_attempt: AccessAttempt
    access_log: AccessLog
    failure_log: AccessFailureLog
    #: Rows no team owns (the matrix, the criteria, the Supervisors group), by model.
    shared: dict = field(default_factory=dict)
    exhibit: Exhibit | None = None

    def objects(self) -> list[models.Model]:
        """Every row of the world (for "nothing changed" and the admin's object ids)."""
        return [
            self.team,
            self.register,
            self.member,
            Membership.objects.get(team=self.team, user=self.member),
            self.stage,
            self.risk,
            self.rating,
            self.action,
            self.consultation,
            self.awareness,
            self.review,
            self.submitted_review,
            *self.annotations.values(),
            self.swot,
            self.pestle,
            self.reference,
            self.tag,
            self.export_job,
            self.import_session,
            self.reminder,
            self.access_attempt,
            self.access_log,
            self.failure_log,
            *([self.exhibit] if self.exhibit else []),
        ]

    def object_of(self, model: type[models.Model]) -> models.Model | None:
        """The world's row of ``model`` (the first one, for models it has several of)."""
        return next((obj for obj in self.objects() if isinstance(obj, model)), None)


def build_world(team: Team, register: Register, member, text: Callable[[str], str]) -> World:
    """Fill ``register`` of ``team`` with one record of every kind, written by ``member``,
    every free-text field filled by ``text(name)``.

    The security tests build it for team A and then attack it: an outsider requests every
    URL with its real ids, a viewer posts to every write view, hostile text is rendered on
    every page. ``text`` names each field (``"risk.title"``), so a test can put a marker or
    a payload in each one and tell afterwards which field leaked or was shown unescaped.
    """
    for obj, prefix in ((team, "team"), (member, "user"), (register, "register")):
        for name, value in text_fields(prefix, text).items():
            setattr(obj, name, value)
        obj.save()

    stage = Stage.objects.create(
        register=register, order=1, is_moment_of_truth=True, **text_fields("stage", text)
    )
    risk_text = text_fields("risk", text)
    risk = create_risk(
        register=register,
        stage=stage,
        at_moment_of_truth=True,
        category="reputational",
        tags=[text("risk.tags")],
        decision="treat",
        owner=member,
        **risk_text,
    )
    for tier, (likelihood, finance, reputation, health_safety) in (
        ("inherent", (4, 3, 4, 2)),
        ("residual", (2, 2, 2, 1)),
    ):
        rate_risk(
            risk=risk,
            tier=tier,
            likelihood=likelihood,
            finance=finance,
            reputation=reputation,
            health_safety=health_safety,
            **text_fields("assessment", text),
            assessed_by=member,
        )
    risk.refresh_from_db()
    rating = risk.inherent_rating
    reference = Reference.objects.create(team=team, kind="policy", **text_fields("reference", text))
    risk.references.add(reference)
    action = Action.objects.create(
        register=register,
        owner=member,
        due_date=dt.date(2026, 6, 30),
        cost_one_off=Decimal("120.00"),
        benefit_annual=Decimal("300.00"),
        **text_fields("action", text),
    )
    action.risks.add(risk)
    consultation = Consultation.objects.create(
        register=register, risk=risk, group="team", **text_fields("consultation", text)
    )
    awareness = AwarenessRecord.objects.create(
        risk=risk, audience="customers", method="signage", **text_fields("awareness", text)
    )
    review = Review.objects.create(
        register=register, reviewer=member, date=dt.date(2026, 3, 2), **text_fields("review", text)
    )
    review.risks.add(risk)
    submitted = Review.objects.create(
        register=register, reviewer=member, date=dt.date(2026, 3, 1), **text_fields("review", text)
    )
    submitted.risks.add(risk)
    submitted = submit_review(review=submitted, by=member)
    targets = {
        "risk": risk,
        "assessment": rating,
        "action": action,
        "stage": stage,
        "consultation": consultation,
        "review": review,
    }
    annotations = {
        kind: Annotation.objects.create(
            register=register, author=member, **{kind: target}, **text_fields("annotation", text)
        )
        for kind, target in targets.items()
    }
    swot = SwotItem.objects.create(
        register=register, quadrant="threat", **text_fields("swot", text)
    )
    swot.risks.add(risk)
    pestle = PestleItem.objects.create(
        register=register, factor="social", **text_fields("pestle", text)
    )
    pestle.risks.add(risk)
    tag = CriterionTag.objects.create(
        register=register,
        criterion=Criterion.objects.order_by("position").first(),
        content_type=ContentType.objects.get_for_model(Annotation),
        object_id=annotations["risk"].pk,
        tagged_by=member,
    )
    exhibit = attach_exhibit(
        record=risk,
        checked=check_upload(_png_upload()),
        uploaded_by=member,
        **text_fields("exhibit", text),
    )
    export_job = PackExport.objects.create(register=register, requested_by=member, options={})
    import_session = start_import(
        user=member,
        data=b"Title,Category\nTills run out of change,financial\n",
        filename="risks.csv",
        kind="risks",
        register=register,
    )
    reminder = ReminderLog.objects.create(
        kind="overdue_action", object_id=str(action.pk), recipient=member, sent_on=dt.date.today()
    )
    access_attempt = AccessAttempt.objects.create(
        username=member.username,
        ip_address="198.51.100.7",
        user_agent="test",
        failures_since_start=1,
        get_data="",
        post_data="",
        path_info="/accounts/login/",
    )
    seen = {"username": member.username, "ip_address": "198.51.100.7", "user_agent": "test"}
    access_log = AccessLog.objects.create(**seen, path_info="/accounts/login/")
    failure_log = AccessFailureLog.objects.create(**seen, path_info="/accounts/login/")
    return World(
        team=team,
        register=register,
        member=member,
        stage=stage,
        risk=risk,
        rating=rating,
        action=action,
        consultation=consultation,
        awareness=awareness,
        review=review,
        submitted_review=submitted,
        annotations=annotations,
        swot=swot,
        pestle=pestle,
        reference=reference,
        tag=tag,
        export_job=export_job,
        import_session=import_session,
        reminder=reminder,
        access_attempt=access_attempt,
        access_log=access_log,
        failure_log=failure_log,
        exhibit=exhibit,
        shared={
            RiskMatrix: register.matrix,
            Criterion: tag.criterion,
            Group: Group.objects.get_or_create(name="Supervisors")[0],
            # The export's task in the queue's table (its admin is for superusers).
            DBTaskResult: DBTaskResult.objects.get(id=render_export.enqueue(str(export_job.pk)).id),
        },
    )


# Import files and backups ----------------------------------------------------------------


#: The real register files, kept in the repository with their licence (tests/data/README.md).
PMO = Path(__file__).resolve().parent / "data" / "pmo-risk-register"

#: How a person would map the PMO categories onto ours (the rest become tags only).
PMO_CATEGORIES = {
    "Supplier & Delivery": "substandard_delivery",
    "Cost & Commercial": "financial",
    "Engineering & Design Change": "substandard_delivery",
    "Schedule & Programme": "substandard_delivery",
    "Regulatory & Consents": "reputational",
    "Resourcing & Capability": "substandard_delivery",
    "Health & Safety": "health_safety",
}


#: What a backup load assigns anew, as docs/backup-format.md says (the review hash covers
#: database ids).
REASSIGNED = {"exported_at", "team"}


def _png_upload():
    """A small real PNG, as a browser would upload it."""
    from django.core.files.uploadedfile import SimpleUploadedFile
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "orange").save(out, "PNG")
    return SimpleUploadedFile("sign.png", out.getvalue())


def comparable(data: dict) -> dict:
    """A dumped register without what a load assigns anew: two dumps of the same register,
    before and after a backup round trip, compare equal."""
    data = {k: v for k, v in data.items() if k not in REASSIGNED}
    data["reviews"] = [{k: v for k, v in r.items() if k != "content_hash"} for r in data["reviews"]]
    return _without_restored_marks(data)


def _without_restored_marks(value):
    """The data with "Restored from a backup" taken off history reasons: a restore marks
    every history row it writes (tests/interchange/test_backup_trust.py checks that)."""
    if isinstance(value, list):
        return [_without_restored_marks(v) for v in value]
    if not isinstance(value, dict):
        return value
    value = {k: _without_restored_marks(v) for k, v in value.items()}
    if "reason" in value and "values" in value and is_restored(value["reason"]):
        reason = value["reason"].removeprefix(RESTORED_REASON).removeprefix(": ")
        value["reason"] = reason or None
    return value


def pmo_bytes(name: str) -> bytes:
    return (PMO / name).read_bytes()


def pmo_rows(name: str = "risk_register.csv") -> list[list[str]]:
    """A PMO file as rows of text, header first."""
    return list(csv.reader(io.StringIO(pmo_bytes(name).decode("utf-8"))))


def as_csv(rows) -> bytes:
    """``rows`` written as a UTF-8 CSV file, as a person would upload it."""
    buffer = io.StringIO()
    csv.writer(buffer).writerows(rows)
    return buffer.getvalue().encode("utf-8")


def row_counts() -> dict[str, int]:
    """How many rows every table of the project holds (history included)."""
    from django.apps import apps

    return {model._meta.label: model.objects.count() for model in apps.get_models()}


def plan_problems(plan: importer.Plan) -> list[tuple]:
    """An import plan's problems as (row, column, value, message, error) tuples."""
    return [(p.row, p.column, p.value, p.message, p.error) for p in plan.problems]


def statements(queries, verb: str, model) -> int:
    """How many captured queries start ``verb`` on ``model``'s table ("INSERT INTO")."""
    start = f'{verb} "{model._meta.db_table}"'
    return sum(query["sql"].startswith(start) for query in queries.captured_queries)


def source_for(
    data: bytes,
    name: str,
    kind: str,
    team,
    *,
    register=None,
    new_register=None,
    header_row: int = 1,
    sheet: str | None = None,
    **mapping_changes,
) -> importer.Source:
    """A Source with the default (guessed) mapping, then ``mapping_changes`` applied:
    ``columns={"Header": "field"}``, ``values={"group": {...}}``, ``options={...}``."""
    table = readers.read(data, name, sheet=sheet)
    source = importer.Source(
        kind=kind,
        table=table,
        filename=name,
        team=team,
        header_row=header_row,
        register=register,
        new_register=new_register,
    )
    source.mapping = importer.default_mapping(source)
    headers = importer.header_names(table, header_row)
    for header, key in mapping_changes.get("columns", {}).items():
        source.mapping["columns"][str(headers.index(header))] = key
    for group, values in mapping_changes.get("values", {}).items():
        source.mapping["values"].setdefault(group, {}).update(values)
    source.mapping["options"].update(mapping_changes.get("options", {}))
    return source


# Reaching behind the app's back ----------------------------------------------------------


def force_update(queryset, **fields) -> int:
    """A bulk UPDATE that skips the audit guard: for tests that change rows behind the
    app's back (tampering, back-dating) to see how the app reacts."""
    from django.db.models import QuerySet

    return QuerySet.update(queryset, **fields)


def restore_migration_data() -> None:
    """Put back what data migrations create (matrix presets, the reference library, the
    criteria catalogue, the Supervisors group). Transactional tests empty every table when
    they end, and the next test must find the product as a fresh install has it."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    from assessments.models import Reference
    from criteria.models import Criterion
    from riskportal.admin_scoping import SUPERVISORS_GROUP

    def replay(module: str) -> None:
        importlib.import_module(module).forwards(apps, None)

    if not RiskMatrix.objects.exists():
        replay("registers.migrations.0002_matrix_presets")
    if not Reference.objects.filter(team=None).exists():
        replay("assessments.migrations.0002_reference_library")
        replay("assessments.migrations.0008_reference_library_current")
    if not Criterion.objects.exists():
        replay("criteria.migrations.0002_catalogue")
    if not Group.objects.filter(name=SUPERVISORS_GROUP).exists():
        replay("assessments.migrations.0004_supervisors_group")
