"""The register's records as the coverage page reads them: small frozen rows, not models.

A register of 5,000 risks has some 20,000 records the coverage rules look at; building a
model instance for each cost the page most of its time. ``read_rows`` reads only the
columns the rules, the page and the tag form use (``values_list``, one query a kind, as
``load_records`` always read them) into the rows below.

Rows are all of one register, so its id is not read again for each. A row has the
attribute names of its model that the rules read (``risk.category``,
``risk.current_rating``, ``action.has_references``...), so the rules run unchanged on
rows (the page) and on model instances (the PDF pack, which reads its own). ``model``
names the model a row stands for; a row equals another row or a model instance of the
same record, as Django compares model instances. Related rows are attached when read: a
risk's ratings and actions, an awareness record's risk, an annotation's record (a rating
keeps its risk's id and number, which ``RatingRow.risk`` gives as a ``RiskRef``); a
risk's ``current_rating`` is decided once, when it is read.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import ClassVar

from django.db import models
from django.db.models import OuterRef, Subquery

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


@dataclass(frozen=True, slots=True, eq=False)
class StageRow(Row):
    model: ClassVar = Stage
    pk: int
    register_id: int
    name: str
    is_moment_of_truth: bool


@dataclass(frozen=True, slots=True, eq=False)
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


@dataclass(frozen=True, slots=True, eq=False)
class RiskRef:
    """What a rating needs of its risk: where it is, and its reference."""

    pk: int
    register_id: int
    number: int

    @property
    def reference(self) -> str:
        return Risk.reference_of(self.number)


@dataclass(frozen=True, slots=True, eq=False)
class RatingRow(Row):
    model: ClassVar = Assessment
    pk: int
    risk_id: int
    register_id: int
    risk_number: int
    tier: str
    score: int
    explanation: str

    @property
    def risk(self) -> RiskRef:
        return RiskRef(self.risk_id, self.register_id, self.risk_number)


@dataclass(frozen=True, slots=True, eq=False)
class RiskRow(Row):
    model: ClassVar = Risk
    pk: int
    register_id: int
    number: int
    title: str
    category: str
    stage_id: int | None
    cause: str
    event: str
    consequence: str
    decision: str
    owner_id: int | None
    owner_name: str
    identified_how: str
    has_references: bool
    inherent_rating: RatingRow | None
    residual_rating: RatingRow | None
    current_rating: RatingRow | None
    action_list: tuple[ActionRow, ...]

    @property
    def reference(self) -> str:
        return Risk.reference_of(self.number)


@dataclass(frozen=True, slots=True, eq=False)
class ConsultationRow(Row):
    model: ClassVar = Consultation
    pk: int
    register_id: int
    date: object
    group: str
    actions_agreed: str

    def get_group_display(self) -> str:
        return _display(Consultation.Group, self.group)


@dataclass(frozen=True, slots=True, eq=False)
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


@dataclass(frozen=True, slots=True, eq=False)
class ReviewRow(Row):
    model: ClassVar = Review
    pk: int
    register_id: int
    date: object
    minutes: str
    state: str
    witness_statement: str
    witnessed_criteria: list | None


@dataclass(frozen=True, slots=True, eq=False)
class AnnotationRow(Row):
    model: ClassVar = Annotation
    pk: int
    register_id: int
    text: str
    target: Row | None


@dataclass(frozen=True, slots=True, eq=False)
class SwotRow(Row):
    model: ClassVar = SwotItem
    pk: int
    register_id: int
    quadrant: str
    text: str
    is_linked: bool

    def get_quadrant_display(self) -> str:
        return _display(SwotItem.Quadrant, self.quadrant)


@dataclass(frozen=True, slots=True, eq=False)
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


RATING_COLUMNS = ("pk", "tier", "score", "explanation")


def read_rows(register) -> dict[str, list]:
    """The register's stages, risks, actions, consultations, awareness records, reviews,
    annotations, SWOT and PESTLE items as rows (ten queries), by the name
    ``RegisterRecords`` gives each list."""
    stages = [
        StageRow(pk, register.pk, *values)
        for pk, *values in Stage.objects.filter(register=register).values_list(
            "pk", "name", "is_moment_of_truth"
        )
    ]
    action_rows = (
        Action.objects.filter(register=register)
        .annotate(linked=_linked(Action.references.through, "action_id", "reference_id"))
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
        )
    )
    actions = [
        ActionRow(
            pk,
            register.pk,
            words,
            status,
            one_off,
            annual,
            benefit,
            owner,
            name,
            linked is not None,
        )
        for pk, words, status, one_off, annual, benefit, owner, name, linked in action_rows
    ]
    action_by_id = {action.pk: action for action in actions}
    actions_of: dict[int, list[ActionRow]] = {}
    for action_id, risk_id in (
        Action.risks.through.objects.filter(action__register=register)
        .order_by("pk")
        .values_list("action_id", "risk_id")
    ):
        actions_of.setdefault(risk_id, []).append(action_by_id[action_id])
    risks = _read_risks(register, actions_of)
    risk_by_id = {risk.pk: risk for risk in risks}
    reviews = [
        ReviewRow(pk, register.pk, *values)
        for pk, *values in Review.objects.filter(register=register).values_list(
            "pk", "date", "minutes", "state", "witness_statement", "witnessed_criteria"
        )
    ]
    consultations = [
        ConsultationRow(pk, register.pk, *values)
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
    return {
        "stages": stages,
        "risks": risks,
        "actions": actions,
        "consultations": consultations,
        "awareness": [
            AwarenessRow(pk, risk_by_id[risk_id], audience, method)
            for pk, risk_id, audience, method in AwarenessRecord.objects.filter(
                risk__register=register
            ).values_list("pk", "risk_id", "audience", "method")
        ],
        "reviews": reviews,
        "annotations": _read_annotations(register, targets),
        "swot": [
            SwotRow(pk, register.pk, quadrant, text, linked is not None)
            for pk, quadrant, text, linked in SwotItem.objects.filter(register=register)
            .annotate(linked=_linked(SwotItem.risks.through, "swotitem_id", "risk_id"))
            .values_list("pk", "quadrant", "text", "linked")
        ],
        "pestle": [
            PestleRow(pk, register.pk, factor, text, linked is not None)
            for pk, factor, text, linked in PestleItem.objects.filter(register=register)
            .annotate(linked=_linked(PestleItem.risks.through, "pestleitem_id", "risk_id"))
            .values_list("pk", "factor", "text", "linked")
        ],
    }


def _read_risks(register, actions_of: dict[int, list[ActionRow]]) -> list[RiskRow]:
    rows = (
        Risk.objects.filter(register=register)
        .annotate(linked=_linked(Risk.references.through, "risk_id", "reference_id"))
        .values_list(
            "pk",
            "number",
            "title",
            "category",
            "stage_id",
            "cause",
            "event",
            "consequence",
            "decision",
            "owner_id",
            "owner_name",
            "identified_how",
            "linked",
            *(f"inherent_rating__{name}" for name in RATING_COLUMNS),
            *(f"residual_rating__{name}" for name in RATING_COLUMNS),
        )
    )
    register_id = register.pk
    risks = []
    for (
        pk, number, title, category, stage_id, cause, event, consequence, decision,
        owner_id, owner_name, identified_how, linked,
        inherent_id, inherent_tier, inherent_score, inherent_words,
        residual_id, residual_tier, residual_score, residual_words,
    ) in rows:  # fmt: skip
        inherent = residual = None
        if inherent_id is not None:
            inherent = RatingRow(
                inherent_id, pk, register_id, number, inherent_tier, inherent_score, inherent_words
            )
        if residual_id is not None:
            residual = RatingRow(
                residual_id, pk, register_id, number, residual_tier, residual_score, residual_words
            )
        risks.append(
            RiskRow(
                pk, register_id, number, title, category, stage_id, cause, event, consequence,
                decision, owner_id, owner_name, identified_how, linked is not None,
                inherent, residual, current_of(residual, inherent),
                tuple(actions_of[pk]) if pk in actions_of else (),
            )
        )  # fmt: skip
    return risks


def _read_annotations(register, targets: dict[str, dict]) -> list[AnnotationRow]:
    """Annotations with the record each explains (a rating as a row of its own)."""
    rows = Annotation.objects.filter(register=register).values_list(
        "pk",
        "text",
        *(f"{name}_id" for name in ANNOTATION_TARGETS),
        "assessment__risk_id",
        "assessment__risk__number",
        *(f"assessment__{name}" for name in RATING_COLUMNS[1:]),
    )
    count = len(ANNOTATION_TARGETS)
    found = []
    for pk, text, *rest in rows:
        ids, (risk_id, number), rating = rest[:count], rest[count : count + 2], rest[count + 2 :]
        target = None
        for name, target_id in zip(ANNOTATION_TARGETS, ids, strict=True):
            if target_id:
                target = (
                    RatingRow(target_id, risk_id, register.pk, number, *rating)
                    if name == "assessment"
                    else targets[name].get(target_id)
                )
                break
        found.append(AnnotationRow(pk, register.pk, text, target))
    return found
