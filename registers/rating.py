"""The rating engine: the one place that turns a rating into score, level and explanation.

``rate()`` is pure: it takes a ``MatrixSpec`` (plain data, built once from the database by
``MatrixSpec.from_matrix``) and the four numbers a person picked. Pages, the htmx widget,
the PDF, imports and the admin all call it; nothing else knows a threshold.
"""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db.models import F
from django.db.models.functions import Coalesce

DIMENSIONS: tuple[tuple[str, str], ...] = (
    ("finance", "finance"),
    ("reputation", "reputation"),
    ("health_safety", "health & safety"),
)


@dataclass(frozen=True)
class LevelSpec:
    code: str
    label: str
    rank: int
    colour: str
    text_colour: str
    requirement: str
    needs_supervisor: bool


@dataclass(frozen=True)
class ScaleStep:
    value: int
    label: str
    descriptors: dict[str, str]


@dataclass(frozen=True)
class MatrixSpec:
    """A matrix as plain data: the scales and the level of every cell."""

    name: str
    likelihoods: tuple[ScaleStep, ...]
    consequences: tuple[ScaleStep, ...]
    levels: tuple[LevelSpec, ...]
    grid: dict[tuple[int, int], str]  # (likelihood, consequence) -> level code
    escalate_top_consequence: bool = True

    @classmethod
    def from_matrix(cls, matrix) -> MatrixSpec:
        """Read a ``RiskMatrix`` and its rows (four queries)."""
        return cls(
            name=str(matrix),
            likelihoods=tuple(
                ScaleStep(row.value, row.label, {"likelihood": row.descriptor})
                for row in matrix.likelihoods.order_by("value")
            ),
            consequences=tuple(
                ScaleStep(
                    row.value,
                    row.label,
                    {key: getattr(row, key) for key, _ in DIMENSIONS},
                )
                for row in matrix.consequences.order_by("value")
            ),
            levels=tuple(
                LevelSpec(
                    row.code,
                    row.label,
                    row.rank,
                    row.colour,
                    row.text_colour,
                    row.requirement,
                    row.needs_supervisor,
                )
                for row in matrix.levels.order_by("rank")
            ),
            grid={
                (likelihood, consequence): code
                for likelihood, consequence, code in matrix.cells.values_list(
                    "likelihood", "consequence", "level__code"
                )
            },
            escalate_top_consequence=matrix.escalate_top_consequence,
        )

    @property
    def max_likelihood(self) -> int:
        return max(step.value for step in self.likelihoods)

    @property
    def max_consequence(self) -> int:
        return max(step.value for step in self.consequences)

    def level(self, code: str) -> LevelSpec:
        for level in self.levels:
            if level.code == code:
                return level
        raise KeyError(code)

    def level_at(self, likelihood: int, consequence: int) -> LevelSpec:
        return self.level(self.grid[(likelihood, consequence)])

    def likelihood_step(self, value: int) -> ScaleStep:
        return next(step for step in self.likelihoods if step.value == value)

    def consequence_step(self, value: int) -> ScaleStep:
        return next(step for step in self.consequences if step.value == value)


@dataclass(frozen=True)
class Rating:
    """The outcome of rating a risk on a matrix."""

    likelihood: int
    finance: int
    reputation: int
    health_safety: int
    consequence: int  # the highest of the three dimensions
    driving_dimensions: tuple[str, ...]  # which dimensions reached that highest value
    score: int
    level: LevelSpec
    escalated: bool

    @property
    def explanation(self) -> str:
        """For example "Likelihood 4 × consequence 3 (reputation) = 12: Medium"."""
        return explain(
            likelihood=self.likelihood,
            finance=self.finance,
            reputation=self.reputation,
            health_safety=self.health_safety,
            score=self.score,
            level_label=self.level.label,
            escalated=self.escalated,
        )

    @property
    def needs_supervisor(self) -> bool:
        return self.escalated or self.level.needs_supervisor


#: Each dimension as a sentence names it.
DIMENSION_WORDS = {
    "finance": "finance",
    "reputation": "reputation",
    "health_safety": "health and safety",
}


def explain(
    *,
    likelihood: int,
    finance: int,
    reputation: int,
    health_safety: int,
    score: int,
    level_label: str,
    escalated: bool,
) -> str:
    """A rating in words, as a person would write it: "Likelihood 3 × consequence 4 (health
    and safety) = 12: Medium". The overall consequence is the highest dimension, and the
    words name the dimensions that reached it.

    The one wording of a rating: ``Rating.explanation`` (stored with each rating) and the
    snapshots of reviews (``explain_stored``) both come through here.
    """
    values = {"finance": finance, "reputation": reputation, "health_safety": health_safety}
    consequence = max(values.values())
    names = [DIMENSION_WORDS[key] for key, _ in DIMENSIONS if values[key] == consequence]
    drivers = names[0] if len(names) == 1 else f"{', '.join(names[:-1])} and {names[-1]}"
    text = (
        f"Likelihood {likelihood} × consequence {consequence} ({drivers}) = {score}: {level_label}"
    )
    if escalated:
        text += "; escalated to a supervisor (a consequence at the top of the scale)"
    return text


def explain_stored(values: dict) -> str:
    """``explain`` for a rating kept as plain data (a review's snapshot entry, which holds
    ``likelihood``, ``finance``, ``reputation``, ``health_safety``, ``score``,
    ``level_label`` and ``escalated``)."""
    return explain(
        likelihood=values["likelihood"],
        finance=values["finance"],
        reputation=values["reputation"],
        health_safety=values["health_safety"],
        score=values["score"],
        level_label=values["level_label"],
        escalated=bool(values.get("escalated")),
    )


def _as_level(value, name: str, maximum: int, field: str) -> int:
    if value in (None, ""):
        raise ValidationError({field: f"Choose a {name}."})
    try:
        number = int(value)
    except (TypeError, ValueError):
        raise ValidationError({field: f"The {name} must be a whole number."}) from None
    if not 1 <= number <= maximum:
        raise ValidationError(
            {field: f"The {name} must be between 1 and {maximum} on this matrix; got {number}."}
        )
    return number


def rate(spec: MatrixSpec, *, likelihood, finance, reputation, health_safety) -> Rating:
    """Rate a risk: overall consequence is the highest dimension, the level a grid lookup.

    Raises ``ValidationError`` (keyed by field) when a value is missing or off the matrix.
    """
    likelihood = _as_level(likelihood, "likelihood", spec.max_likelihood, "likelihood")
    top = spec.max_consequence
    values = {
        "finance": _as_level(finance, "finance consequence", top, "consequence_finance"),
        "reputation": _as_level(
            reputation, "reputation consequence", top, "consequence_reputation"
        ),
        "health_safety": _as_level(
            health_safety, "health & safety consequence", top, "consequence_health_safety"
        ),
    }
    consequence = max(values.values())
    drivers = tuple(key for key, _ in DIMENSIONS if values[key] == consequence)
    return Rating(
        likelihood=likelihood,
        finance=values["finance"],
        reputation=values["reputation"],
        health_safety=values["health_safety"],
        consequence=consequence,
        driving_dimensions=drivers,
        score=likelihood * consequence,
        level=spec.level_at(likelihood, consequence),
        escalated=spec.escalate_top_consequence and consequence == top,
    )


def add_months(day: dt.date, months: int) -> dt.date:
    """``day`` plus whole calendar months, clamped to the month's end (31 Jan + 1 -> 28 Feb)."""
    month_index = day.month - 1 + months
    year, month = day.year + month_index // 12, month_index % 12 + 1
    return day.replace(
        year=year, month=month, day=min(day.day, calendar.monthrange(year, month)[1])
    )


def next_review_date(level_code: str, *, from_date: dt.date, cadence: dict[str, int] | None = None):
    """When a risk at ``level_code`` is next due for review.

    ``cadence`` maps level codes to months; the defaults are High 1, Medium 3, Low 6.
    """
    months = {"high": 1, "medium": 3, "low": 6, **(cadence or {})}
    return add_months(from_date, months[level_code])


# --- The current rating -------------------------------------------------------------------
# The one rule, in its two forms: a risk's current rating is its residual rating if it has
# one, else its inherent rating. ``current_of`` picks it from values in hand (ratings,
# snapshot entries, the pack's entries); ``current_field`` says the same to the database.


def current_of(residual, inherent):
    """The rating that applies now: ``residual`` if there is one, else ``inherent``."""
    return residual or inherent


def current_field(name: str, *, through: str = "") -> Coalesce:
    """``name`` of the current rating as a query expression (``Coalesce`` of the residual
    and the inherent rating's field), e.g. ``current_field("level_code")``.

    ``through`` is the path to the risk, e.g. ``"risks__"`` from a register; written with
    relation names, so this app needs no import from the apps that build on it.
    """
    return Coalesce(F(f"{through}residual_rating__{name}"), F(f"{through}inherent_rating__{name}"))
