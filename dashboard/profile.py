"""A register's overall risk profile: levels inherent against residual, and their trend.

``level_profile`` is one aggregate query; ``review_trend`` reads the snapshots the reviews
stored when they were submitted, so it shows the ratings as they stood at each review.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet
from django.db.models.lookups import Exact, IsNull

from assessments.reviews import current_entry_rating
from registers.models import RiskLevel
from registers.rating import current_field

LEVELS = RiskLevel.codes_highest_first()
BAR_WIDTH = 240  # px of the widest trend bar


@dataclass(frozen=True)
class ProfileRow:
    code: str
    label: str
    inherent: int
    residual: int
    current: int


def level_profile(risks: QuerySet) -> list[ProfileRow]:
    """Counts of ``risks`` per level: inherent, residual and current (residual, else
    inherent), plus a last row for those not rated yet in each tier. One query."""
    current_level = current_field("level_code")
    aggregates = {}
    for code in [*LEVELS, None]:
        key = code or "none"
        if code is None:
            inherent = Q(inherent_rating__isnull=True)
            residual = Q(residual_rating__isnull=True)
            current = IsNull(current_level, True)
        else:
            inherent = Q(inherent_rating__level_code=code)
            residual = Q(residual_rating__level_code=code)
            current = Exact(current_level, code)
        aggregates[f"inherent_{key}"] = Count("pk", filter=inherent)
        aggregates[f"residual_{key}"] = Count("pk", filter=residual)
        aggregates[f"current_{key}"] = Count("pk", filter=current)
    totals = risks.order_by().aggregate(**aggregates)
    labels = {**dict(RiskLevel.Code.choices), "none": "Not rated"}
    return [
        ProfileRow(
            code=key,
            label=labels[key],
            inherent=totals[f"inherent_{key}"],
            residual=totals[f"residual_{key}"],
            current=totals[f"current_{key}"],
        )
        for key in [*LEVELS, "none"]
    ]


@dataclass(frozen=True)
class Segment:
    code: str
    label: str
    count: int
    x: int
    width: int


@dataclass(frozen=True)
class TrendPoint:
    review: object
    counts: dict[str, int]
    segments: tuple[Segment, ...]

    @property
    def total(self) -> int:
        return sum(self.counts.values())

    @property
    def text(self) -> str:
        return ", ".join(f"{segment.count} {segment.label}" for segment in self.segments)


def _snapshot_level(entry: dict) -> str | None:
    return (current_entry_rating(entry) or {}).get("level")


def review_trend(reviews) -> list[TrendPoint]:
    """Per review (oldest first), the risks it covered per current level at that time,
    with the segments of a stacked bar scaled to the largest review."""
    labels = dict(RiskLevel.Code.choices)
    counted = []
    for review in reviews:
        counts = dict.fromkeys(LEVELS, 0)
        for entry in review.snapshot or []:
            level = _snapshot_level(entry)
            if level in counts:
                counts[level] += 1
        counted.append((review, counts))
    widest = max((sum(counts.values()) for _, counts in counted), default=0) or 1
    points = []
    for review, counts in counted:
        x, segments = 0, []
        for code in LEVELS:
            n = counts[code]
            width = round(BAR_WIDTH * n / widest)
            segments.append(Segment(code, labels[code], n, x, width))
            x += width
        points.append(TrendPoint(review, counts, tuple(segments)))
    return points
