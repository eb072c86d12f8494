"""What changed between two reviews of a register, read from their snapshots.

A supervisor signing off a review reads what the team changed since the last signed-off
review: risks new to the review, risks whose level or rating moved, and risks reviewed last
time but not this time. Snapshots are plain data (``reviews.build_snapshot``), so this is
a pure comparison; ``previous_signed_off`` finds the review to compare with (one query).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from assessments.models import Review
from registers.rating import explain_stored

TIERS = (("inherent", "Inherent"), ("residual", "Residual"))


@dataclass(frozen=True)
class RatingChange:
    tier: str  # "Inherent" or "Residual"
    before: dict | None
    after: dict | None

    @property
    def level_moved(self) -> bool:
        return (self.before or {}).get("level") != (self.after or {}).get("level")

    @property
    def before_words(self) -> str:
        return explain_stored(self.before) if self.before else "not rated"

    @property
    def after_words(self) -> str:
        return explain_stored(self.after) if self.after else "not rated"


@dataclass(frozen=True)
class RiskChange:
    reference: str
    title: str
    kind: str  # "new", "changed"
    ratings: tuple[RatingChange, ...] = ()


@dataclass
class Changes:
    previous: Review | None
    new: list[RiskChange] = field(default_factory=list)
    changed: list[RiskChange] = field(default_factory=list)
    dropped: list[dict] = field(default_factory=list)
    unchanged: int = 0

    @property
    def any(self) -> bool:
        return bool(self.new or self.changed or self.dropped)


def _rating_key(rating: dict | None):
    if not rating:
        return None
    return tuple(
        rating.get(key) for key in ("likelihood", "finance", "reputation", "health_safety", "level")
    )


def compare(previous: list[dict] | None, current: list[dict]) -> Changes:
    """Risks of ``current`` new since ``previous`` or with a different rating there, and
    risks of ``previous`` that ``current`` leaves out; ``Changes.previous`` is left None."""
    earlier = {entry["risk_id"]: entry for entry in previous or []}
    changes = Changes(previous=None)
    for entry in current or []:
        before = earlier.pop(entry["risk_id"], None)
        if before is None:
            changes.new.append(RiskChange(entry["reference"], entry["title"], "new"))
            continue
        moved = tuple(
            RatingChange(label, before.get(tier), entry.get(tier))
            for tier, label in TIERS
            if _rating_key(before.get(tier)) != _rating_key(entry.get(tier))
        )
        if moved:
            changes.changed.append(RiskChange(entry["reference"], entry["title"], "changed", moved))
        else:
            changes.unchanged += 1
    changes.dropped = list(earlier.values())
    return changes


def previous_signed_off(review: Review) -> Review | None:
    """The register's latest signed-off review held before ``review`` (one query)."""
    return (
        Review.objects.filter(
            register_id=review.register_id, state=Review.State.SIGNED_OFF, date__lte=review.date
        )
        .exclude(pk=review.pk)
        .order_by("-date", "-pk")
        .first()
    )


def since_last_review(review: Review) -> Changes:
    """What changed in ``review``'s snapshot since the previous signed-off review."""
    previous = previous_signed_off(review)
    changes = compare(previous.snapshot if previous else None, review.snapshot)
    changes.previous = previous
    return changes
