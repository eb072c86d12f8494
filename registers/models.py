"""Tenancy and the frame of a register: teams, memberships, risk matrices and registers."""

from __future__ import annotations

import uuid
from functools import cached_property
from typing import NamedTuple

from django.conf import settings
from django.core.cache import cache
from django.db import models, transaction
from django.db.models.lookups import Exact, IsNull
from django.urls import reverse
from simple_history.models import HistoricalRecords

from registers.rating import current_field
from riskportal.scoping import TeamScopedQuerySet


class TeamQuerySet(TeamScopedQuerySet):
    team_path = ""


class Team(models.Model):
    """A customer-service team; everything in the product belongs to exactly one team."""

    name = models.CharField(max_length=120, unique=True)
    slug = models.SlugField(max_length=60, unique=True)
    organisation = models.CharField(max_length=160, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    objects = TeamQuerySet.as_manager()

    class Meta:
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def supervisors(self):
        """Users with the supervisor role in this team (one query when evaluated)."""
        from django.contrib.auth import get_user_model

        return get_user_model().objects.filter(
            memberships__team=self, memberships__role=Membership.Role.SUPERVISOR
        )


class Membership(models.Model):
    class Role(models.TextChoices):
        MEMBER = "member", "Member"
        SUPERVISOR = "supervisor", "Supervisor"
        VIEWER = "viewer", "Viewer (read only)"

    EDITOR_ROLES = (Role.MEMBER, Role.SUPERVISOR)
    SUPERVISOR_ROLES = (Role.SUPERVISOR,)

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="memberships"
    )
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="memberships")
    role = models.CharField(max_length=20, choices=Role.choices, default=Role.MEMBER)
    joined_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["team__name", "user__username"]
        constraints = [
            models.UniqueConstraint(fields=["user", "team"], name="membership_unique_user_team"),
            models.CheckConstraint(
                condition=models.Q(role__in=["member", "supervisor", "viewer"]),
                name="membership_role_valid",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} in {self.team} ({self.get_role_display()})"

    @property
    def can_edit(self) -> bool:
        return self.role in self.EDITOR_ROLES


# --- Risk matrices ------------------------------------------------------------------------


class Dimension(models.TextChoices):
    """The three consequence dimensions judged separately (NOS INSCS027 PC9)."""

    FINANCE = "finance", "Finance"
    REPUTATION = "reputation", "Reputation"
    HEALTH_SAFETY = "health_safety", "Health & safety"


class RiskMatrix(models.Model):
    """A likelihood x consequence matrix, held as data.

    The level of every cell is a lookup in ``cells`` (not a formula), so matrices whose
    levels do not follow the score (cell-based matrices) work the same as score bands.
    """

    name = models.CharField(max_length=120)
    slug = models.SlugField(max_length=60)
    version = models.PositiveIntegerField(default=1)
    description = models.TextField(blank=True)
    is_preset = models.BooleanField(default=False)
    escalate_top_consequence = models.BooleanField(
        default=True,
        help_text="Any consequence at the top level sends the risk to a supervisor.",
    )

    class Meta:
        ordering = ["name", "-version"]
        verbose_name_plural = "risk matrices"
        constraints = [
            models.UniqueConstraint(fields=["slug", "version"], name="matrix_unique_slug_version"),
        ]

    def __str__(self) -> str:
        return f"{self.name} (v{self.version})"

    SPEC_CACHE_SECONDS = 300

    @cached_property
    def spec(self):
        """The matrix as a plain ``MatrixSpec`` for the rating engine.

        Read from the cache, else from the database (4 queries) and cached for a few
        minutes under the matrix's id and version: a matrix in use is frozen (the admin
        refuses edits once a register uses it), so a cached copy cannot go stale.
        """
        from registers.rating import MatrixSpec

        key = f"matrix-spec:{self.pk}:{self.version}:{self.escalate_top_consequence:d}"
        spec = cache.get(key)
        if spec is None:
            spec = MatrixSpec.from_matrix(self)
            cache.set(key, spec, self.SPEC_CACHE_SECONDS)
        return spec

    @property
    def size(self) -> tuple[int, int]:
        return (len(self.spec.likelihoods), len(self.spec.consequences))


class LikelihoodLevel(models.Model):
    matrix = models.ForeignKey(RiskMatrix, on_delete=models.CASCADE, related_name="likelihoods")
    value = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=60)
    descriptor = models.CharField(max_length=240, blank=True)

    class Meta:
        ordering = ["matrix", "value"]
        constraints = [
            models.UniqueConstraint(fields=["matrix", "value"], name="likelihood_unique_value"),
            models.CheckConstraint(condition=models.Q(value__gte=1), name="likelihood_value_gte_1"),
        ]

    def __str__(self) -> str:
        return f"L{self.value} {self.label}"


class ConsequenceLevel(models.Model):
    matrix = models.ForeignKey(RiskMatrix, on_delete=models.CASCADE, related_name="consequences")
    value = models.PositiveSmallIntegerField()
    label = models.CharField(max_length=60)
    finance = models.CharField("finance descriptor", max_length=240, blank=True)
    reputation = models.CharField("reputation descriptor", max_length=240, blank=True)
    health_safety = models.CharField("health & safety descriptor", max_length=240, blank=True)

    class Meta:
        ordering = ["matrix", "value"]
        constraints = [
            models.UniqueConstraint(fields=["matrix", "value"], name="consequence_unique_value"),
            models.CheckConstraint(
                condition=models.Q(value__gte=1), name="consequence_value_gte_1"
            ),
        ]

    def __str__(self) -> str:
        return f"C{self.value} {self.label}"

    def descriptor(self, dimension: str) -> str:
        return getattr(self, Dimension(dimension).value)


class RiskLevel(models.Model):
    """A band such as High / Medium / Low, with its colours and what it requires."""

    class Code(models.TextChoices):
        LOW = "low", "Low"
        MEDIUM = "medium", "Medium"
        HIGH = "high", "High"

    matrix = models.ForeignKey(RiskMatrix, on_delete=models.CASCADE, related_name="levels")
    code = models.CharField(max_length=10, choices=Code.choices)
    label = models.CharField(max_length=30)
    rank = models.PositiveSmallIntegerField(help_text="1 is the lowest level.")
    colour = models.CharField(max_length=7, help_text="Background colour, #rrggbb.")
    text_colour = models.CharField(max_length=7, default="#000000")
    requirement = models.CharField(max_length=240, help_text="What a risk at this level needs.")
    needs_supervisor = models.BooleanField(default=False)

    class Meta:
        ordering = ["matrix", "rank"]
        constraints = [
            models.UniqueConstraint(fields=["matrix", "code"], name="level_unique_code"),
            models.UniqueConstraint(fields=["matrix", "rank"], name="level_unique_rank"),
        ]

    #: Each code's rank, as every matrix's ``rank`` orders them (1 is the lowest). The one
    #: place that knows the order of the codes: lists, sorting and badges read it from here.
    RANKS = {Code.LOW.value: 1, Code.MEDIUM.value: 2, Code.HIGH.value: 3}

    def __str__(self) -> str:
        return self.label

    @classmethod
    def codes_highest_first(cls) -> list[str]:
        """``["high", "medium", "low"]``: the codes in the order pages list them."""
        return sorted(cls.RANKS, key=cls.RANKS.__getitem__, reverse=True)

    @classmethod
    def rank_of(cls, field: str) -> models.Case:
        """A query expression: the rank of the level code in ``field`` (0 for none)."""
        return models.Case(
            *(
                models.When(**{field: code}, then=models.Value(rank))
                for code, rank in cls.RANKS.items()
            ),
            default=models.Value(0),
            output_field=models.IntegerField(),
        )


class MatrixCell(models.Model):
    matrix = models.ForeignKey(RiskMatrix, on_delete=models.CASCADE, related_name="cells")
    likelihood = models.PositiveSmallIntegerField()
    consequence = models.PositiveSmallIntegerField()
    level = models.ForeignKey(RiskLevel, on_delete=models.PROTECT, related_name="cells")

    class Meta:
        ordering = ["matrix", "-likelihood", "consequence"]
        constraints = [
            models.UniqueConstraint(
                fields=["matrix", "likelihood", "consequence"], name="cell_unique_position"
            ),
        ]

    def __str__(self) -> str:
        return f"L{self.likelihood} x C{self.consequence} -> {self.level}"


# --- Registers ----------------------------------------------------------------------------


class LevelCount(NamedTuple):
    """How many open risks of a register are at one level now."""

    code: str
    label: str
    count: int

    @property
    def text(self) -> str:
        return f"{self.label} {self.count}"


class RegisterQuerySet(TeamScopedQuerySet):
    team_path = "team"

    def active(self):
        return self.exclude(status=Register.Status.ARCHIVED)

    def with_level_counts(self):
        """Each register with its open risks per current level (residual, else inherent).

        Adds ``risks_total``, ``risks_unrated`` and ``risks_<code>`` for every level code,
        in the one query that fetches the registers.
        """
        open_risks = models.Q(risks__status="open")
        current = current_field("level_code", through="risks__")
        counts = {
            f"risks_{code}": models.Count("risks", filter=open_risks & Exact(current, code))
            for code in RiskLevel.RANKS
        }
        return self.annotate(
            risks_total=models.Count("risks", filter=open_risks),
            risks_unrated=models.Count("risks", filter=open_risks & IsNull(current, True)),
            **counts,
        )


class Register(models.Model):
    """A team's risk register of one customer-service process."""

    class Status(models.TextChoices):
        DRAFT = "draft", "Draft"
        ACTIVE = "active", "Active"
        ARCHIVED = "archived", "Archived"

    class Customers(models.TextChoices):
        EXTERNAL = "external", "External customers"
        INTERNAL = "internal", "Internal customers"
        BOTH = "both", "Internal and external customers"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    team = models.ForeignKey(Team, on_delete=models.CASCADE, related_name="registers")
    title = models.CharField(max_length=160)
    organisation = models.CharField(max_length=160, blank=True)
    service = models.CharField(max_length=160, blank=True, help_text="The service assessed.")
    customers = models.CharField(
        max_length=10, choices=Customers.choices, default=Customers.EXTERNAL
    )
    scope = models.TextField(blank=True, help_text="What the register covers and leaves out.")
    context = models.TextField(blank=True, help_text="The setting, the customers, the pressures.")
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="owned_registers",
    )
    matrix = models.ForeignKey(RiskMatrix, on_delete=models.PROTECT, related_name="registers")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.DRAFT)
    review_months_high = models.PositiveSmallIntegerField(default=1)
    review_months_medium = models.PositiveSmallIntegerField(default=3)
    review_months_low = models.PositiveSmallIntegerField(default=6)
    version = models.PositiveIntegerField(default=1, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    objects = RegisterQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["team__name", "title"]
        constraints = [
            models.UniqueConstraint(fields=["team", "title"], name="register_unique_title"),
            models.CheckConstraint(
                condition=models.Q(review_months_high__gte=1)
                & models.Q(review_months_medium__gte=1)
                & models.Q(review_months_low__gte=1),
                name="register_review_months_positive",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("dashboard:register", kwargs={"register_id": self.pk})

    def review_months(self, level_code: str) -> int:
        """Months between reviews for a risk at ``level_code`` (low / medium / high)."""
        return self.cadence[RiskLevel.Code(level_code).value]

    @property
    def cadence(self) -> dict[str, int]:
        """Months between reviews per level code, for ``rating.next_review_date``."""
        return {
            RiskLevel.Code.HIGH.value: self.review_months_high,
            RiskLevel.Code.MEDIUM.value: self.review_months_medium,
            RiskLevel.Code.LOW.value: self.review_months_low,
        }

    @property
    def level_counts(self) -> list[LevelCount]:
        """Its open risks per current level, highest first, from the counts that
        ``Register.objects.with_level_counts()`` added."""
        labels = dict(RiskLevel.Code.choices)
        return [
            LevelCount(code, labels[code], getattr(self, f"risks_{code}"))
            for code in RiskLevel.codes_highest_first()
        ]

    @transaction.atomic
    def archive(self) -> None:
        """Make the register read-only (one locked read, one write, one history row).

        The version moves on, so an edit form opened before the archive cannot save.
        """
        current = Register.objects.select_for_update().get(pk=self.pk)
        current.status = Register.Status.ARCHIVED
        current.version += 1
        current.save()
        self.status, self.version = current.status, current.version

    @property
    def is_archived(self) -> bool:
        return self.status == self.Status.ARCHIVED
