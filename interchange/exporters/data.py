"""The rows of each export sheet, read with a fixed number of queries.

Columns are (header, width in characters, kind, getter). The headers of the risks sheet
are the import's field names, so an export imports back without any mapping.
"""

from __future__ import annotations

from dataclasses import dataclass

from assessments import reviews
from assessments.models import Action, Assessment, AwarenessRecord, Consultation, Review, Risk
from registers.models import Register
from riskportal.people import display_name

TEXT, DATE, NUMBER, LEVEL, DATETIME = "text", "date", "number", "level", "datetime"


@dataclass(frozen=True)
class Column:
    header: str
    width: int
    kind: str
    get: object  # callable(row) -> value


def _user(user) -> str:
    return display_name(user)


def _rating_columns(tier: str, attr: str) -> list[Column]:
    def part(name):
        return lambda risk: getattr(getattr(risk, attr), name) if getattr(risk, attr) else None

    title = tier.capitalize()
    return [
        Column(f"{title} likelihood", 11, NUMBER, part("likelihood")),
        Column(f"{title} finance consequence", 11, NUMBER, part("consequence_finance")),
        Column(f"{title} reputation consequence", 11, NUMBER, part("consequence_reputation")),
        Column(
            f"{title} health & safety consequence", 11, NUMBER, part("consequence_health_safety")
        ),
        Column(f"{title} score", 8, NUMBER, part("score")),
        Column(f"{title} level", 10, LEVEL, lambda r: getattr(r, attr)),
        Column(f"{title} rating rationale", 40, TEXT, part("rationale")),
        Column(
            f"{title} rating date",
            12,
            DATE,
            lambda r: getattr(r, attr).assessed_at if getattr(r, attr) else None,
        ),
    ]


RISK_COLUMNS = [
    Column("Reference", 10, TEXT, lambda r: r.reference),
    Column("Title", 40, TEXT, lambda r: r.title),
    Column("Stage", 20, TEXT, lambda r: r.stage.name if r.stage else ""),
    Column("Category", 20, TEXT, lambda r: r.get_category_display()),
    Column("Tags", 20, TEXT, lambda r: "; ".join(r.tags or [])),
    Column("Cause", 40, TEXT, lambda r: r.cause),
    Column("Event", 40, TEXT, lambda r: r.event),
    Column("Consequence", 40, TEXT, lambda r: r.consequence),
    Column("Who is affected", 20, TEXT, lambda r: r.affected),
    Column("Existing controls", 40, TEXT, lambda r: r.existing_controls),
    Column("Customer-service outcome threatened", 25, TEXT, lambda r: r.outcome),
    Column("Owner", 20, TEXT, lambda r: r.owner_display),
    Column("Treatment decision", 18, TEXT, lambda r: r.get_decision_display().split(" (")[0]),
    Column("Decision rationale", 40, TEXT, lambda r: r.decision_rationale),
    Column("Status", 9, TEXT, lambda r: r.get_status_display()),
    *_rating_columns("inherent", "inherent_rating"),
    *_rating_columns("residual", "residual_rating"),
    Column("Next review date", 12, DATE, lambda r: r.next_review_date),
    Column("Notes", 40, TEXT, lambda r: r.notes),
]

RATING_COLUMNS = [
    Column("Risk", 10, TEXT, lambda a: a.risk.reference),
    Column("Tier", 10, TEXT, lambda a: a.get_tier_display().split(" (")[0]),
    Column("Rated at", 17, DATETIME, lambda a: a.assessed_at),
    Column("Likelihood", 11, NUMBER, lambda a: a.likelihood),
    Column("Finance consequence", 11, NUMBER, lambda a: a.consequence_finance),
    Column("Reputation consequence", 11, NUMBER, lambda a: a.consequence_reputation),
    Column("Health & safety consequence", 11, NUMBER, lambda a: a.consequence_health_safety),
    Column("Score", 8, NUMBER, lambda a: a.score),
    Column("Level", 10, LEVEL, lambda a: a),
    Column("Explanation", 45, TEXT, lambda a: a.explanation),
    Column("Rationale", 45, TEXT, lambda a: a.rationale),
    Column("Rated by", 20, TEXT, lambda a: _user(a.assessed_by)),
]

ACTION_COLUMNS = [
    Column("Risks", 14, TEXT, lambda a: "; ".join(r.reference for r in a.risks.all())),
    Column("Description", 45, TEXT, lambda a: a.description),
    Column("Type", 14, TEXT, lambda a: a.get_kind_display()),
    Column("Owner", 20, TEXT, lambda a: a.owner_display),
    Column("Due date", 12, DATE, lambda a: a.due_date),
    Column("Status", 12, TEXT, lambda a: a.get_status_display()),
    Column("Completed on", 12, DATE, lambda a: a.completed_on),
    Column("One-off cost", 12, NUMBER, lambda a: a.cost_one_off),
    Column("Annual cost", 12, NUMBER, lambda a: a.cost_annual),
    Column("Expected annual benefit", 12, NUMBER, lambda a: a.benefit_annual),
    Column("Evidence note", 40, TEXT, lambda a: a.evidence_note),
]

CONSULTATION_COLUMNS = [
    Column("Date", 12, DATE, lambda c: c.date),
    Column("Risk", 10, TEXT, lambda c: c.risk.reference if c.risk else "Whole register"),
    Column("Group", 24, TEXT, lambda c: c.get_group_display()),
    Column("People", 30, TEXT, lambda c: c.people),
    Column("Method", 16, TEXT, lambda c: c.method),
    Column("What was said", 50, TEXT, lambda c: c.summary),
    Column("Actions agreed", 40, TEXT, lambda c: c.actions_agreed),
]

AWARENESS_COLUMNS = [
    Column("Risk", 10, TEXT, lambda a: a.risk.reference),
    Column("Audience", 12, TEXT, lambda a: a.get_audience_display()),
    Column("Method", 16, TEXT, lambda a: a.get_method_display()),
    Column("Date", 12, DATE, lambda a: a.date),
    Column("Delivered by", 20, TEXT, lambda a: a.delivered_by),
    Column("Details", 50, TEXT, lambda a: a.details),
]

REVIEW_COLUMNS = [
    Column("Date", 12, DATE, lambda r: r.date),
    Column("State", 18, TEXT, lambda r: r.get_state_display()),
    Column("Reviewer", 20, TEXT, lambda r: _user(r.reviewer)),
    Column("Attendees", 30, TEXT, lambda r: r.attendees),
    Column("Risks reviewed", 20, TEXT, lambda r: "; ".join(x.reference for x in r.risks.all())),
    Column("Minutes", 50, TEXT, lambda r: r.minutes),
    Column("Outcome", 40, TEXT, lambda r: r.outcome),
    Column("Next review date", 12, DATE, lambda r: r.next_review_date),
    Column("Signed off by", 20, TEXT, lambda r: _user(r.signed_off_by)),
    Column("Signed off at", 17, DATETIME, lambda r: r.signed_off_at),
    Column("Sign-off comment", 30, TEXT, lambda r: r.sign_off_comment),
    Column("Seal (HMAC-SHA256)", 20, TEXT, lambda r: r.content_hash),
    Column("Seal status", 40, TEXT, lambda r: reviews.integrity(r).message),
]


def risks(register: Register):
    return list(
        Risk.objects.filter(register=register)
        .select_related("stage", "owner", "inherent_rating", "residual_rating")
        .order_by("number")
    )


def sheets(register: Register) -> list[tuple[str, list[Column], list]]:
    """(sheet title, columns, rows) for every sheet after the read-me: 9 queries."""
    return [
        ("Risks", RISK_COLUMNS, risks(register)),
        (
            "Rating history",
            RATING_COLUMNS,
            list(
                Assessment.objects.filter(risk__register=register)
                .select_related("risk", "assessed_by")
                .order_by("risk__number", "assessed_at", "pk")
            ),
        ),
        (
            "Actions",
            ACTION_COLUMNS,
            list(
                Action.objects.filter(register=register)
                .select_related("owner")
                .prefetch_related("risks")
                .order_by("pk")
            ),
        ),
        (
            "Consultations",
            CONSULTATION_COLUMNS,
            list(
                Consultation.objects.filter(register=register)
                .select_related("risk")
                .order_by("date", "pk")
            ),
        ),
        (
            "Awareness",
            AWARENESS_COLUMNS,
            list(
                AwarenessRecord.objects.filter(risk__register=register)
                .select_related("risk")
                .order_by("date", "pk")
            ),
        ),
        (
            "Reviews",
            REVIEW_COLUMNS,
            list(
                Review.objects.filter(register=register)
                .select_related("reviewer", "signed_off_by")
                .prefetch_related("risks")
                .order_by("date", "pk")
            ),
        ),
    ]
