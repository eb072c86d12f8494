"""The rows the consistency checks read: named tuples of only the columns the rules use.

``checks.loading`` reads them with ``values_list`` and builds each in one pass (model
instances would cost more than every rule together on a register of thousands of risks).
``RiskRow.of`` and ``rows_of`` make the same tuples of model rows read elsewhere (the
evidence pack's rows, the risk page's risk), so the rules read one kind of row whoever
read it. A tuple's fields are named as the model fields, lookups and annotations
(``checks.loading.risk_facts`` and friends) they are read from.
"""

from __future__ import annotations

import datetime as dt
from typing import NamedTuple

from assessments.models import Assessment, Risk
from registers.rating import current_of


class RatingRow(NamedTuple):
    """An inherent or residual rating: the ``Assessment`` fields of the same names, and
    the day it was made (the date of ``assessed_at`` in UTC, as stored)."""

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

    # The model's own rules, read from the tuple's fields of the same names.
    review_level = property(Assessment.review_level.fget)
    consequences = property(Assessment.consequences.fget)

    @classmethod
    def of(cls, assessment: Assessment | None) -> RatingRow | None:
        if assessment is None:
            return None
        *stored, _on = cls._fields
        return cls(*(getattr(assessment, name) for name in stored), assessment.assessed_at.date())


#: A rating's stored columns (``assessed_on`` is cast from ``assessed_at`` by the query).
RATING_COLUMNS = RatingRow._fields[:-1]


class RiskRow(NamedTuple):
    pk: int
    number: int
    title: str
    category: str
    affected: str
    decision: str
    status: str
    next_review_date: dt.date | None
    stage_id: int | None
    has_action: bool
    has_done_action: bool
    customer_aware: bool
    last_review: dt.date | None
    residual_explained: bool
    revoked_reference: str | None
    inherent_rating: RatingRow | None
    residual_rating: RatingRow | None

    @property
    def reference(self) -> str:
        return Risk.reference_of(self.number)

    @property
    def current_rating(self) -> RatingRow | None:
        """Residual if there is one, else inherent (as ``Risk.current_rating``)."""
        return current_of(self.residual_rating, self.inherent_rating)

    @classmethod
    def of(cls, risk: Risk) -> RiskRow:
        """The row of a model risk read with both ratings and ``risk_facts``."""
        *own, _inherent, _residual = cls._fields
        return cls(
            *(getattr(risk, name) for name in own),
            RatingRow.of(risk.inherent_rating),
            RatingRow.of(risk.residual_rating),
        )

    @classmethod
    def from_values(cls, values: tuple) -> RiskRow:
        """The row of a ``values_list(*RISK_COLUMNS)`` tuple (a rating's columns are all
        None when the risk has no such rating)."""
        own, rating = len(cls._fields) - 2, len(RatingRow._fields)
        inherent, residual = values[own : own + rating], values[own + rating :]
        return cls(
            *values[:own],
            RatingRow._make(inherent) if inherent[0] is not None else None,
            RatingRow._make(residual) if residual[0] is not None else None,
        )


#: The risk's own columns and facts, then each rating's (see ``from_values``).
RISK_COLUMNS = RiskRow._fields[:-2]


class ActionRow(NamedTuple):
    pk: int
    description: str
    status: str
    revoked_reference: str | None


class ConsultationRow(NamedTuple):
    pk: int
    date: dt.date
    actions_agreed: str


class ReviewRow(NamedTuple):
    pk: int
    state: str
    date: dt.date
    next_review_date: dt.date | None
    minutes: str
    outcome: str
    has_note: bool


class StageRow(NamedTuple):
    pk: int
    name: str


def rows_of(row_type, instances) -> list:
    """Model rows as ``row_type`` tuples: the attributes of the tuple's fields' names."""
    return [row_type._make(getattr(obj, name) for name in row_type._fields) for obj in instances]
