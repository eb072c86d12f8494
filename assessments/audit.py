"""A risk's audit trail for the risk page: the risk, its ratings, actions, awareness
records and consultations, newest first, as ``riskportal.history.HistoryEntry`` objects.

Render it with ``templates/assessments/_history.html``:
``{% include "assessments/_history.html" with history=history %}``.
"""

from __future__ import annotations

from assessments.models import Action, Assessment, AwarenessRecord, Consultation, Risk
from riskportal.history import EMPTY, FieldChange, HistoryEntry, history_entries

__all__ = ["EMPTY", "FieldChange", "HistoryEntry", "risk_history"]


# --- a risk's history ---------------------------------------------------------------------


def _rating_created(record) -> tuple[FieldChange, ...]:
    return (
        FieldChange("Rating", EMPTY, record.explanation),
        FieldChange("Rationale", EMPTY, record.rationale or EMPTY),
    )


def _rating_subject(record) -> str:
    tier = dict(Assessment.Tier.choices).get(record.tier, record.tier)
    return f"Rating: {tier}"


def risk_history(risk: Risk) -> list[HistoryEntry]:
    """The changes to ``risk`` and its ratings, actions, awareness and consultations.

    Newest first. A fixed number of queries whatever the length of the history.
    """
    action_ids = Action.risks.through.objects.filter(risk_id=risk.pk).values("action_id")
    sources = [
        history_entries(
            Risk.history.filter(id=risk.pk).select_related("history_user"),
            subject=lambda record: f"Risk {record.instance.reference}",
            # Ratings appear as their own entries; these only point at them.
            exclude={"inherent_rating", "residual_rating", "register"},
        ),
        history_entries(
            Assessment.history.filter(risk_id=risk.pk).select_related("history_user"),
            subject=_rating_subject,
            exclude={"risk", "matrix"},
            describe_creation=_rating_created,
        ),
        history_entries(
            Action.history.filter(id__in=action_ids).select_related("history_user"),
            subject=lambda record: f"Action: {record.description[:60]}",
            exclude={"register"},
        ),
        history_entries(
            AwarenessRecord.history.filter(risk_id=risk.pk).select_related("history_user"),
            subject=lambda record: f"Awareness: {record.instance}",
            exclude={"risk"},
        ),
        history_entries(
            Consultation.history.filter(risk_id=risk.pk).select_related("history_user"),
            subject=lambda record: f"Consultation: {record.instance}",
            exclude={"risk", "register"},
        ),
    ]
    entries = [entry for source in sources for entry in source]
    entries.sort(key=lambda entry: entry.when)
    entries.reverse()  # newest first, ties too
    return entries
