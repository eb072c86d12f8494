"""The review workflow: draft -> submitted -> signed off (frozen) or returned (editable).

Each function is atomic, checks who may do it, and raises ``ValidationError`` with a
message a person understands when the step is not allowed; ``sign_off_refusal`` and
``return_refusal`` give that message beforehand, so pages can explain instead of offering
a button that fails. Emails go out after the commit: to the team's supervisors when a
review is submitted, to the submitter when it is signed off or returned.

A signed-off review carries a seal: an HMAC-SHA256 of its frozen content (the fields in
``SEALED_FIELDS``) under a key only this instance holds (``SIGN_OFF_SEAL_KEY``, else one
derived from ``SECRET_KEY``), so a file or a database edit cannot make one. ``integrity``
re-computes it and says whether the review is verified, altered after sign-off, or a
sign-off restored from a backup that this instance cannot vouch for.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.dateformat import format as format_date

from assessments.emails import absolute_url, send_after_commit
from assessments.models import WITNESSABLE_CRITERIA, Review, Risk
from registers.models import Membership
from registers.rating import current_of
from riskportal.people import display_name


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


#: Every field of a review that a sign-off vouches for, in one place: the seal covers these
#: (and the review's and register's ids). A field named here that the model does not have
#: (yet) is left out; ``tests/assessments/test_review_seal.py`` lists the fields that may
#: stay outside the seal and fails on any other field of the model.
SEALED_FIELDS: tuple[str, ...] = (
    "date",
    "reviewer",
    "attendees",
    "minutes",
    "outcome",
    "next_review_date",
    "snapshot",
    "signed_off_by",
    "signed_off_at",
    "sign_off_comment",
    "witness_statement",
    "witnessed_criteria",
    "learner_part",
)

#: One purpose per kind of seal, so a seal of one kind never passes for another.
SIGNED_HERE = "riskportal.review-seal.signed-here"
RESTORED_UNVERIFIED = "riskportal.review-seal.restored-unverified"
BACKUP = "riskportal.review-seal.backup"


def sealed_fields(model=Review) -> list:
    """The model fields of ``SEALED_FIELDS`` that ``model`` has, in that order."""
    names = {f.name: f for f in model._meta.concrete_fields}
    return [names[name] for name in SEALED_FIELDS if name in names]


def _sealed_value(value):
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return _instant(value)
    if isinstance(value, dt.date):
        return value.isoformat()
    return value


def frozen_content(review: Review) -> dict:
    """Everything a sign-off vouches for, keyed by column name (``reviewer_id``...)."""
    content = {"review_id": review.pk, "register_id": str(review.register_id)}
    for field in sealed_fields(type(review)):
        content[field.attname] = _sealed_value(getattr(review, field.attname))
    return content


def canonical(data) -> bytes:
    """The one serialisation a seal is computed over: sorted keys, no spaces, UTF-8; the
    same bytes whatever order a database hands back a JSON object's keys in."""
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode(
        "utf-8"
    )


def seal_keys() -> list[str]:
    """The current seal key first, then the older ones still accepted (rotation)."""
    own = getattr(settings, "SIGN_OFF_SEAL_KEY", "")
    if own:
        return [own, *getattr(settings, "SIGN_OFF_SEAL_FALLBACK_KEYS", [])]
    return [settings.SECRET_KEY, *getattr(settings, "SECRET_KEY_FALLBACKS", [])]


def sign(data, purpose: str) -> str:
    """HMAC-SHA256 of ``canonical(data)`` under the current key, for ``purpose``."""
    return salted_hmac(
        purpose, canonical(data), secret=seal_keys()[0], algorithm="sha256"
    ).hexdigest()


def signature_matches(data, purpose: str, signature) -> bool:
    """True if ``signature`` is the seal of ``data`` for ``purpose`` under any key accepted
    here; an empty or missing signature never matches."""
    if not signature or not isinstance(signature, str):
        return False
    message = canonical(data)
    return any(
        constant_time_compare(
            signature, salted_hmac(purpose, message, secret=key, algorithm="sha256").hexdigest()
        )
        for key in seal_keys()
    )


def content_hash(review: Review) -> str:
    """The seal of a review signed off here: what ``Review.content_hash`` stores."""
    return sign(frozen_content(review), SIGNED_HERE)


def restored_seal(review: Review) -> str:
    """The seal of a sign-off restored from a backup this instance could not verify: it
    still shows later edits, but never passes for a sign-off made or verified here."""
    return sign(frozen_content(review), RESTORED_UNVERIFIED)


class SealStatus:
    NOT_SIGNED_OFF = "not_signed_off"
    VERIFIED = "verified"
    UNVERIFIED_RESTORE = "unverified_restore"
    ALTERED = "altered"


def seal_status(review: Review) -> str:
    """One of ``SealStatus``: the one answer the review page, the admin and the PDF show."""
    if review.state != Review.State.SIGNED_OFF:
        return SealStatus.NOT_SIGNED_OFF
    content = frozen_content(review)
    if signature_matches(content, SIGNED_HERE, review.content_hash):
        return SealStatus.VERIFIED
    if signature_matches(content, RESTORED_UNVERIFIED, review.content_hash):
        return SealStatus.UNVERIFIED_RESTORE
    return SealStatus.ALTERED


def verify(review: Review) -> bool:
    """True if a signed-off review still carries the seal this instance gave it at sign-off
    (or when it verified a restored one); an erased or foreign seal is never verified."""
    return seal_status(review) == SealStatus.VERIFIED


ALTERED_MESSAGE = "Snapshot altered after sign-off"
VERIFIED_MESSAGE = "Unchanged since sign-off (seal verified by this instance)."


def _person(user) -> str:
    return display_name(user, "someone")


@dataclass(frozen=True)
class Integrity:
    """What the app can say about a review's frozen content."""

    status: str
    message: str
    content_hash: str = ""

    @property
    def signed_off(self) -> bool:
        return self.status != SealStatus.NOT_SIGNED_OFF

    @property
    def verified(self) -> bool:
        return self.status == SealStatus.VERIFIED

    @property
    def unverified_restore(self) -> bool:
        return self.status == SealStatus.UNVERIFIED_RESTORE

    @property
    def altered(self) -> bool:
        return self.status == SealStatus.ALTERED

    @property
    def intact(self) -> bool:
        """Nothing changed since the seal was made (a restored sign-off included)."""
        return not self.altered


def integrity(review: Review, *, person: Callable[[object], str] = _person) -> Integrity:
    """The seal status of ``review`` with the sentence to show for it; ``person`` names the
    signer (the PDF passes its own, which may redact names). No query beyond the signer.
    """
    status = seal_status(review)
    if status == SealStatus.NOT_SIGNED_OFF:
        return Integrity(status, "Not signed off yet.")
    if status == SealStatus.VERIFIED:
        return Integrity(status, VERIFIED_MESSAGE, review.content_hash)
    if status == SealStatus.UNVERIFIED_RESTORE:
        when = timezone.localtime(review.signed_off_at)
        return Integrity(
            status,
            f"Signed off on {format_date(when, 'j F Y')} by {person(review.signed_off_by)} "
            "according to the backup; not verified by this instance.",
            review.content_hash,
        )
    return Integrity(
        status,
        f"{ALTERED_MESSAGE}: the review no longer matches the seal stored when it was signed "
        "off. Treat it as unreliable evidence and tell a site administrator.",
        review.content_hash,
    )


def current_entry_rating(entry: dict) -> dict | None:
    """The rating of a snapshot entry that applied then: residual if any, else inherent."""
    return current_of(entry.get("residual"), entry.get("inherent"))


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


def witness_refusal(witness_statement: str, witnessed_criteria) -> str | None:
    """Why a witness statement and the criteria ticked for it cannot be sealed, or None."""
    unknown = set(witnessed_criteria) - set(WITNESSABLE_CRITERIA)
    if unknown:
        return f"These criteria cannot be witnessed: {', '.join(sorted(unknown))}."
    if witnessed_criteria and not witness_statement.strip():
        return (
            "Write what you saw the learner do before ticking the criteria it witnesses: "
            "the statement is the evidence."
        )
    return None


@transaction.atomic
def sign_off_review(
    *,
    review: Review,
    by,
    comment: str = "",
    witness_statement: str = "",
    witnessed_criteria=(),
) -> Review:
    """Sign off a submitted review: record who and when, the comment and the supervisor's
    witness statement (what they saw the learner do) with the criteria it witnesses
    (codes of ``WITNESSABLE_CRITERIA``), freeze it and hash its content.

    The risks whose current rating the snapshot covers are cleared of "awaiting
    supervisor". Nobody signs off a review they submitted. The submitter is emailed
    after the commit.
    """
    review = _locked(review)
    refusal = sign_off_refusal(review, by) or witness_refusal(witness_statement, witnessed_criteria)
    if refusal:
        raise ValidationError(refusal)
    review.state = Review.State.SIGNED_OFF
    review.signed_off_by = by
    review.signed_off_at = timezone.now()
    review.sign_off_comment = comment.strip()
    review.witness_statement = witness_statement.strip()
    ticked = set(witnessed_criteria)
    review.witnessed_criteria = [code for code in WITNESSABLE_CRITERIA if code in ticked]
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
