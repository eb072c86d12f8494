"""A register's records as small rows, read in ten queries whatever its size: what
the coverage page (``criteria.coverage``) and the consistency checks (``checks.loading``)
judge, one reading for both.

A register of 5,000 risks has some 20,000 records; building a model instance for each
cost the pages most of their time. ``read_rows`` reads only the columns the rules, the
pages and the tag form use (``values_list``, one query a kind) into the rows below; the
few facts the checks ask of a risk (an action, one done, customers told, the last review
held, a note on the residual rating, a revoked reference) are worked out from what it
reads, or read beside the row in the same query.

Rows are all of one register, so its id is not read again for each. A row has the
attribute names of its model (``risk.category``, ``risk.current_rating``,
``rating.assessed_on``...) and of the facts the evidence pack annotates on its model rows
(``risk.has_action``...), so the rules run unchanged on rows (the pages) and on model
instances (the PDF pack, which reads its own). ``model`` names the model a row stands
for; a row equals another row or a model instance of the same record, as Django compares
model instances. Related rows are attached when read: a risk's ratings and actions, an
awareness record's risk, an annotation's record (a rating keeps its risk's id and number,
which ``RatingRow.risk`` gives as a ``RiskRef``); a risk's ``current_rating`` is decided
once, when it is read.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.db.models import DateField, Exists, OuterRef, Subquery
from django.db.models.functions import Cast

from assessments.models import (
    ANNOTATION_TARGETS,
    Action,
    Annotation,
    Assessment,
    AwarenessRecord,
    Consultation,
    PestleItem,
    Review,
    Risk,
    SwotItem,
)
from journeys.models import Stage
from registers.rating import current_of


class Row:
    """What every row shares: its ``model``, and equality with the record it stands for."""

    __slots__ = ()
    model: ClassVar[type[models.Model]]
    pk: int

    def __eq__(self, other) -> bool:
        if isinstance(other, Row):
            return other.model is self.model and other.pk == self.pk
        if isinstance(other, models.Model):
            return other._meta.concrete_model is self.model and other.pk == self.pk
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self.pk)


def model_of(record) -> type[models.Model]:
    """The model ``record`` is an instance of, or stands for (a row)."""
    return record.model if isinstance(record, Row) else type(record)


def _display(choices: type[models.TextChoices], value: str) -> str:
    """``get_FOO_display()`` of a model: the label of ``value``, else ``value`` itself."""
    try:
        return str(choices(value).label)
    except ValueError:
        return value


@dataclass(slots=True, eq=False)
class StageRow(Row):
    model: ClassVar = Stage
    pk: int
    register_id: int
    name: str
    is_moment_of_truth: bool


@dataclass(slots=True, eq=False)
class ActionRow(Row):
    model: ClassVar = Action
    pk: int
    register_id: int
    description: str
    status: str
    cost_one_off: Decimal
    cost_annual: Decimal
    benefit_annual: Decimal
    owner_id: int | None
    owner_name: str
    has_references: bool
    #: The title of the first revoked reference the action cites (by title), or None.
    revoked_reference: str | None


@dataclass(slots=True, eq=False)
class RiskRef:
    """What a rating needs of its risk: where it is, and its reference."""

    pk: int
    register_id: int
    number: int

    @property
    def reference(self) -> str:
        return Risk.reference_of(self.number)


@dataclass(slots=True, eq=False)
class RatingRow(Row):
    """An inherent or residual rating: the ``Assessment`` fields of the same names, its
    risk's id and number, and ``assessed_on`` (as ``Assessment.assessed_on``)."""

    model: ClassVar = Assessment
    pk: int
    risk_id: int
    register_id: int
    risk_number: int
    tier: str
    likelihood: int
    consequence_finance: int
    consequence_reputation: int
    consequence_health_safety: int
    score: int
    level_code: str
    level_label: str
    escalated: bool
    explanation: str
    rationale: str
    assessed_on: dt.date

    # The model's own rules, read from the row's fields of the same names.
    review_level = property(Assessment.review_level.fget)
    consequences = property(Assessment.consequences.fget)

    @property
    def risk(self) -> RiskRef:
        return RiskRef(self.risk_id, self.register_id, self.risk_number)


@dataclass(slots=True, eq=False)
class RiskRow(Row):
    model: ClassVar = Risk
    pk: int
    register_id: int
    number: int
    title: str
    category: str
    stage_id: int | None
    affected: str
    cause: str
    event: str
    consequence: str
    decision: str
    status: str
    next_review_date: dt.date | None
    owner_id: int | None
    owner_name: str
    identified_how: str
    has_references: bool
    #: The title of the first revoked reference the risk cites (by title), or None.
    revoked_reference: str | None
    #: The date of the latest review that took place (``Review.HELD_STATES``) covering it.
    last_review: dt.date | None
    inherent_rating: RatingRow | None
    residual_rating: RatingRow | None
    current_rating: RatingRow | None
    action_list: tuple[ActionRow, ...]
    #: Customers were told of it (an awareness record for customers).
    customer_aware: bool
    #: A note explains its residual rating.
    residual_explained: bool

    @property
    def reference(self) -> str:
        return Risk.reference_of(self.number)

    @property
    def has_action(self) -> bool:
        """An action not cancelled treats it."""
        return any(action.status != Action.Status.CANCELLED for action in self.action_list)

    @property
    def has_done_action(self) -> bool:
        return any(action.status == Action.Status.DONE for action in self.action_list)


@dataclass(slots=True, eq=False)
class ConsultationRow(Row):
    model: ClassVar = Consultation
    pk: int
    register_id: int
    date: dt.date
    group: str
    actions_agreed: str

    def get_group_display(self) -> str:
        return _display(Consultation.Group, self.group)


@dataclass(slots=True, eq=False)
class AwarenessRow(Row):
    model: ClassVar = AwarenessRecord
    pk: int
    risk: RiskRow
    audience: str
    method: str

    def get_audience_display(self) -> str:
        return _display(AwarenessRecord.Audience, self.audience)

    def get_method_display(self) -> str:
        return _display(AwarenessRecord.Method, self.method)

    #: Worded as the record words itself ("Customers told in person").
    __str__ = AwarenessRecord.__str__


@dataclass(slots=True, eq=False)
class ReviewRow(Row):
    model: ClassVar = Review
    pk: int
    register_id: int
    date: dt.date
    next_review_date: dt.date | None
    minutes: str
    outcome: str
    state: str
    witness_statement: str
    witnessed_criteria: list | None
    #: A note explains something of the review.
    has_note: bool


@dataclass(slots=True, eq=False)
class AnnotationRow(Row):
    model: ClassVar = Annotation
    pk: int
    register_id: int
    text: str
    target: Row | None


@dataclass(slots=True, eq=False)
class SwotRow(Row):
    model: ClassVar = SwotItem
    pk: int
    register_id: int
    quadrant: str
    text: str
    is_linked: bool

    def get_quadrant_display(self) -> str:
        return _display(SwotItem.Quadrant, self.quadrant)


@dataclass(slots=True, eq=False)
class PestleRow(Row):
    model: ClassVar = PestleItem
    pk: int
    register_id: int
    factor: str
    text: str
    is_linked: bool

    def get_factor_display(self) -> str:
        return _display(PestleItem.Factor, self.factor)


def _linked(through, column: str, other: str) -> Subquery:
    """The id of one record linked to the row through ``through`` (None when none): what
    ``Exists`` says, read as an id column, which SQLite rows need not be converted for as
    they are for a boolean."""
    links = through.objects.filter(**{column: OuterRef("pk")}).order_by()
    return Subquery(links.values(other)[:1])


def revoked(through, column: str) -> Subquery:
    """The title of the first revoked reference a risk or action cites, or None."""
    return Subquery(
        through.objects.filter(**{column: OuterRef("pk")}, reference__revoked_on__isnull=False)
        .order_by("reference__title")
        .values("reference__title")[:1]
    )


def last_held_review() -> Subquery:
    """The date of the latest review that took place (``Review.HELD_STATES``) covering the
    risk, or None."""
    return Subquery(
        Review.risks.through.objects.filter(
            risk_id=OuterRef("pk"), review__state__in=Review.HELD_STATES
        )
        .order_by("-review__date")
        .values("review__date")[:1]
    )


def risk_facts() -> dict:
    """The facts of a ``RiskRow`` that a model risk lacks, as annotations (one dict for
    ``QuerySet.annotate``): the same answers ``read_rows`` works out for a row."""
    live_actions = Action.objects.filter(risks=OuterRef("pk")).exclude(
        status=Action.Status.CANCELLED
    )
    return {
        "has_action": Exists(live_actions),
        "has_done_action": Exists(live_actions.filter(status=Action.Status.DONE)),
        "customer_aware": Exists(
            AwarenessRecord.objects.filter(
                risk=OuterRef("pk"), audience=AwarenessRecord.Audience.CUSTOMERS
            )
        ),
        "last_review": last_held_review(),
        "residual_explained": Exists(
            Annotation.objects.filter(assessment_id=OuterRef("residual_rating_id"))
        ),
        "revoked_reference": revoked(Risk.references.through, "risk_id"),
    }


def action_facts() -> dict:
    """``ActionRow.revoked_reference`` for a model action, as an annotation."""
    return {"revoked_reference": revoked(Action.references.through, "action_id")}


def review_facts() -> dict:
    """``ReviewRow.has_note`` for a model review, as an annotation."""
    return {"has_note": Exists(Annotation.objects.filter(review_id=OuterRef("pk")))}


#: A rating's columns as read, in the order of ``RatingRow``'s fields from ``tier``; its
#: ``assessed_on`` is the date of the stored (UTC) ``assessed_at``, cast by the query.
RATING_COLUMNS = (
    "tier",
    "likelihood",
    "consequence_finance",
    "consequence_reputation",
    "consequence_health_safety",
    "score",
    "level_code",
    "level_label",
    "escalated",
    "explanation",
    "rationale",
)


def _rating_columns(path: str) -> tuple[dict, list[str]]:
    """The annotation and the columns that read the rating at ``path`` (its id first)."""
    day = f"{path.replace('__', '_')}_on"
    return (
        {day: Cast(f"{path}__assessed_at", DateField())},
        [f"{path}__pk", *(f"{path}__{name}" for name in RATING_COLUMNS), day],
    )


def read_rows(register, *, analysis: bool = True) -> dict[str, list]:
    """The register's stages, risks, actions, consultations, awareness records, reviews,
    annotations, SWOT and PESTLE items as rows (ten queries), each kind in its model's
    order, by the name ``RegisterRecords`` gives each list. Without ``analysis`` the SWOT
    and PESTLE items are not read (eight queries) and have no key."""
    register_id = register.pk
    stages = [
        StageRow(pk, register_id, *values)
        for pk, *values in Stage.objects.filter(register=register).values_list(
            "pk", "name", "is_moment_of_truth"
        )
    ]
    actions = [
        ActionRow(pk, register_id, *values, linked is not None, revoked)
        for pk, *values, linked, revoked in Action.objects.filter(register=register)
        .annotate(
            linked=_linked(Action.references.through, "action_id", "reference_id"),
            revoked=revoked(Action.references.through, "action_id"),
        )
        .values_list(
            "pk",
            "description",
            "status",
            "cost_one_off",
            "cost_annual",
            "benefit_annual",
            "owner_id",
            "owner_name",
            "linked",
            "revoked",
        )
    ]
    action_by_id = {action.pk: action for action in actions}
    actions_of: dict[int, list[ActionRow]] = {}
    for action_id, risk_id in (
        Action.risks.through.objects.filter(action__register=register)
        .order_by("pk")
        .values_list("action_id", "risk_id")
    ):
        actions_of.setdefault(risk_id, []).append(action_by_id[action_id])
    awareness = list(
        AwarenessRecord.objects.filter(risk__register=register).values_list(
            "pk", "risk_id", "audience", "method"
        )
    )
    raw_notes = _read_annotation_values(register)
    notes_on = {
        name: {ids[index] for _pk, _text, ids, _rating in raw_notes if ids[index]}
        for index, name in enumerate(ANNOTATION_TARGETS)
    }
    told = {
        risk_id
        for _pk, risk_id, audience, _method in awareness
        if audience == AwarenessRecord.Audience.CUSTOMERS
    }
    risks = _read_risks(register, actions_of, told, notes_on["assessment"])
    risk_by_id = {risk.pk: risk for risk in risks}
    reviews = [
        ReviewRow(pk, register_id, *values, pk in notes_on["review"])
        for pk, *values in Review.objects.filter(register=register).values_list(
            "pk",
            "date",
            "next_review_date",
            "minutes",
            "outcome",
            "state",
            "witness_statement",
            "witnessed_criteria",
        )
    ]
    consultations = [
        ConsultationRow(pk, register_id, *values)
        for pk, *values in Consultation.objects.filter(register=register).values_list(
            "pk", "date", "group", "actions_agreed"
        )
    ]
    targets = {
        "risk": risk_by_id,
        "action": action_by_id,
        "stage": {stage.pk: stage for stage in stages},
        "consultation": {item.pk: item for item in consultations},
        "review": {review.pk: review for review in reviews},
    }
    rows = {
        "stages": stages,
        "risks": risks,
        "actions": actions,
        "consultations": consultations,
        "awareness": [
            AwarenessRow(pk, risk_by_id[risk_id], audience, method)
            for pk, risk_id, audience, method in awareness
        ],
        "reviews": reviews,
        "annotations": _annotations(register_id, raw_notes, targets),
    }
    if analysis:
        rows["swot"] = [
            SwotRow(pk, register_id, quadrant, text, linked is not None)
            for pk, quadrant, text, linked in SwotItem.objects.filter(register=register)
            .annotate(linked=_linked(SwotItem.risks.through, "swotitem_id", "risk_id"))
            .values_list("pk", "quadrant", "text", "linked")
        ]
        rows["pestle"] = [
            PestleRow(pk, register_id, factor, text, linked is not None)
            for pk, factor, text, linked in PestleItem.objects.filter(register=register)
            .annotate(linked=_linked(PestleItem.risks.through, "pestleitem_id", "risk_id"))
            .values_list("pk", "factor", "text", "linked")
        ]
    return rows


def _rating(values, risk_id: int, register_id: int, number: int) -> RatingRow | None:
    """The ``RatingRow`` of a rating's columns (``_rating_columns``), or None when its id
    is None (no such rating)."""
    if values[0] is None:
        return None
    return RatingRow(values[0], risk_id, register_id, number, *values[1:])


def _read_risks(register, actions_of, told: set[int], explained: set[int]) -> list[RiskRow]:
    """The register's risks by number, with their ratings, actions and facts (one query).

    ``told``: the ids of the risks customers were told of; ``explained``: the ids of the
    ratings a note explains."""
    inherent_day, inherent_columns = _rating_columns("inherent_rating")
    residual_day, residual_columns = _rating_columns("residual_rating")
    rows = (
        Risk.objects.filter(register=register)
        .annotate(
            linked=_linked(Risk.references.through, "risk_id", "reference_id"),
            revoked=revoked(Risk.references.through, "risk_id"),
            last_review=last_held_review(),
            **inherent_day,
            **residual_day,
        )
        .order_by("number")
        .values_list(
            "pk",
            "number",
            "title",
            "category",
            "stage_id",
            "affected",
            "cause",
            "event",
            "consequence",
            "decision",
            "status",
            "next_review_date",
            "owner_id",
            "owner_name",
            "identified_how",
            "linked",
            "revoked",
            "last_review",
            *inherent_columns,
            *residual_columns,
        )
    )
    own, width = 18, len(inherent_columns)
    register_id = register.pk
    risks = []
    for values in rows:
        pk, number = values[0], values[1]
        inherent = _rating(values[own : own + width], pk, register_id, number)
        residual = _rating(values[own + width :], pk, register_id, number)
        risks.append(
            RiskRow(
                pk,
                register_id,
                *values[1:15],
                values[15] is not None,
                values[16],
                values[17],
                inherent,
                residual,
                current_of(residual, inherent),
                tuple(actions_of[pk]) if pk in actions_of else (),
                pk in told,
                residual is not None and residual.pk in explained,
            )
        )
    return risks


def _read_annotation_values(register) -> list[tuple]:
    """Each annotation as (pk, text, the ids of its targets by ``ANNOTATION_TARGETS``,
    the columns of its rating when it explains one)."""
    rating_day, rating_columns = _rating_columns("assessment")
    rows = (
        Annotation.objects.filter(register=register)
        .annotate(**rating_day)
        .values_list(
            "pk",
            "text",
            *(f"{name}_id" for name in ANNOTATION_TARGETS),
            "assessment__risk_id",
            "assessment__risk__number",
            *rating_columns[1:],
        )
    )
    count = len(ANNOTATION_TARGETS)
    return [(pk, text, rest[:count], rest[count:]) for pk, text, *rest in rows]


def _annotations(register_id: int, raw_notes, targets: dict[str, dict]) -> list[AnnotationRow]:
    """Annotations with the record each explains (a rating as a row of its own)."""
    found = []
    for pk, text, ids, (risk_id, number, *rating) in raw_notes:
        target = None
        for name, target_id in zip(ANNOTATION_TARGETS, ids, strict=True):
            if target_id:
                target = (
                    RatingRow(target_id, risk_id, register_id, number, *rating)
                    if name == "assessment"
                    else targets[name].get(target_id)
                )
                break
        found.append(AnnotationRow(pk, register_id, text, target))
    return found
