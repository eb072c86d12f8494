"""The review workflow: draft -> submitted -> signed off (frozen) or returned (editable).

Each function is atomic, checks who may do it, and raises ``ValidationError`` with a
message a person understands when the step is not allowed; ``sign_off_refusal`` and
``return_refusal`` give that message beforehand, so pages can explain instead of offering
a button that fails. Emails go out after the commit: to the team's supervisors when a
review is submitted, to the submitter when it is signed off or returned.

A signed-off review carries a SHA-256 of its frozen content; ``integrity`` re-computes it
and says whether the review was altered after sign-off.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.emails import absolute_url, send_after_commit
from assessments.models import Review, Risk
from registers.models import Membership


def _instant(moment) -> str:
    """A timestamp in UTC, so a hash does not depend on the zone it was read in."""
    return moment.astimezone(dt.UTC).isoformat()


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
        "assessed_at": _instant(rating.assessed_at),
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
        "signed_off_at": _instant(review.signed_off_at) if review.signed_off_at else None,
        "sign_off_comment": review.sign_off_comment,
    }


def content_hash(review: Review) -> str:
    """SHA-256 of the canonical JSON of ``frozen_content(review)``."""
    canonical = json.dumps(frozen_content(review), sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


def verify(review: Review) -> bool:
    """True if a signed-off review still matches the hash stored when it was signed."""
    return bool(review.content_hash) and review.content_hash == content_hash(review)


ALTERED_MESSAGE = "Snapshot altered after sign-off"


@dataclass(frozen=True)
class Integrity:
    """What the app can say about a review's frozen content."""

    signed_off: bool
    intact: bool
    message: str
    content_hash: str = ""

    @property
    def altered(self) -> bool:
        return self.signed_off and not self.intact


def integrity(review: Review) -> Integrity:
    """Check a review against its stored hash: intact, altered, or not signed off yet.

    No query: it hashes the review as loaded (compare the stored hash with the content).
    """
    if review.state != Review.State.SIGNED_OFF:
        return Integrity(signed_off=False, intact=True, message="Not signed off yet.")
    if verify(review):
        return Integrity(
            signed_off=True,
            intact=True,
            message="Unchanged since sign-off (content hash verified).",
            content_hash=review.content_hash,
        )
    return Integrity(
        signed_off=True,
        intact=False,
        message=(
            f"{ALTERED_MESSAGE}: the review no longer matches the content hash stored when "
            "it was signed off. Treat it as unreliable evidence and tell a site administrator."
        ),
        content_hash=review.content_hash,
    )


def current_entry_rating(entry: dict) -> dict | None:
    """The rating of a snapshot entry that applied then: residual if any, else inherent."""
    return entry.get("residual") or entry.get("inherent")


def high_or_escalated(snapshot: list[dict]) -> int:
    """How many risks in a snapshot were High or escalated to a supervisor."""
    count = 0
    for entry in snapshot or []:
        rating = current_entry_rating(entry) or {}
        if rating.get("level") == "high" or rating.get("escalated"):
            count += 1
    return count


def _role(user, review: Review) -> str | None:
    if not getattr(user, "is_authenticated", False):
        return None
    return (
        Membership.objects.filter(team_id=review.register.team_id, user=user)
        .values_list("role", flat=True)
        .first()
    )


def _decision_refusal(review: Review, by, verb: str) -> str | None:
    if review.state != Review.State.SUBMITTED:
        return (
            f"Only a submitted review can be {verb}; this one is "
            f"{review.get_state_display().lower()}."
        )
    if _role(by, review) != Membership.Role.SUPERVISOR:
        return "Only a supervisor of this register's team can sign off or return its reviews."
    return None


def sign_off_refusal(review: Review, by) -> str | None:
    """Why ``by`` may not sign off ``review`` now, or None if they may (one query)."""
    refusal = _decision_refusal(review, by, "signed off")
    if refusal is None and review.submitted_by_id == by.pk:
        refusal = "You submitted this review, so another supervisor must sign it off."
    return refusal


def return_refusal(review: Review, by) -> str | None:
    """Why ``by`` may not return ``review`` now, or None if they may (one query)."""
    return _decision_refusal(review, by, "returned")


def _locked(review: Review) -> Review:
    # Lock the review's row only: PostgreSQL cannot lock the nullable side of the outer
    # join that select_related("submitted_by") makes.
    return (
        Review.objects.select_for_update(of=("self",))
        .select_related("register__team", "submitted_by")
        .get(pk=review.pk)
    )


def _email_context(review: Review) -> dict:
    return {
        "review": review,
        "register": review.register,
        "team": review.register.team,
        "review_url": absolute_url(
            "assessments:review_detail", register_id=review.register_id, review_id=review.pk
        ),
        "admin_url": absolute_url("admin:assessments_review_change", object_id=review.pk),
    }


@transaction.atomic
def submit_review(*, review: Review, by) -> Review:
    """Take the snapshot of the reviewed risks' ratings and submit for sign-off.

    The team's supervisors (but not the submitter) are emailed after the commit.
    """
    review = _locked(review)
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
    send_after_commit(
        template="review_submitted",
        context={**_email_context(review), "submitter": by},
        recipients=review.register.team.supervisors().exclude(pk=by.pk).order_by("pk"),
    )
    return review


@transaction.atomic
def sign_off_review(*, review: Review, by, comment: str = "") -> Review:
    """Sign off a submitted review: record who and when, freeze it and hash its content.

    The risks whose current rating the snapshot covers are cleared of "awaiting
    supervisor". Nobody signs off a review they submitted. The submitter is emailed
    after the commit.
    """
    review = _locked(review)
    refusal = sign_off_refusal(review, by)
    if refusal:
        raise ValidationError(refusal)
    review.state = Review.State.SIGNED_OFF
    review.signed_off_by = by
    review.signed_off_at = timezone.now()
    review.sign_off_comment = comment.strip()
    review.content_hash = content_hash(review)
    review.version += 1
    review.save()
    covered = {
        entry["risk_id"]: (current_entry_rating(entry) or {}).get("id") for entry in review.snapshot
    }
    for risk in Risk.objects.filter(pk__in=covered).select_related(
        "inherent_rating", "residual_rating"
    ):
        current = risk.current_rating
        if current is not None and current.pk == covered[risk.pk]:
            risk.cleared_rating = current
            risk.save(update_fields=["cleared_rating", "updated_at"])
    if review.submitted_by is not None:
        send_after_commit(
            template="review_signed_off",
            context={**_email_context(review), "supervisor": by},
            recipients=[review.submitted_by],
        )
    return review


@transaction.atomic
def return_review(*, review: Review, by, comment: str) -> Review:
    """Send a submitted review back to the team with a comment saying what to change.

    The submitter is emailed after the commit.
    """
    review = _locked(review)
    refusal = return_refusal(review, by)
    if refusal:
        raise ValidationError(refusal)
    if not comment.strip():
        raise ValidationError("Say what needs changing when you return a review.")
    review.state = Review.State.RETURNED
    review.returned_by = by
    review.returned_at = timezone.now()
    review.return_comment = comment.strip()
    review.version += 1
    review.save()
    if review.submitted_by is not None:
        send_after_commit(
            template="review_returned",
            context={**_email_context(review), "supervisor": by},
            recipients=[review.submitted_by],
        )
    return review
