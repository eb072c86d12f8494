"""The pictures of a register: its two heat maps and its customer journey map.

One builder for the pages (``dashboard``) and the evidence pack (``evidence``): both read
the same cells, counts and levels from here and only draw them differently. The pack
redacts names on the built map (``JourneyMap.redacted``); it never builds its own.

The second heat map and the journey map show each risk at its *current* rating, by the
model's one rule (``Risk.current_rating``: residual where rated, else inherent). Levels come
from the matrix (``MatrixSpec.level_at``, a lookup, never a threshold) or from the stored
rating; nothing here knows a threshold. Reading costs a fixed number of queries: one grouped
query for the heat maps, one narrow query for the risks of the journey map.
"""

from __future__ import annotations

import dataclasses
import math
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property
from urllib.parse import urlencode

from django.db.models import Count, QuerySet

from assessments.models import Risk
from registers.rating import LevelSpec, MatrixSpec, ScaleStep, current_of

# --- Heat maps ------------------------------------------------------------------------------

CURRENT_RULE = "Current rating: residual where rated, else inherent"
TIERS = (
    ("inherent", "Inherent", "Before new actions: the first rating of each risk."),
    ("current", "Current", CURRENT_RULE),
)

Place = tuple[int, int]  # (likelihood, consequence)


@dataclass
class CellCounts:
    """Risks per cell for each tier; the key ``None`` counts the risks not rated in it.

    ``references`` lists the risks of each cell when they were read one by one (the pack
    prints them); ``at_inherent`` counts risks whose current rating is still the inherent.
    """

    counts: dict[str, Counter] = field(
        default_factory=lambda: {tier: Counter() for tier, _, _ in TIERS}
    )
    references: dict[str, dict[Place, list[str]]] = field(
        default_factory=lambda: {tier: defaultdict(list) for tier, _, _ in TIERS}
    )
    at_inherent: int = 0

    def add(self, inherent: Place | None, residual: Place | None, n: int = 1, ref: str = ""):
        current = current_of(residual=residual, inherent=inherent)
        for tier, place in (("inherent", inherent), ("current", current)):
            self.counts[tier][place] += n
            if ref and place is not None:
                self.references[tier][place].append(ref)
        if current is not None and current is inherent:
            self.at_inherent += n


def count_cells(risks: QuerySet) -> CellCounts:
    """Risks per cell for each tier, in one grouped query (no row per risk)."""
    rows = (
        risks.order_by()
        .values_list(
            "inherent_rating__likelihood",
            "inherent_rating__consequence",
            "residual_rating__likelihood",
            "residual_rating__consequence",
        )
        .annotate(n=Count("pk"))
    )
    found = CellCounts()
    for inherent_l, inherent_c, residual_l, residual_c, n in rows:
        found.add(
            (inherent_l, inherent_c) if inherent_l is not None else None,
            (residual_l, residual_c) if residual_l is not None else None,
            n,
        )
    return found


def cells_of(risks: Iterable[Risk]) -> CellCounts:
    """The same counts from risks already read with their ratings, each cell with the
    references of its risks (the evidence pack lists them)."""
    found = CellCounts()
    for risk in risks:
        inherent, residual = risk.inherent_rating, risk.residual_rating
        found.add(
            (inherent.likelihood, inherent.consequence) if inherent else None,
            (residual.likelihood, residual.consequence) if residual else None,
            ref=risk.reference,
        )
    return found


@dataclass(frozen=True)
class Cell:
    likelihood: ScaleStep
    consequence: ScaleStep
    level: LevelSpec
    count: int
    url: str  # empty when the cell holds no risk
    references: tuple[str, ...] = ()  # filled only for the pack

    @property
    def description(self) -> str:
        """What a screen reader hears for the link, e.g. ``2 risks, High``."""
        noun = "risk" if self.count == 1 else "risks"
        return f"{self.count} {noun}, {self.level.label}"


@dataclass(frozen=True)
class GridRow:
    likelihood: ScaleStep
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Grid:
    tier: str
    title: str
    caption: str
    consequences: tuple[ScaleStep, ...]
    rows: tuple[GridRow, ...]  # likelihood from highest to lowest
    unrated: int  # risks without a rating in this tier

    @property
    def total(self) -> int:
        return sum(cell.count for row in self.rows for cell in row.cells)


def cell_url(list_url: str, *, tier: str, likelihood: int, consequence: int) -> str:
    query = urlencode({"tier": tier, "likelihood": likelihood, "consequence": consequence})
    return f"{list_url}?{query}"


def _caption(tier: str, caption: str, counts: CellCounts) -> str:
    if tier != "current":
        return caption
    n = counts.at_inherent
    return f"{caption}; {n} risk{'' if n == 1 else 's'} at inherent."


def build_grids(spec: MatrixSpec, counts: CellCounts, list_url: str = "") -> list[Grid]:
    """One ``Grid`` per tier; ``list_url`` is the risk list (empty: cells are not links)."""
    grids = []
    for tier, title, caption in TIERS:
        tally, refs = counts.counts[tier], counts.references[tier]
        rows = tuple(
            GridRow(
                likelihood=l_step,
                cells=tuple(
                    Cell(
                        likelihood=l_step,
                        consequence=c_step,
                        level=spec.level_at(l_step.value, c_step.value),
                        count=(n := tally[(l_step.value, c_step.value)]),
                        url=cell_url(
                            list_url, tier=tier, likelihood=l_step.value, consequence=c_step.value
                        )
                        if n and list_url
                        else "",
                        references=tuple(refs.get((l_step.value, c_step.value), ())),
                    )
                    for c_step in spec.consequences
                ),
            )
            for l_step in sorted(spec.likelihoods, key=lambda step: -step.value)
        )
        grids.append(
            Grid(
                tier,
                title,
                _caption(tier, caption, counts),
                spec.consequences,
                rows,
                tally[None],
            )
        )
    return grids


# --- The journey map ------------------------------------------------------------------------

#: px; the stage columns in CSS use the same width. Six stages fit a 1280 px screen; a longer
#: journey scrolls sideways inside its own box, with shadows at the edges that have more.
COLUMN_WIDTH = 204
HEIGHT = 164
TOP = 26  # y of emotion +2
STEP = 26  # px per emotion step, so -2 sits at TOP + 4 * STEP
EMOTIONS = {2: "Very positive", 1: "Positive", 0: "Neutral", -1: "Negative", -2: "Very negative"}

#: A moment-of-truth note longer than this shows its start, the rest one click away.
NOTE_SHOWN_CHARS = 180

#: Badges drawn per stage on the page; the rest are counted and linked to the stage's risk
#: list. A map of thousands of badges is neither readable nor quick to send.
BADGES_PER_STAGE = 12

_RISK_FIELDS = (
    "number",
    "title",
    "stage_id",
    "inherent_rating__level_code",
    "inherent_rating__level_label",
    "residual_rating__level_code",
    "residual_rating__level_label",
)
STAGE_FIELDS = (
    "pk",
    "order",
    "name",
    "emotion",
    "is_moment_of_truth",
    "moment_of_truth_note",
    "channels",
)


def emotion_y(emotion: int) -> int:
    return TOP + (2 - emotion) * STEP


@dataclass(frozen=True)
class MapRisk:
    """A risk as the map shows it: reference, title and its current level."""

    number: int
    title: str
    stage_id: int | None
    level: LevelSpec | None  # None: not rated yet

    @property
    def reference(self) -> str:
        return Risk.reference_of(self.number)  # the model's format, on the number alone

    @property
    def level_code(self) -> str:
        return self.level.code if self.level else ""

    @property
    def level_label(self) -> str:
        return self.level.label if self.level else "Not rated"

    @property
    def rank(self) -> int:
        return self.level.rank if self.level else 0


def map_risks(risks: QuerySet, spec: MatrixSpec) -> list[MapRisk]:
    """The risks of ``risks`` in number order, read in one narrow query."""
    found = []
    for number, title, stage_id, i_code, i_label, r_code, r_label in (
        risks.order_by("number").values_list(*_RISK_FIELDS).iterator(chunk_size=2000)
    ):
        current = current_of(
            residual=(r_code, r_label) if r_code else None,
            inherent=(i_code, i_label) if i_code else None,
        )
        found.append(MapRisk(number, title, stage_id, _level(spec, current)))
    return found


def map_risk(risk: Risk, spec: MatrixSpec) -> MapRisk:
    """A risk already read with its ratings (the pack's rows)."""
    rating = risk.current_rating
    current = (rating.level_code, rating.level_label) if rating else None
    return MapRisk(risk.number, risk.title, risk.stage_id, _level(spec, current))


def _level(spec: MatrixSpec, current: tuple[str, str] | None) -> LevelSpec | None:
    """The matrix's level for a stored code; the stored label is what the rating said."""
    if current is None:
        return None
    code, label = current
    try:
        return dataclasses.replace(spec.level(code), label=label)
    except KeyError:  # a code the matrix no longer has: words, neutral colours
        return LevelSpec(code, label, 0, "#ffffff", "#000000", "", False)


@dataclass(frozen=True)
class MapStage:
    number: int
    pk: int | None
    name: str
    emotion: int
    is_moment_of_truth: bool
    moment_of_truth_note: str
    channels: str
    risks: tuple[MapRisk, ...] = ()

    @property
    def x(self) -> int:
        return (self.number - 1) * COLUMN_WIDTH + COLUMN_WIDTH // 2

    @property
    def y(self) -> int:
        return emotion_y(self.emotion)

    @cached_property
    def shown_risks(self) -> tuple[MapRisk, ...]:
        """The most severe risks first, at most ``BADGES_PER_STAGE`` of them."""
        return tuple(sorted(self.risks, key=lambda risk: -risk.rank)[:BADGES_PER_STAGE])

    @property
    def hidden_count(self) -> int:
        return max(len(self.risks) - BADGES_PER_STAGE, 0)

    @property
    def emotion_label(self) -> str:
        return EMOTIONS.get(self.emotion, str(self.emotion))

    @property
    def note_is_long(self) -> bool:
        """The note does not fit its column in full: the map folds it into a <details>."""
        return len(self.moment_of_truth_note or "") > NOTE_SHOWN_CHARS

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

    @cached_property
    def risk_summary(self) -> str:
        """For example ``2 risks: R-001 (High), R-004 (Low)``; ``no risks`` when none."""
        if not self.risks:
            return "no risks"
        noun = "risk" if len(self.risks) == 1 else "risks"
        listed = ", ".join(f"{risk.reference} ({risk.level_label})" for risk in self.shown_risks)
        more = f" and {self.hidden_count} more" if self.hidden_count else ""
        return f"{len(self.risks)} {noun}: {listed}{more}"

    @property
    def text(self) -> str:
        """The stage in words, for the text alternative of the map."""
        parts = [f"Stage {self.number}, {self.name}: customer feels {self.emotion_label}"]
        if self.is_moment_of_truth:
            parts.append(f"moment of truth ({self.moment_of_truth_note})")
        parts.append(self.risk_summary)
        return "; ".join(parts) + "."


@dataclass(frozen=True)
class JourneyMap:
    stages: tuple[MapStage, ...]
    unstaged_risks: tuple[MapRisk, ...]

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

    @property
    def with_unstaged(self) -> tuple[MapStage, ...]:
        """The stages, then a last one holding the risks without a stage (the print map)."""
        if not self.unstaged_risks:
            return self.stages
        loose = MapStage(len(self.stages) + 1, None, "No stage given", 0, False, "", "")
        return (*self.stages, dataclasses.replace(loose, risks=self.unstaged_risks))

    def redacted(self, redact: Callable[[str], str]) -> JourneyMap:
        """The same map with every text a person typed passed through ``redact``."""

        def risk(item: MapRisk) -> MapRisk:
            return dataclasses.replace(item, title=redact(item.title))

        return JourneyMap(
            stages=tuple(
                dataclasses.replace(
                    stage,
                    name=redact(stage.name),
                    moment_of_truth_note=redact(stage.moment_of_truth_note),
                    channels=redact(stage.channels),
                    risks=tuple(map(risk, stage.risks)),
                )
                for stage in self.stages
            ),
            unstaged_risks=tuple(map(risk, self.unstaged_risks)),
        )


def build_journey_map(stages: Iterable, risks: Iterable[MapRisk]) -> JourneyMap:
    """Lay out ``stages`` (in journey order) and attach each of ``risks`` to its stage."""
    by_stage: dict[int, list[MapRisk]] = defaultdict(list)
    unstaged = []
    for risk in risks:
        if risk.stage_id is None:
            unstaged.append(risk)
        else:
            by_stage[risk.stage_id].append(risk)
    return JourneyMap(
        stages=tuple(
            MapStage(
                number=index,
                pk=stage.pk,
                name=stage.name,
                emotion=stage.emotion,
                is_moment_of_truth=stage.is_moment_of_truth,
                moment_of_truth_note=stage.moment_of_truth_note or "",
                channels=stage.channels or "",
                risks=tuple(by_stage.get(stage.pk, ())),
            )
            for index, stage in enumerate(stages, start=1)
        ),
        unstaged_risks=tuple(unstaged),
    )


def register_journey_map(stages: QuerySet, risks: QuerySet, spec: MatrixSpec) -> JourneyMap:
    """The journey map of a register's ``stages`` and ``risks`` (two queries)."""
    return build_journey_map(
        stages.only(*STAGE_FIELDS).order_by("order", "pk"), map_risks(risks, spec)
    )
