"""The journey map: stages left to right, their risks, and the customer emotion line.

``build_journey_map`` turns stages and risks (already fetched) into plain data: one column
per stage and the geometry of the inline SVG emotion line, whose columns line up with the
stage columns above it. The template draws it; nothing here queries the database.
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

#: px; the stage columns in CSS use the same width. Six stages fit a 1280 px screen; a longer
#: journey scrolls sideways inside its own box, with shadows at the edges that have more.
COLUMN_WIDTH = 204
HEIGHT = 164
TOP = 26  # y of emotion +2
STEP = 26  # px per emotion step, so -2 sits at TOP + 4 * STEP
EMOTIONS = {2: "Very positive", 1: "Positive", 0: "Neutral", -1: "Negative", -2: "Very negative"}


def emotion_y(emotion: int) -> int:
    return TOP + (2 - emotion) * STEP


#: A moment-of-truth note longer than this shows its start, the rest one click away.
NOTE_SHOWN_CHARS = 180

#: Badges drawn per stage; the rest are counted and linked to the stage's risk list. A
#: map of thousands of badges is neither readable nor quick to send.
BADGES_PER_STAGE = 12
_SEVERITY = {"high": 3, "medium": 2, "low": 1, "none": 0}


@dataclass
class MapStage:
    number: int
    stage: object
    x: int
    y: int
    risks: list = field(default_factory=list)

    @property
    def shown_risks(self) -> list:
        """The most severe risks first, at most ``BADGES_PER_STAGE`` of them."""
        ranked = sorted(self.risks, key=lambda risk: -_SEVERITY[level_code(risk)])
        return ranked[:BADGES_PER_STAGE]

    @property
    def hidden_count(self) -> int:
        return max(len(self.risks) - BADGES_PER_STAGE, 0)

    @property
    def emotion_label(self) -> str:
        return EMOTIONS.get(self.stage.emotion, str(self.stage.emotion))

    @property
    def is_moment_of_truth(self) -> bool:
        return self.stage.is_moment_of_truth

    @property
    def note_is_long(self) -> bool:
        """The note does not fit its column in full: the map folds it into a <details>."""
        return len(self.stage.moment_of_truth_note or "") > NOTE_SHOWN_CHARS

    @property
    def star_points(self) -> str:
        """A five-pointed star centred on the point, marking a moment of truth."""
        points = []
        for i in range(10):
            radius = 11 if i % 2 == 0 else 5
            angle = math.pi / 2 + i * math.pi / 5
            points.append(
                f"{self.x + radius * math.cos(angle):.1f},{self.y - radius * math.sin(angle):.1f}"
            )
        return " ".join(points)

    @property
    def risk_summary(self) -> str:
        """For example ``2 risks: R-001 (High), R-004 (Low)``; ``no risks`` when none."""
        if not self.risks:
            return "no risks"
        noun = "risk" if len(self.risks) == 1 else "risks"
        listed = ", ".join(f"{risk.reference} ({level_label(risk)})" for risk in self.shown_risks)
        more = f" and {self.hidden_count} more" if self.hidden_count else ""
        return f"{len(self.risks)} {noun}: {listed}{more}"

    @property
    def text(self) -> str:
        """The stage in words, for the text alternative of the map."""
        parts = [f"Stage {self.number}, {self.stage.name}: customer feels {self.emotion_label}"]
        if self.is_moment_of_truth:
            parts.append(f"moment of truth ({self.stage.moment_of_truth_note})")
        parts.append(self.risk_summary)
        return "; ".join(parts) + "."


@dataclass
class JourneyMap:
    stages: list[MapStage]
    unstaged_risks: list

    @property
    def width(self) -> int:
        return max(len(self.stages), 1) * COLUMN_WIDTH

    @property
    def height(self) -> int:
        return HEIGHT

    @property
    def path(self) -> str:
        """SVG path data joining the stages' emotion points left to right."""
        return " ".join(
            f"{'M' if i == 0 else 'L'}{point.x},{point.y}" for i, point in enumerate(self.stages)
        )

    @property
    def gridlines(self) -> list[tuple[int, str]]:
        return [(emotion_y(value), label) for value, label in EMOTIONS.items()]

    @property
    def moments_of_truth(self) -> list[MapStage]:
        return [point for point in self.stages if point.is_moment_of_truth]

    @property
    def description(self) -> str:
        """The whole line in one sentence per stage (the SVG's ``<desc>``)."""
        return " ".join(point.text for point in self.stages)


def level_label(risk) -> str:
    rating = risk.current_rating
    return rating.level_label if rating else "Not rated"


def level_code(risk) -> str:
    rating = risk.current_rating
    return rating.level_code if rating else "none"


def build_journey_map(stages, risks) -> JourneyMap:
    """Lay out ``stages`` (in journey order) and attach each of ``risks`` to its stage."""
    by_stage = defaultdict(list)
    unstaged = []
    for risk in risks:
        if risk.stage_id is None:
            unstaged.append(risk)
        else:
            by_stage[risk.stage_id].append(risk)
    points = [
        MapStage(
            number=index + 1,
            stage=stage,
            x=index * COLUMN_WIDTH + COLUMN_WIDTH // 2,
            y=emotion_y(stage.emotion),
            risks=by_stage.get(stage.pk, []),
        )
        for index, stage in enumerate(stages)
    ]
    return JourneyMap(stages=points, unstaged_risks=unstaged)
