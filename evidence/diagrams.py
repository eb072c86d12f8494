"""Geometry of the customer journey map on an A4 page (SVG).

The map itself (stages, their risks and current levels) is the one the page draws,
``assessments.maps.JourneyMap``; here it is only laid out for print, without a database
or a renderer. Every risk badge carries its reference and level as text, so the map reads
the same in greyscale.
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence
from dataclasses import dataclass

from assessments.maps import MapRisk, MapStage

# SVG user units are points; the map fills the width of a landscape A4 page.
MAP_WIDTH = 750.0
STAGES_PER_ROW = 5
GAP = 14.0
EMOTION_BAND = 46.0
HEADER_LINE = 11.0
BADGE_W, BADGE_H, BADGE_GAP = 62.0, 14.0, 4.0
NAME_CHARS_PER_POINT = 1 / 5.2  # about how many 9pt characters fit in a point of width


@dataclass(frozen=True)
class Badge:
    x: float
    y: float
    risk: MapRisk

    @property
    def text(self) -> str:
        return f"{self.risk.reference} {self.risk.level_label}"

    @property
    def fill(self) -> str:
        return self.risk.level.colour if self.risk.level else "#ffffff"

    @property
    def text_colour(self) -> str:
        return self.risk.level.text_colour if self.risk.level else "#000000"

    @property
    def text_x(self) -> float:
        return self.x + 3.5

    @property
    def text_y(self) -> float:
        return self.y + 10


@dataclass(frozen=True)
class StageBox:
    x: float
    y: float
    width: float
    height: float
    number: int
    name_lines: tuple[str, ...]
    is_moment_of_truth: bool
    emotion: int
    header: float
    badges: tuple[Badge, ...]

    @property
    def left(self) -> float:
        """Where text inside the box starts."""
        return self.x + 6

    @property
    def label_y(self) -> float:
        return self.y + 12

    @property
    def name_baselines(self) -> tuple[tuple[float, str], ...]:
        return tuple(
            (self.y + 26 + HEADER_LINE * index, line) for index, line in enumerate(self.name_lines)
        )

    @property
    def centre(self) -> float:
        return self.x + self.width / 2

    @property
    def emotion_y(self) -> float:
        """Where this stage sits on the emotion line: +2 at the top of the band, -2 low."""
        return 8 + (2 - self.emotion) * (EMOTION_BAND - 16) / 4


@dataclass(frozen=True)
class JourneyRow:
    width: float
    height: float
    stages: tuple[StageBox, ...]

    @property
    def view_box(self) -> str:
        """A little room around the drawing, so thick borders are not clipped."""
        return f"-3 -2 {self.width + 6:.1f} {self.height + 4:.1f}"

    @property
    def neutral_y(self) -> float:
        return 8 + 2 * (EMOTION_BAND - 16) / 4

    @property
    def emotion_path(self) -> str:
        return " ".join(f"{stage.centre:.1f},{stage.emotion_y:.1f}" for stage in self.stages)

    @property
    def arrows(self) -> tuple[str, ...]:
        """Triangles pointing from each stage to the next, as SVG polygon points."""
        y = EMOTION_BAND + 12
        return tuple(
            f"{x - 3:.1f},{y - 5:.1f} {x + 3:.1f},{y:.1f} {x - 3:.1f},{y + 5:.1f}"
            for x in (stage.x + stage.width + GAP / 2 for stage in self.stages[:-1])
        )


def journey_rows(stages: Sequence[MapStage]) -> list[JourneyRow]:
    """Lay the stages out left to right, ``STAGES_PER_ROW`` to a row, risks under each."""
    rows = []
    # Balanced rows: six stages make two rows of three, not five and one.
    row_count = max(1, math.ceil(len(stages) / STAGES_PER_ROW))
    per_row = max(1, math.ceil(len(stages) / row_count))
    width = (MAP_WIDTH - GAP * (per_row - 1)) / per_row
    per_line = max(1, int((width - 8 + BADGE_GAP) // (BADGE_W + BADGE_GAP)))
    chars = max(8, int((width - 12) * NAME_CHARS_PER_POINT))
    for start in range(0, len(stages), per_row):
        chunk = stages[start : start + per_row]
        names = [tuple(textwrap.wrap(stage.name, chars)[:3]) or ("",) for stage in chunk]
        header = 26 + HEADER_LINE * max(len(lines) for lines in names)
        lines = max(math.ceil(len(stage.risks) / per_line) for stage in chunk) or 1
        height = header + lines * (BADGE_H + BADGE_GAP) + 8
        boxes = []
        for index, (stage, name_lines) in enumerate(zip(chunk, names, strict=True)):
            x = index * (width + GAP)
            top = EMOTION_BAND + header + 4
            badges = tuple(
                Badge(
                    x=x + 4 + (n % per_line) * (BADGE_W + BADGE_GAP),
                    y=top + (n // per_line) * (BADGE_H + BADGE_GAP),
                    risk=risk,
                )
                for n, risk in enumerate(stage.risks)
            )
            boxes.append(
                StageBox(
                    x=x,
                    y=EMOTION_BAND,
                    width=width,
                    height=height,
                    number=start + index + 1,
                    name_lines=name_lines,
                    is_moment_of_truth=stage.is_moment_of_truth,
                    emotion=stage.emotion,
                    header=header,
                    badges=badges,
                )
            )
        rows.append(JourneyRow(MAP_WIDTH, EMOTION_BAND + height + 2, tuple(boxes)))
    return rows
