"""The review workflow: draft -> submitted -> signed off (frozen) or returned (editable).

Each function is atomic, checks who may do it, and raises ``ValidationError`` with a
message a person understands when the step is not allowed.
"""

from __future__ import annotations

import hashlib
import json

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.models import Review, Risk
from registers.models import Membership


def _rating_dict(rating) -> dict | None:
    if rating is None:
        return None
    return {
        "id": rating.pk,
        "tier": rating.tier,
        "likelihood": rating.likelihood,
        "finance": rating.consequence_finance,
        "reputation": rating.consequence_reputation,
        "health_safety": rating.consequence_health_safety,
        "score": rating.score,
        "level": rating.level_code,
        "level_label": rating.level_label,
        "escalated": rating.escalated,
        "explanation": rating.explanation,
        "assessed_at": rating.assessed_at.isoformat(),
    }


def build_snapshot(risks) -> list[dict]:
    """The ratings of ``risks`` as they stand now, as plain JSON-able data."""
    return [
        {
            "risk_id": risk.pk,
            "reference": risk.reference,
            "title": risk.title,
            "category": risk.category,
            "decision": risk.decision,
            "inherent": _rating_dict(risk.inherent_rating),
            "residual": _rating_dict(risk.residual_rating),
            "needs_supervisor": bool(risk.current_rating and risk.current_rating.needs_supervisor),
        }
        for risk in risks
    ]


def frozen_content(review: Review) -> dict:
    """Everything a sign-off vouches for; its hash proves later that it was not altered."""
    return {
        "review_id": review.pk,
        "register_id": str(review.register_id),
        "date": review.date.isoformat(),
        "reviewer_id": review.reviewer_id,
        "attendees": review.attendees,
        "minutes": review.minutes,
        "outcome": review.outcome,
        "next_review_date": review.next_review_date.isoformat()
        if review.next_review_date
        else None,
        "snapshot": review.snapshot,
        "signed_off_by_id": review.signed_off_by_id,
        "signed_off_at": review.signed_off_at.isoformat() if review.signed_off_at else None,
        "sign_off_comment": review.sign_off_comment,
    }


def content_hash(review: Review) -> str:
    """SHA-256 of the canonical JSON of ``frozen_content(review)``."""
    canonical = json.dumps(frozen_content(review), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def verify(review: Review) -> bool:
    """True if a signed-off review still matches the hash stored when it was signed."""
    return bool(review.content_hash) and review.content_hash == content_hash(review)


def _role(user, review: Review) -> str | None:
    return (
        Membership.objects.filter(team_id=review.register.team_id, user=user)
        .values_list("role", flat=True)
        .first()
    )


@transaction.atomic
def submit_review(*, review: Review, by) -> Review:
    """Take the snapshot of the reviewed risks' ratings and submit for sign-off."""
    review = Review.objects.select_for_update().get(pk=review.pk)
    if not review.is_editable:
        raise ValidationError(
            f"This review is {review.get_state_display().lower()}; "
            "only a draft or returned review can be submitted."
        )
    if _role(by, review) not in Membership.EDITOR_ROLES:
        raise ValidationError("Only a member or supervisor of the team can submit a review.")
    risks = review.risks.select_related("inherent_rating", "residual_rating")
    if not risks:
        raise ValidationError("Choose the risks this review covered before submitting it.")
    review.snapshot = build_snapshot(risks)
    review.state = Review.State.SUBMITTED
    review.submitted_by = by
    review.submitted_at = timezone.now()
    review.version += 1
    review.save()
    return review


def _check_supervisor(review: Review, by, verb: str) -> None:
    """Refuse unless ``review`` is submitted and ``by`` supervises its team."""
    if review.state != Review.State.SUBMITTED:
        raise ValidationError(
            f"Only a submitted review can be {verb}; this one is "
            f"{review.get_state_display().lower()}."
        )
    if _role(by, review) != Membership.Role.SUPERVISOR:
        raise ValidationError(
            "Only a supervisor of this register's team can sign off or return its reviews."
        )


@transaction.atomic
def sign_off_review(*, review: Review, by, comment: str = "") -> Review:
    """Sign off a submitted review: record who and when, freeze it and hash its content.

    The risks whose current rating the snapshot covers are cleared of "awaiting
    supervisor". Nobody signs off a review they submitted.
    """
    review = Review.objects.select_for_update().select_related("register").get(pk=review.pk)
    _check_supervisor(review, by, "signed off")
    if review.submitted_by_id == by.pk:
        raise ValidationError("You submitted this review, so another supervisor must sign it off.")
    review.state = Review.State.SIGNED_OFF
    review.signed_off_by = by
    review.signed_off_at = timezone.now()
    review.sign_off_comment = comment
    review.content_hash = content_hash(review)
    review.version += 1
    review.save()
    covered = {
        entry["risk_id"]: (entry["residual"] or entry["inherent"] or {}).get("id")
        for entry in review.snapshot
    }
    for risk in Risk.objects.filter(pk__in=covered).select_related(
        "inherent_rating", "residual_rating"
    ):
        current = risk.current_rating
        if current is not None and current.pk == covered[risk.pk]:
            risk.cleared_rating = current
            risk.save(update_fields=["cleared_rating", "updated_at"])
    return review


@transaction.atomic
def return_review(*, review: Review, by, comment: str) -> Review:
    """Send a submitted review back to the team with a comment saying what to change."""
    review = Review.objects.select_for_update().select_related("register").get(pk=review.pk)
    _check_supervisor(review, by, "returned")
    if not comment.strip():
        raise ValidationError("Say what needs changing when you return a review.")
    review.state = Review.State.RETURNED
    review.returned_by = by
    review.returned_at = timezone.now()
    review.return_comment = comment
    review.version += 1
    review.save()
    return review
