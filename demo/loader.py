"""Load the demo: teams, logins and registers, from the specs in ``demo.people``,
``demo.riverside`` and ``demo.eastgate``.

Safe to run again. Teams are found by slug, users by username, memberships by user and
team, registers by team and title; whatever exists is left exactly as it is (a register
that exists keeps its content, a user keeps their password). Risks and ratings go through
``assessments.services`` like everywhere else, so levels come from the rating engine.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial
from typing import TypeVar

from django.contrib.auth import get_user_model
from django.contrib.auth.base_user import AbstractBaseUser
from django.contrib.auth.models import Group
from django.db import models, transaction
from django.utils import timezone

from assessments.models import (
    Action,
    Annotation,
    Assessment,
    AwarenessRecord,
    Consultation,
    PestleItem,
    Reference,
    Review,
    Risk,
    SwotItem,
)
from assessments.reviews import build_snapshot, content_hash
from assessments.services import create_risk, rate_risk
from checks.models import Dismissal
from criteria.models import Criterion, Declaration, Explanation
from demo import eastgate, riverside
from demo.exhibits import add_exhibits
from demo.history import recorded_as
from demo.people import PEOPLE, TEAMS
from demo.specs import PersonSpec, RatingSpec, RegisterSpec, ReviewSpec, TeamSpec
from journeys.models import Stage
from registers.models import Membership, Register, RiskMatrix, Team

REGISTERS = (riverside.REGISTER, eastgate.REGISTER)
MATRIX_SLUG = "5x5-standard"

M = TypeVar("M", bound=models.Model)


@dataclass(frozen=True)
class Login:
    label: str
    username: str
    password: str

    def __str__(self) -> str:
        return f"{self.label}: {self.username} / {self.password}"


@dataclass
class SeedResult:
    logins: list[Login] = field(default_factory=list)
    created: list[Register] = field(default_factory=list)
    existing: list[Register] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)


@transaction.atomic
def seed_demo(*, today: dt.date | None = None) -> SeedResult:
    """Create whatever part of the demo is missing; dates are relative to ``today``."""
    today = today or timezone.localdate()
    result = SeedResult()
    teams = {spec.key: _team(spec) for spec in TEAMS}
    users: dict[str, AbstractBaseUser] = {}
    for person in PEOPLE:
        users[person.key] = _user(person, result.warnings)
        Membership.objects.get_or_create(
            user=users[person.key], team=teams[person.team], defaults={"role": person.role}
        )
        result.logins.append(Login(person.login_label, person.username, person.password))
    for spec in REGISTERS:
        team = teams[spec.team]
        register = Register.objects.filter(team=team, title=spec.title).first()
        if register is not None:
            result.existing.append(register)
        else:
            builder = RegisterBuilder(spec, team=team, users=users, today=today)
            result.created.append(builder.build())
    return result


def _team(spec: TeamSpec) -> Team:
    team, _ = Team.objects.get_or_create(
        slug=spec.slug, defaults={"name": spec.name, "organisation": spec.organisation}
    )
    return team


def _user(person: PersonSpec, warnings: list[str]) -> AbstractBaseUser:
    User = get_user_model()
    user = User.objects.filter(username=person.username).first()
    if user is None:
        user = User.objects.create_user(
            username=person.username,
            email=person.email,
            password=person.password,
            first_name=person.first_name,
            last_name=person.last_name,
            is_staff=person.is_staff,
            is_superuser=person.is_superuser,
        )
        groups = list(Group.objects.filter(name__in=person.groups))
        user.groups.set(groups)
        for missing in sorted(set(person.groups) - {group.name for group in groups}):
            warnings.append(f"No group '{missing}' to put {person.username} in; run migrate.")
        return user
    if not user.check_password(person.password):
        warnings.append(
            f"{person.username} already existed with another password, left unchanged: "
            "the demo password printed for it will not work."
        )
    return user


def _saved(obj: M) -> M:
    """Validate (constraints included) and save, so bad demo content fails loudly."""
    obj.full_clean()
    obj.save()
    return obj


class RegisterBuilder:
    """Builds one register and its content from a ``RegisterSpec``; use once."""

    def __init__(
        self, spec: RegisterSpec, *, team: Team, users: dict[str, AbstractBaseUser], today: dt.date
    ):
        self.spec = spec
        self.team = team
        self.users = users
        self.today = today
        self.stages: dict[str, Stage] = {}
        self.risks: dict[str, Risk] = {}
        self.ratings: dict[str, list[Assessment]] = {}
        self.actions: dict[str, Action] = {}
        self.consultations: dict[str, Consultation] = {}
        self.reviews: dict[str, Review] = {}

    def build(self) -> Register:
        spec = self.spec
        with self.as_of(self.start, spec.owner, hour=9):
            self.register = _saved(
                Register(
                    team=self.team,
                    title=spec.title,
                    organisation=spec.organisation,
                    service=spec.service,
                    customers=spec.customers,
                    scope=spec.scope,
                    context=spec.context,
                    owner=self.user(spec.owner),
                    matrix=RiskMatrix.objects.get(slug=MATRIX_SLUG, version=1),
                    status=Register.Status.ACTIVE,
                )
            )
            self.references = self._references()
            self._stages()
        self._risks()
        self._timeline()
        self._actions()
        self._consultations()
        self._awareness()
        self._annotations()
        with self.as_of(self.start, spec.owner, hour=12):
            self._analysis()
        self._dismissals()
        self._explanations()
        add_exhibits(self)
        return self.register

    # --- helpers ---------------------------------------------------------------------------

    def user(self, key: str | None) -> AbstractBaseUser | None:
        return self.users[key] if key else None

    def day(self, offset: int) -> dt.date:
        return self.today + dt.timedelta(days=offset)

    def at(self, offset: int, hour: int = 10) -> dt.datetime:
        """Local ``hour`` o'clock on that day, in UTC as the database gives it back (a review
        hashed with its sign-off time in another offset would not verify once reloaded)."""
        local = timezone.make_aware(dt.datetime.combine(self.day(offset), dt.time(hour)))
        return local.astimezone(dt.UTC)

    @property
    def start(self) -> int:
        """The first day of the story: the earliest rating, consultation or review."""
        spec = self.spec
        days = [risk.inherent.day for risk in spec.risks]
        days += [item.day for item in (*spec.consultations, *spec.reviews)]
        return min(days, default=0)

    def as_of(self, offset: int, person: str | None, hour: int = 10):
        """History written in this block reads as done by ``person`` on that day."""
        return recorded_as(by=self.user(person), at=self.at(offset, hour))

    def refs(self, titles) -> list[Reference]:
        return [self.references[title] for title in titles]

    # --- steps ------------------------------------------------------------------------------

    def _references(self) -> dict[str, Reference]:
        """The shared library plus the team's own policies, by title (creating the latter)."""
        for ref in self.spec.team_references:
            Reference.objects.get_or_create(
                team=self.team,
                title=ref.title,
                defaults={
                    "kind": ref.kind,
                    "citation": ref.citation,
                    "url": ref.url,
                    "last_checked": None
                    if ref.last_checked is None
                    else self.day(ref.last_checked),
                },
            )
        wanted = {title for risk in self.spec.risks for title in risk.references}
        wanted |= {title for action in self.spec.actions for title in action.references}
        found = {
            ref.title: ref
            for ref in Reference.objects.filter(
                models.Q(team=None) | models.Q(team=self.team), title__in=wanted
            )
        }
        missing = sorted(wanted - found.keys())
        if missing:
            raise LookupError(f"References missing from the library: {', '.join(missing)}.")
        return found

    def _stages(self) -> None:
        for order, stage in enumerate(self.spec.stages, start=1):
            self.stages[stage.key] = _saved(
                Stage(
                    register=self.register,
                    order=order,
                    name=stage.name,
                    description=stage.description,
                    customer_actions=stage.customer_actions,
                    channels=stage.channels,
                    emotion=stage.emotion,
                    is_moment_of_truth=bool(stage.moment_of_truth_note),
                    moment_of_truth_note=stage.moment_of_truth_note,
                )
            )

    def _risks(self) -> None:
        for spec in self.spec.risks:
            recorder = spec.inherent.by or self.spec.owner
            with self.as_of(spec.inherent.day, recorder, hour=9):
                risk = self._create_risk(spec)
            self.risks[spec.key] = risk
            self.ratings[spec.key] = []

    def _create_risk(self, spec) -> Risk:
        risk = create_risk(
            register=self.register,
            stage=self.stages[spec.stage],
            at_moment_of_truth=spec.at_moment_of_truth,
            title=spec.title,
            category=spec.category,
            tags=list(spec.tags),
            cause=spec.cause,
            event=spec.event,
            consequence=spec.consequence,
            affected=spec.affected,
            existing_controls=spec.existing_controls,
            outcome=spec.outcome,
            owner=self.user(spec.owner),
            owner_name=spec.owner_name,
            decision=spec.decision,
            decision_rationale=spec.decision_rationale,
            status=spec.status,
            identified_how=self.spec.portfolio.identified_how(spec.key),
        )
        risk.references.set(self.refs(spec.references))
        return risk

    def _timeline(self) -> None:
        """Ratings and reviews in date order, so each review snapshots the ratings of its day."""
        events = []
        for spec in self.spec.risks:
            tiers = [(Assessment.Tier.INHERENT, spec.inherent)]
            tiers += [(Assessment.Tier.RESIDUAL, r) for r in (spec.residual, *spec.reratings)]
            for tier, rating in tiers:
                events.append((rating.day, 0, partial(self._rate, spec.key, tier, rating)))
        for review in self.spec.reviews:
            events.append((review.day, 1, partial(self._review, review)))
        # A stable sort: same-day ratings keep the spec's order and come before reviews.
        for _day, _kind, run in sorted(events, key=lambda event: event[:2]):
            run()

    def _rate(self, key: str, tier: str, rating: RatingSpec) -> None:
        with self.as_of(rating.day, rating.by or self.spec.owner):
            self.ratings[key].append(self._rated(key, tier, rating))

    def _rated(self, key: str, tier: str, rating: RatingSpec) -> Assessment:
        return rate_risk(
            risk=self.risks[key],
            tier=tier,
            likelihood=rating.likelihood,
            finance=rating.finance,
            reputation=rating.reputation,
            health_safety=rating.health_safety,
            rationale=rating.rationale,
            assessed_by=self.user(rating.by),
            assessed_at=self.at(rating.day),
        )

    def _review(self, spec: ReviewSpec) -> None:
        """A review taken through draft, submitted and signed off on the spec's dates.

        The steps mirror ``assessments.reviews.submit_review`` and ``sign_off_review``,
        which stamp the time of the call; the demo needs them dated in the past.
        """
        risks = list(self.risks.values())
        with self.as_of(spec.day, spec.reviewer or self.spec.owner, hour=9):
            review = self._draft_review(spec, risks)
        if spec.submitted is not None:
            with self.as_of(spec.submitted, spec.submitted_by):
                self._submit_review(review, spec, risks)
        if spec.signed_off is not None:
            with self.as_of(spec.signed_off, spec.signed_off_by, hour=16):
                self._sign_off_review(review, spec, risks)
        self.reviews[spec.key] = review

    def _draft_review(self, spec: ReviewSpec, risks: list[Risk]) -> Review:
        review = _saved(
            Review(
                register=self.register,
                date=self.day(spec.day),
                reviewer=self.user(spec.reviewer),
                attendees=spec.attendees,
                minutes=spec.minutes,
                outcome=spec.outcome,
                next_review_date=self.day(spec.next_review),
                learner_part=self.spec.portfolio.part(f"review:{spec.key}"),
            )
        )
        review.risks.set(risks)
        return review

    def _submit_review(self, review: Review, spec: ReviewSpec, risks: list[Risk]) -> None:
        review.snapshot = build_snapshot(risks)
        review.state = Review.State.SUBMITTED
        review.submitted_by = self.user(spec.submitted_by)
        review.submitted_at = self.at(spec.submitted)
        review.version += 1
        _saved(review)

    def _sign_off_review(self, review: Review, spec: ReviewSpec, risks: list[Risk]) -> None:
        review.state = Review.State.SIGNED_OFF
        review.signed_off_by = self.user(spec.signed_off_by)
        review.signed_off_at = self.at(spec.signed_off, hour=16)
        review.sign_off_comment = spec.sign_off_comment
        witness = self.spec.portfolio.witness
        if witness is not None and witness.review == spec.key:
            review.witness_statement = witness.statement
            review.witnessed_criteria = list(witness.criteria)
        review.content_hash = content_hash(review)
        review.version += 1
        _saved(review)
        # The ratings the review covered no longer await a supervisor.
        for risk in risks:
            risk.cleared_rating = risk.current_rating
            risk.save(update_fields=["cleared_rating", "updated_at"])

    def _actions(self) -> None:
        rated = {risk.key: risk.inherent.day for risk in self.spec.risks}
        for spec in self.spec.actions:
            day = max((rated[key] for key in spec.risks), default=self.start)
            with self.as_of(day, spec.owner or self.spec.owner, hour=11):
                self.actions[spec.key] = self._action(spec)

    def _action(self, spec) -> Action:
        action = _saved(
            Action(
                register=self.register,
                description=spec.description,
                kind=spec.kind,
                owner=self.user(spec.owner),
                owner_name=spec.owner_name,
                due_date=self.day(spec.due),
                status=spec.status,
                completed_on=None if spec.completed is None else self.day(spec.completed),
                cost_one_off=Decimal(spec.cost_one_off),
                cost_annual=Decimal(spec.cost_annual),
                benefit_annual=Decimal(spec.benefit_annual),
                benefit_other=spec.benefit_other,
                evidence_note=spec.evidence_note,
                learner_part=self.spec.portfolio.part(f"action:{spec.key}"),
            )
        )
        action.risks.set([self.risks[key] for key in spec.risks])
        action.references.set(self.refs(spec.references))
        return action

    def _consultations(self) -> None:
        for spec in self.spec.consultations:
            with self.as_of(spec.day, self.spec.owner, hour=15):
                self.consultations[spec.key] = _saved(
                    Consultation(
                        register=self.register,
                        risk=self.risks[spec.risk] if spec.risk else None,
                        date=self.day(spec.day),
                        group=spec.group,
                        people=spec.people,
                        method=spec.method,
                        summary=spec.summary,
                        actions_agreed=spec.actions_agreed,
                        learner_part=self.spec.portfolio.part(f"consultation:{spec.key}"),
                    )
                )

    def _awareness(self) -> None:
        for spec in self.spec.awareness:
            with self.as_of(spec.day, self.spec.owner, hour=15):
                _saved(
                    AwarenessRecord(
                        risk=self.risks[spec.risk],
                        audience=spec.audience,
                        method=spec.method,
                        date=self.day(spec.day),
                        delivered_by=spec.delivered_by,
                        details=spec.details,
                        learner_part=self.spec.portfolio.part(
                            f"awareness:{spec.risk}:{spec.audience}:{spec.method}"
                        ),
                    )
                )

    def _annotations(self) -> None:
        targets = {
            "risk": self.risks,
            "stage": self.stages,
            "action": self.actions,
            "consultation": self.consultations,
            "review": self.reviews,
        }
        for spec in self.spec.annotations:
            if spec.target == "assessment":
                risk_key, index = spec.key.split(":")
                target = self.ratings[risk_key][int(index)]
            else:
                target = targets[spec.target][spec.key]
            with self.as_of(spec.day, spec.author, hour=17):
                _saved(
                    Annotation(
                        register=self.register,
                        text=spec.text,
                        include_in_pdf=spec.include_in_pdf,
                        author=self.user(spec.author),
                        created_at=self.at(spec.day, hour=17),
                        **{spec.target: target},
                    )
                )

    def _analysis(self) -> None:
        for model, field_name, items in (
            (SwotItem, "quadrant", self.spec.swot),
            (PestleItem, "factor", self.spec.pestle),
        ):
            for spec in items:
                item = model(register=self.register, text=spec.text, **{field_name: spec.kind})
                _saved(item)
                item.risks.set([self.risks[key] for key in spec.risks])

    def _dismissals(self) -> None:
        """The findings the learner dismissed, keyed as the consistency checks key them."""
        targets = {"risk": self.risks, "stage": self.stages}
        for spec in self.spec.dismissals:
            target = targets[spec.target][spec.key]
            record = f"{spec.target}:{target.pk}"
            reference = target.reference if spec.target == "risk" else f"Stage '{target.name}'"
            _saved(
                Dismissal(
                    register=self.register,
                    rule=spec.rule,
                    record=f"{record}:{spec.part}" if spec.part else record,
                    reference=reference,
                    reason=spec.reason,
                    dismissed_by=self.user(spec.by),
                    dismissed_at=self.at(spec.day, hour=17),
                )
            )

    def _explanations(self) -> None:
        """The learner's explanations, with their examples, and their signed declaration."""
        portfolio, learner = self.spec.portfolio, self.spec.owner
        criteria = {c.code: c for c in Criterion.objects.all()}
        for spec in portfolio.explanations:
            with self.as_of(spec.day, learner, hour=19):
                explanation = _saved(
                    Explanation(
                        register=self.register,
                        criterion=criteria[spec.code],
                        text=spec.text,
                        written_by=self.user(learner),
                        written_at=self.at(spec.day, hour=19),
                    )
                )
                explanation.risks.set([self.risks[key] for key in spec.risks])
                explanation.actions.set([self.actions[key] for key in spec.actions])
        if portfolio.declaration_day is not None:
            _saved(
                Declaration(
                    register=self.register,
                    signed_by=self.user(learner),
                    signed_at=self.at(portfolio.declaration_day, hour=19),
                )
            )
