"""Risks and everything done about them: ratings, actions, consultations, awareness,
reviews, annotations and the SWOT / PESTLE analysis."""

from __future__ import annotations

import datetime as dt
import functools
import operator
from decimal import Decimal

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.lookups import Exact
from django.urls import reverse
from django.utils import timezone
from simple_history.models import HistoricalRecords

from journeys.models import Stage
from registers.models import Membership, Register, RiskLevel, RiskMatrix
from registers.rating import current_field, current_of
from riskportal.one_register import OneRegisterModel
from riskportal.people import display_name
from riskportal.scoping import RegisterScopedQuerySet, TeamScopedQuerySet

User = settings.AUTH_USER_MODEL


class Category(models.TextChoices):
    """The four kinds of risk the standard names (NOS INSCS027 PC2-5)."""

    FINANCIAL = "financial", "Financial"
    REPUTATIONAL = "reputational", "Reputational"
    HEALTH_SAFETY = "health_safety", "Health & safety"
    SUBSTANDARD_DELIVERY = "substandard_delivery", "Sub-standard delivery"


class ReferenceQuerySet(TeamScopedQuerySet):
    team_path = "team"

    def visible_to(self, user):
        """Shared references (no team) and those of the user's teams."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return self.filter(models.Q(team__isnull=True) | self._team_filter(user))

    def usable_in(self, register: Register):
        """References a record of ``register`` may cite: shared ones and its team's."""
        return self.filter(models.Q(team__isnull=True) | models.Q(team=register.team_id))


class Reference(models.Model):
    """A law, code of practice or policy a risk or action follows (NOS PC13)."""

    class Kind(models.TextChoices):
        LAW = "law", "Law or regulation"
        CODE = "code", "Code of practice"
        POLICY = "policy", "Organisational policy"

    team = models.ForeignKey(
        "registers.Team",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="references",
        help_text="Empty for references shared by every team (laws, national codes).",
    )
    kind = models.CharField(max_length=10, choices=Kind.choices, default=Kind.LAW)
    title = models.CharField(max_length=200)
    citation = models.CharField(max_length=200, blank=True)
    url = models.URLField(blank=True)
    last_checked = models.DateField(
        null=True, blank=True, help_text="When someone last checked the reference is current."
    )
    revoked_on = models.DateField(
        null=True, blank=True, help_text="When the law was revoked; it should no longer be cited."
    )
    replaced_by = models.CharField(
        max_length=200, blank=True, help_text="What replaced it, when it was revoked."
    )

    objects = ReferenceQuerySet.as_manager()

    class Meta:
        ordering = ["kind", "title"]
        constraints = [
            models.UniqueConstraint(fields=["team", "title"], name="reference_unique_title"),
        ]

    def __str__(self) -> str:
        return self.title


class Decision(models.TextChoices):
    TREAT = "treat", "Treat (act to reduce it)"
    TOLERATE = "tolerate", "Tolerate (acceptable as it is)"
    TRANSFER = "transfer", "Transfer (insure or contract out)"
    TERMINATE = "terminate", "Terminate (stop the activity)"


class Identification(models.TextChoices):
    """How a risk was identified (OCR evidence requirement 5 a/b/c reads it)."""

    OBSERVATION = "observation", "Observation of the process"
    RECORDS = "records", "Records such as complaints, incidents or accounts"
    CONSULTATION = "consultation", "Consultation with others"
    INSPECTION = "inspection", "Inspection"


class LearnerPart(models.TextChoices):
    """The learner's own part in a consultation, awareness record, action or review."""

    LED = "led", "Led it"
    PROPOSED = "proposed", "Proposed it"
    TOOK_PART = "took_part", "Took part"
    INFORMED = "informed", "Was informed"


#: The criteria (catalogue codes) a supervisor may say they saw for themselves when signing
#: off a review: OCR ER1 (a real job, real customers) and the performance criteria a witness
#: can observe. The labels are what the sign-off form offers; ``criteria.coverage`` shows a
#: ticked criterion (and the OCR criteria that coincide with it) as *Witnessed*.
WITNESSABLE_CRITERIA: dict[str, str] = {
    "OCR ER1": "OCR ER1: did this in a real job, with real customers",
    "NOS PC6": "NOS PC6 (OCR 1.6): made customers aware of risks that affect them",
    "NOS PC7": "NOS PC7 (OCR 1.7): developed staff awareness of the risks",
    "NOS PC11": "NOS PC11 (OCR 2.4): consulted colleagues on actions to reduce risk",
    "NOS PC13": "NOS PC13: followed the law, codes of practice and policies of the role",
}


def learner_part_field():
    return models.CharField(
        "my part",
        max_length=10,
        choices=LearnerPart.choices,
        blank=True,
        help_text="Your own part in it, so the assessor sees whose work it is.",
    )


class RiskQuerySet(RegisterScopedQuerySet):
    def with_ratings(self):
        """Risks with stage, owner and both latest ratings joined (one query for a list)."""
        return self.select_related("stage", "owner", "inherent_rating", "residual_rating")

    def open(self):
        return self.filter(status=Risk.Status.OPEN)

    def awaiting_supervisor(self):
        """Risks whose current rating needs a supervisor and no signed-off review covers it.

        The queryset form of ``Risk.awaiting_supervisor`` (current = residual if any, else
        inherent), for lists and filters.
        """
        return self.filter(
            Exact(current_field("needs_supervisor"), True),
            models.Q(cleared_rating__isnull=True) | ~models.Q(cleared_rating=current_field("id")),
        )

    def with_current_level(self):
        """Each risk with ``current_level``: the level code of its current rating (residual
        if any, else inherent; None when not rated), for lists and filters."""
        return self.annotate(current_level=current_field("level_code"))


class Risk(OneRegisterModel):
    """A risk recorded as cause -> event -> consequence at a stage of the journey.

    Its stage and ratings are of its own register, its references shared or its team's.
    """

    same_register = ("stage", "inherent_rating", "residual_rating", "cleared_rating")
    same_team = ("references",)

    class Status(models.TextChoices):
        OPEN = "open", "Open"
        CLOSED = "closed", "Closed"

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="risks")
    number = models.PositiveIntegerField(editable=False)
    stage = models.ForeignKey(
        Stage, on_delete=models.PROTECT, null=True, blank=True, related_name="risks"
    )
    at_moment_of_truth = models.BooleanField("arises at the stage's moment of truth", default=False)
    title = models.CharField(max_length=200)
    category = models.CharField(max_length=24, choices=Category.choices)
    tags = models.JSONField(
        default=list,
        blank=True,
        help_text="Extra kinds seen in practice: legal, data protection, well-being...",
    )
    cause = models.TextField(blank=True, help_text="Why it could happen.")
    event = models.TextField(blank=True, help_text="What could happen.")
    consequence = models.TextField(blank=True, help_text="What would follow, and for whom.")
    affected = models.CharField("who is affected", max_length=200, blank=True)
    existing_controls = models.TextField(blank=True)
    outcome = models.CharField(
        "customer-service outcome threatened",
        max_length=200,
        blank=True,
        help_text="The outcome or KPI the risk threatens, e.g. first-contact resolution.",
    )
    owner = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_risks"
    )
    owner_name = models.CharField(
        max_length=120, blank=True, help_text="Owner outside the app (a role or a name)."
    )
    decision = models.CharField(max_length=10, choices=Decision.choices, blank=True)
    decision_rationale = models.TextField(blank=True)
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.OPEN)
    references = models.ManyToManyField(Reference, blank=True, related_name="risks")
    notes = models.TextField(blank=True, help_text="Anything else, e.g. imported columns.")
    identified_how = models.CharField(
        "how it was identified",
        max_length=12,
        choices=Identification.choices,
        blank=True,
    )
    inherent_rating = models.ForeignKey(
        "Assessment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    residual_rating = models.ForeignKey(
        "Assessment", on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    cleared_rating = models.ForeignKey(
        "Assessment",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        help_text="The rating a signed-off review last covered.",
    )
    next_review_date = models.DateField(null=True, blank=True)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RiskQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[references])

    class Meta:
        ordering = ["register", "number"]
        constraints = [
            models.UniqueConstraint(fields=["register", "number"], name="risk_unique_number"),
            models.CheckConstraint(
                condition=models.Q(
                    category__in=[
                        "financial",
                        "reputational",
                        "health_safety",
                        "substandard_delivery",
                    ]
                ),
                name="risk_category_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(decision="") | ~models.Q(decision_rationale=""),
                name="risk_decision_has_rationale",
                violation_error_message="Give the reason for the treatment decision.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.reference} {self.title}"

    def get_absolute_url(self) -> str:
        return reverse(
            "assessments:risk_detail",
            kwargs={"register_id": self.register_id, "number": self.number},
        )

    @property
    def reference(self) -> str:
        return self.reference_of(self.number)

    @staticmethod
    def reference_of(number: int) -> str:
        """A risk's reference from its number ("R-004"), for lists read without models."""
        return f"R-{number:03d}"

    @property
    def owner_display(self) -> str:
        if self.owner_id:
            return display_name(self.owner)
        return self.owner_name

    @property
    def current_rating(self) -> Assessment | None:
        """The latest rating that applies now: residual if there is one, else inherent."""
        return current_of(self.residual_rating, self.inherent_rating)

    @property
    def awaiting_supervisor(self) -> bool:
        """Its level needs a supervisor and no signed-off review covers the current rating."""
        rating = self.current_rating
        return bool(rating and rating.needs_supervisor and self.cleared_rating_id != rating.pk)

    @property
    def review_overdue(self) -> bool:
        return bool(self.next_review_date and self.next_review_date < timezone.localdate())


class AssessmentQuerySet(TeamScopedQuerySet):
    team_path = "risk__register__team"


class Assessment(OneRegisterModel):
    """One rating of a risk. Append-only: re-rating adds a row, so history is kept.

    Score, level and explanation come from ``registers.rating.rate`` through
    ``assessments.services.rate_risk``; they are stored so that history shows what the
    matrix said at the time.
    """

    register_path = "risk__register"
    fixed_parents = ("risk",)

    class Tier(models.TextChoices):
        INHERENT = "inherent", "Inherent (before new actions)"
        RESIDUAL = "residual", "Residual (after actions)"
        CURRENT = "current", "Current"

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="assessments")
    tier = models.CharField(max_length=10, choices=Tier.choices)
    matrix = models.ForeignKey(RiskMatrix, on_delete=models.PROTECT, related_name="+")
    likelihood = models.PositiveSmallIntegerField()
    consequence_finance = models.PositiveSmallIntegerField("finance consequence")
    consequence_reputation = models.PositiveSmallIntegerField("reputation consequence")
    consequence_health_safety = models.PositiveSmallIntegerField("health & safety consequence")
    consequence = models.PositiveSmallIntegerField("overall consequence", editable=False)
    score = models.PositiveSmallIntegerField(editable=False)
    level_code = models.CharField(max_length=10, editable=False)
    level_label = models.CharField(max_length=30, editable=False)
    escalated = models.BooleanField(default=False, editable=False)
    needs_supervisor = models.BooleanField(default=False, editable=False)
    explanation = models.CharField(max_length=200, editable=False)
    rationale = models.TextField(help_text="Why these values: the evidence behind the rating.")
    assessed_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    assessed_at = models.DateTimeField(default=timezone.now)
    # Where a rating that came in by import came from: never credited to whoever ran it.
    imported_from = models.CharField(
        max_length=255, blank=True, help_text="The file the rating was imported from, if any."
    )
    imported_row = models.PositiveIntegerField(null=True, blank=True)
    rated_by_name = models.CharField(
        "rated by, as the file says",
        max_length=120,
        blank=True,
        help_text="The rater as the imported file names them, if it does.",
    )

    objects = AssessmentQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["risk", "-assessed_at", "-pk"]
        get_latest_by = ["assessed_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(likelihood__gte=1)
                & models.Q(consequence_finance__gte=1)
                & models.Q(consequence_reputation__gte=1)
                & models.Q(consequence_health_safety__gte=1),
                name="assessment_values_positive",
            ),
            models.CheckConstraint(
                condition=models.Q(tier__in=["inherent", "residual", "current"]),
                name="assessment_tier_valid",
            ),
            models.CheckConstraint(
                condition=models.Q(level_code__in=list(RiskLevel.RANKS)),
                name="assessment_level_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.risk.reference} {self.get_tier_display()}: {self.explanation}"

    def save(self, *args, **kwargs):
        # Ratings are evidence: history must not be rewritten.
        if self.pk is not None and not kwargs.pop("force_history_rewrite", False):
            raise ValidationError("A rating cannot be changed once saved; rate the risk again.")
        super().save(*args, **kwargs)

    @classmethod
    def from_rating(
        cls,
        *,
        risk,
        tier,
        matrix,
        rating,
        rationale,
        assessed_by,
        assessed_at,
        imported_from: str = "",
        imported_row: int | None = None,
        rated_by_name: str = "",
    ):
        """An unsaved rating row holding what ``registers.rating.rate`` decided (``rating``).

        The one place that copies an engine result into the stored fields; the rating
        service and the importer both build their rows here (an imported row with its
        file, row and the rater as the file names them, and no ``assessed_by``).
        """
        return cls(
            risk=risk,
            tier=tier,
            matrix=matrix,
            likelihood=rating.likelihood,
            consequence_finance=rating.finance,
            consequence_reputation=rating.reputation,
            consequence_health_safety=rating.health_safety,
            consequence=rating.consequence,
            score=rating.score,
            level_code=rating.level.code,
            level_label=rating.level.label,
            escalated=rating.escalated,
            needs_supervisor=rating.needs_supervisor,
            explanation=rating.explanation,
            rationale=rationale,
            assessed_by=assessed_by,
            assessed_at=assessed_at,
            imported_from=imported_from,
            imported_row=imported_row,
            rated_by_name=rated_by_name,
        )

    @property
    def is_imported(self) -> bool:
        return bool(self.imported_from)

    @property
    def provenance(self) -> str:
        """Where an imported rating came from ("imported from risk_register.csv, row 4"), or
        "" for a rating made in the app."""
        if not self.imported_from:
            return ""
        row = f", row {self.imported_row}" if self.imported_row else ""
        return f"imported from {self.imported_from}{row}"

    def rated_by(self, person=None) -> str:
        """Who rated it, in words: the user, or for an import the rater as the file names
        them ("" when it does not: never whoever ran the import). ``person`` turns a user
        into a name (the PDF passes its redactor's); by default the full name or username."""
        if self.imported_from:
            return self.rated_by_name
        user = self.assessed_by
        if user is None:
            return ""
        if person is not None:
            return person(user)
        return display_name(user)

    @property
    def review_level(self) -> str:
        """The level whose review cadence applies: an escalated rating goes to a supervisor,
        who reviews it as often as a High one."""
        return "high" if self.escalated else self.level_code

    @property
    def assessed_on(self) -> dt.date:
        """The day it was made: the date of ``assessed_at`` in UTC, as stored."""
        return self.assessed_at.astimezone(dt.UTC).date()

    @property
    def consequences(self) -> dict[str, int]:
        return {
            "finance": self.consequence_finance,
            "reputation": self.consequence_reputation,
            "health_safety": self.consequence_health_safety,
        }


class ActionQuerySet(RegisterScopedQuerySet):
    def overdue(self, today: dt.date | None = None):
        today = today or timezone.localdate()
        return self.filter(due_date__lt=today).exclude(
            status__in=[Action.Status.DONE, Action.Status.CANCELLED]
        )


class Action(OneRegisterModel):
    """Something the team does about one or more risks (NOS PC12)."""

    same_register = ("risks",)
    same_team = ("references",)

    class Kind(models.TextChoices):
        PREVENTIVE = "preventive", "Preventive"
        DETECTIVE = "detective", "Detective"
        CORRECTIVE = "corrective", "Corrective"
        DIRECTIVE = "directive", "Directive"
        COMMUNICATION = "communication", "Communication"
        TRAINING = "training", "Training"

    class Status(models.TextChoices):
        PLANNED = "planned", "Planned"
        IN_PROGRESS = "in_progress", "In progress"
        DONE = "done", "Done"
        CANCELLED = "cancelled", "Cancelled"

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="actions")
    risks = models.ManyToManyField(Risk, related_name="actions", blank=True)
    description = models.TextField()
    kind = models.CharField("type", max_length=15, choices=Kind.choices, default=Kind.PREVENTIVE)
    owner = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="owned_actions"
    )
    owner_name = models.CharField(max_length=120, blank=True)
    due_date = models.DateField(null=True, blank=True)
    status = models.CharField(max_length=12, choices=Status.choices, default=Status.PLANNED)
    completed_on = models.DateField(null=True, blank=True)
    cost_one_off = models.DecimalField(
        "one-off cost (£)", max_digits=10, decimal_places=2, default=Decimal("0")
    )
    cost_annual = models.DecimalField(
        "annual cost (£)", max_digits=10, decimal_places=2, default=Decimal("0")
    )
    benefit_annual = models.DecimalField(
        "expected annual benefit (£)", max_digits=10, decimal_places=2, default=Decimal("0")
    )
    benefit_other = models.CharField(
        "benefit beyond money",
        max_length=240,
        blank=True,
        help_text="Safety, a legal duty, reputation: what it gives that money does not show.",
    )
    evidence_note = models.TextField(blank=True)
    learner_part = learner_part_field()
    references = models.ManyToManyField(Reference, blank=True, related_name="actions")
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = ActionQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[risks])

    class Meta:
        ordering = ["register", "due_date", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | models.Q(completed_on__isnull=False),
                name="action_done_has_completion_date",
                violation_error_message="Give the date a done action was completed.",
            ),
            models.CheckConstraint(
                condition=models.Q(cost_one_off__gte=0)
                & models.Q(cost_annual__gte=0)
                & models.Q(benefit_annual__gte=0),
                name="action_money_not_negative",
            ),
        ]

    def __str__(self) -> str:
        return self.description[:80]

    @property
    def owner_display(self) -> str:
        if self.owner_id:
            return display_name(self.owner)
        return self.owner_name

    @property
    def is_open(self) -> bool:
        return self.status not in (self.Status.DONE, self.Status.CANCELLED)

    def is_overdue(self, today: dt.date | None = None) -> bool:
        today = today or timezone.localdate()
        return bool(self.is_open and self.due_date and self.due_date < today)

    @property
    def net_annual_benefit(self) -> Decimal:
        return self.benefit_annual - self.cost_annual

    @property
    def is_option_considered(self) -> bool:
        """A cancelled action: an option the team weighed and did not take, kept out of
        the cost/benefit totals."""
        return self.status == self.Status.CANCELLED

    @property
    def payback_months(self) -> Decimal | None:
        """Months of net annual benefit that repay the one-off cost; None when that means
        nothing (no one-off cost, or no net benefit to repay it)."""
        if self.cost_one_off <= 0 or self.net_annual_benefit <= 0:
            return None
        return self.cost_one_off / self.net_annual_benefit * 12

    @property
    def payback(self) -> str:
        """The payback period as a person writes it (see ``payback_words``)."""
        return payback_words(self.cost_one_off, self.cost_annual, self.benefit_annual)


def payback_words(cost_one_off: Decimal, cost_annual: Decimal, benefit_annual: Decimal) -> str:
    """ "8 months", "about 2½ years", "no payback: costs more each year than it saves"...;
    "" for an action with no money recorded."""
    net = benefit_annual - cost_annual
    if not (cost_one_off or cost_annual or benefit_annual):
        return ""
    if net < 0:
        return "no payback: costs more each year than it saves"
    if net == 0:
        return "no payback: saves nothing a year towards its cost" if cost_one_off else ""
    if cost_one_off <= 0:
        return "from the start: no one-off cost"
    months = cost_one_off / net * 12
    if months < 1:
        return "under a month"
    if months < Decimal("23.5"):
        whole = int(months.quantize(Decimal("1")))
        return "1 month" if whole == 1 else f"{whole} months"
    years = months / 12
    if years < 10:
        halves = int((years * 2).quantize(Decimal("1")))
        return f"about {halves // 2}{'½' if halves % 2 else ''} years"
    return f"about {int(years.quantize(Decimal('1')))} years"


class Consultation(OneRegisterModel):
    """A discussion with colleagues or partners about the risks (NOS PC11)."""

    same_register = ("risk",)

    class Group(models.TextChoices):
        TEAM = "team", "Team members"
        PARTNERS = "partners", "Suppliers or service partners"
        MANAGERS = "managers", "Supervisors or managers"
        CUSTOMERS = "customers", "Customers"
        COMPLIANCE = "compliance", "Compliance"

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="consultations")
    risk = models.ForeignKey(
        Risk, on_delete=models.CASCADE, null=True, blank=True, related_name="consultations"
    )
    date = models.DateField(default=timezone.localdate)
    group = models.CharField(max_length=12, choices=Group.choices)
    people = models.CharField(max_length=240, help_text="Who took part (names or roles).")
    method = models.CharField(max_length=120, blank=True, help_text="Meeting, call, email...")
    summary = models.TextField("what was said")
    actions_agreed = models.TextField(blank=True)
    learner_part = learner_part_field()
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = RegisterScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["register", "-date", "pk"]

    def __str__(self) -> str:
        return f"{self.date:%d %b %Y} with {self.get_group_display().lower()}"


class AwarenessQuerySet(TeamScopedQuerySet):
    team_path = "risk__register__team"


class AwarenessRecord(OneRegisterModel):
    """How customers were made aware of a risk, or staff briefed on it (NOS PC6, PC7)."""

    register_path = "risk__register"
    fixed_parents = ("risk",)

    class Audience(models.TextChoices):
        CUSTOMERS = "customers", "Customers"
        STAFF = "staff", "Staff"

    class Method(models.TextChoices):
        SIGNAGE = "signage", "Signage"
        EMAIL = "email", "Email or letter"
        BRIEFING = "briefing", "Briefing"
        WEBSITE = "website", "Website"
        TRAINING = "training", "Training"
        VERBAL = "verbal", "Told in person"

    risk = models.ForeignKey(Risk, on_delete=models.CASCADE, related_name="awareness")
    audience = models.CharField(max_length=10, choices=Audience.choices)
    method = models.CharField(max_length=10, choices=Method.choices)
    date = models.DateField(default=timezone.localdate)
    delivered_by = models.CharField(max_length=120, blank=True)
    details = models.TextField(blank=True)
    learner_part = learner_part_field()
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = AwarenessQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["risk", "-date", "pk"]
        verbose_name = "awareness record"

    #: How each method reads after "Customers told" or "Staff told".
    HOW = {
        Method.SIGNAGE: "by signs",
        Method.EMAIL: "by email or letter",
        Method.BRIEFING: "at a briefing",
        Method.WEBSITE: "on the website",
        Method.TRAINING: "in training",
        Method.VERBAL: "in person",
    }

    def __str__(self) -> str:
        """For example "Customers told in person", "Staff told at a briefing"."""
        return f"{self.get_audience_display()} told {AwarenessRecord.HOW[self.method]}"


FROZEN_REVIEW_MESSAGE = (
    "This review has been signed off, so it is read-only: start a new review to record "
    "later changes."
)


class ReviewQuerySet(RegisterScopedQuerySet):
    def awaiting_sign_off(self):
        """Submitted reviews: each waits for a supervisor to sign it off or return it."""
        return self.filter(state=Review.State.SUBMITTED)

    def to_sign_off_by(self, user):
        """The submitted reviews ``user`` can sign off: of the teams they supervise, and not
        submitted by them (another supervisor signs those)."""
        if not getattr(user, "is_authenticated", False):
            return self.none()
        return (
            self.awaiting_sign_off()
            .filter(self._team_filter(user, Membership.SUPERVISOR_ROLES))
            .exclude(submitted_by=user)
        )


class Review(OneRegisterModel):
    """A review meeting of the register (Plan-Do-Check-Act), signed off by a supervisor."""

    same_register = ("risks",)

    class State(models.TextChoices):
        DRAFT = "draft", "Draft"
        SUBMITTED = "submitted", "Submitted for sign-off"
        SIGNED_OFF = "signed_off", "Signed off"
        RETURNED = "returned", "Returned for changes"

    #: Reviews that took place (a draft may still be planned; a returned one was held and
    #: is being corrected).
    HELD_STATES = (State.SUBMITTED, State.SIGNED_OFF, State.RETURNED)
    #: Reviews whose dates stand: the latest of these sets a register's last and next review.
    STANDING_STATES = (State.SUBMITTED, State.SIGNED_OFF)

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="reviews")
    date = models.DateField(default=timezone.localdate)
    reviewer = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="reviews_led"
    )
    attendees = models.TextField(blank=True)
    minutes = models.TextField(blank=True)
    outcome = models.TextField(blank=True)
    next_review_date = models.DateField(null=True, blank=True)
    risks = models.ManyToManyField(Risk, blank=True, related_name="reviews")
    snapshot = models.JSONField(
        default=list, blank=True, help_text="The ratings of the risks reviewed, as they stood."
    )
    state = models.CharField(max_length=12, choices=State.choices, default=State.DRAFT)
    submitted_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    submitted_at = models.DateTimeField(null=True, blank=True)
    # PROTECT: a signed-off review must name its signer (a constraint, and the seal covers
    # it), so a person who signed off a review is deactivated, not deleted.
    signed_off_by = models.ForeignKey(
        User, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    signed_off_at = models.DateTimeField(null=True, blank=True)
    sign_off_comment = models.TextField(blank=True)
    witness_statement = models.TextField(
        blank=True,
        help_text=(
            "What the supervisor saw the learner do at work, written when signing off; the "
            "portfolio's witness testimony."
        ),
    )
    witnessed_criteria = models.JSONField(
        default=list,
        blank=True,
        help_text=(
            "The criteria (codes of WITNESSABLE_CRITERIA) the witness statement speaks for, "
            "ticked by the supervisor at sign-off."
        ),
    )
    learner_part = learner_part_field()
    returned_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    returned_at = models.DateTimeField(null=True, blank=True)
    return_comment = models.TextField(blank=True)
    content_hash = models.CharField(
        max_length=64, blank=True, help_text="SHA-256 of the frozen review and its snapshot."
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = ReviewQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[risks])

    class Meta:
        ordering = ["register", "-date", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(state="signed_off")
                | (
                    models.Q(signed_off_by__isnull=False)
                    & models.Q(signed_off_at__isnull=False)
                    & ~models.Q(content_hash="")
                ),
                name="review_signed_off_complete",
            ),
        ]

    def __str__(self) -> str:
        return f"Review of {self.register} on {self.date:%d %b %Y}"

    def save(self, *args, **kwargs):
        """Save, unless the row is signed off: whatever path tries to change it is refused
        (one extra query)."""
        if self._stored_state() == self.State.SIGNED_OFF:
            raise ValidationError(FROZEN_REVIEW_MESSAGE, code="frozen")
        super().save(*args, **kwargs)

    def clean(self):
        # A form editing a signed-off review reports it instead of failing on save().
        if self._stored_state() == self.State.SIGNED_OFF:
            raise ValidationError(FROZEN_REVIEW_MESSAGE, code="frozen")
        super().clean()

    @property
    def is_frozen(self) -> bool:
        return self.state == self.State.SIGNED_OFF

    def _stored_state(self) -> str | None:
        """The state of this row in the database (one query), None if it is not saved."""
        if self.pk is None:
            return None
        return type(self).objects.filter(pk=self.pk).values_list("state", flat=True).first()

    @property
    def is_editable(self) -> bool:
        return self.state in (self.State.DRAFT, self.State.RETURNED)

    @property
    def witnessed_labels(self) -> list[str]:
        """What the supervisor ticked as witnessed, in the sign-off form's words and order."""
        ticked = set(self.witnessed_criteria or ())
        return [label for code, label in WITNESSABLE_CRITERIA.items() if code in ticked]


def exactly_one_set(*fields: str) -> models.Q:
    """A condition true when exactly one of the nullable foreign keys ``fields`` is set."""
    return functools.reduce(
        operator.or_,
        (models.Q(**{f"{f}__isnull": f != chosen for f in fields}) for chosen in fields),
    )


ANNOTATION_TARGETS = ("risk", "assessment", "action", "stage", "consultation", "review")


class AnnotationQuerySet(RegisterScopedQuerySet):
    pass


class Annotation(OneRegisterModel):
    """The learner's note explaining a decision, attached for good to exactly one record
    of its register."""

    TARGETS = ANNOTATION_TARGETS
    fixed_parents = ("register", *ANNOTATION_TARGETS)
    same_register = ANNOTATION_TARGETS

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="annotations")
    risk = models.ForeignKey(
        Risk, on_delete=models.CASCADE, null=True, blank=True, related_name="annotations"
    )
    assessment = models.ForeignKey(
        Assessment, on_delete=models.CASCADE, null=True, blank=True, related_name="annotations"
    )
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="annotations"
    )
    stage = models.ForeignKey(
        Stage, on_delete=models.CASCADE, null=True, blank=True, related_name="annotations"
    )
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, null=True, blank=True, related_name="annotations"
    )
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, null=True, blank=True, related_name="annotations"
    )
    text = models.TextField()
    include_in_pdf = models.BooleanField("include in the evidence PDF", default=True)
    author = models.ForeignKey(User, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    objects = AnnotationQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["register", "created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=exactly_one_set(*ANNOTATION_TARGETS),
                name="annotation_exactly_one_target",
                violation_error_message="An annotation explains exactly one record.",
            ),
        ]

    def __str__(self) -> str:
        return self.text[:80]

    @property
    def target(self):
        for name in self.TARGETS:
            if getattr(self, f"{name}_id"):
                return getattr(self, name)
        return None


class SwotItem(OneRegisterModel):
    same_register = ("risks",)

    class Quadrant(models.TextChoices):
        STRENGTH = "strength", "Strength"
        WEAKNESS = "weakness", "Weakness"
        OPPORTUNITY = "opportunity", "Opportunity"
        THREAT = "threat", "Threat"

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="swot_items")
    quadrant = models.CharField(max_length=12, choices=Quadrant.choices)
    text = models.TextField()
    risks = models.ManyToManyField(Risk, blank=True, related_name="swot_items")

    objects = RegisterScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["register", "quadrant", "pk"]
        verbose_name = "SWOT item"

    def __str__(self) -> str:
        return f"{self.get_quadrant_display()}: {self.text[:60]}"


class PestleItem(OneRegisterModel):
    same_register = ("risks",)

    class Factor(models.TextChoices):
        POLITICAL = "political", "Political"
        ECONOMIC = "economic", "Economic"
        SOCIAL = "social", "Social"
        TECHNOLOGICAL = "technological", "Technological"
        LEGAL = "legal", "Legal"
        ENVIRONMENTAL = "environmental", "Environmental"

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="pestle_items")
    factor = models.CharField(max_length=14, choices=Factor.choices)
    text = models.TextField()
    risks = models.ManyToManyField(Risk, blank=True, related_name="pestle_items")

    objects = RegisterScopedQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["register", "factor", "pk"]
        verbose_name = "PESTLE item"

    def __str__(self) -> str:
        return f"{self.get_factor_display()}: {self.text[:60]}"


class ReminderLog(models.Model):
    """One reminder sent to one person about one record on one day.

    ``manage.py send_reminders`` writes a row before it sends; the unique constraint makes
    a second run on the same day (or two overlapping runs) skip what was already sent.
    """

    class Kind(models.TextChoices):
        OVERDUE_ACTION = "overdue_action", "Overdue action"
        OVERDUE_REVIEW = "overdue_review", "Overdue register review"
        REVIEW_TO_SIGN_OFF = "review_sign_off", "Review to sign off"

    kind = models.CharField(max_length=20, choices=Kind.choices)
    object_id = models.CharField(max_length=64, help_text="The action or register reminded about.")
    recipient = models.ForeignKey(User, on_delete=models.CASCADE, related_name="+")
    sent_on = models.DateField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-sent_on", "kind", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["kind", "object_id", "recipient", "sent_on"],
                name="reminder_once_per_day",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.object_id} to user {self.recipient_id}"
