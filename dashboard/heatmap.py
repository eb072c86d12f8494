"""The heat map: a register's matrix with the number of risks in each cell.

Two grids, inherent and residual, from one grouped query. Each cell knows its level from
the matrix (``MatrixSpec.level_at``, a lookup, never a threshold) and, when it holds risks,
the address of the risk list filtered to that cell.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from urllib.parse import urlencode

from django.db.models import Count, QuerySet

from registers.rating import LevelSpec, MatrixSpec, ScaleStep

TIERS = (
    ("inherent", "Inherent", "Before new actions: the first rating of each risk."),
    ("residual", "Residual", "After actions: the latest residual rating of each risk."),
)


@dataclass(frozen=True)
class Cell:
    likelihood: ScaleStep
    consequence: ScaleStep
    level: LevelSpec
    count: int
    url: str  # empty when the cell holds no risk

    @property
    def description(self) -> str:
        """What a screen reader hears for the link, e.g. ``2 risks, High``."""
        noun = "risk" if self.count == 1 else "risks"
        return f"{self.count} {noun}, {self.level.label}"


@dataclass(frozen=True)
class Row:
    likelihood: ScaleStep
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Grid:
    tier: str
    title: str
    caption: str
    consequences: tuple[ScaleStep, ...]
    rows: tuple[Row, ...]  # likelihood from highest to lowest
    unrated: int  # risks without a rating in this tier

    @property
    def total(self) -> int:
        return sum(cell.count for row in self.rows for cell in row.cells)


def count_cells(risks: QuerySet) -> dict[str, Counter]:
    """Risks per (likelihood, consequence) for each tier, in one grouped query.

    The key ``None`` counts the risks not rated in that tier.
    """
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
    counts = {tier: Counter() for tier, _, _ in TIERS}
    for inherent_l, inherent_c, residual_l, residual_c, n in rows:
        inherent = (inherent_l, inherent_c) if inherent_l is not None else None
        residual = (residual_l, residual_c) if residual_l is not None else None
        counts["inherent"][inherent] += n
        counts["residual"][residual] += n
    return counts


def cell_url(list_url: str, *, tier: str, likelihood: int, consequence: int) -> str:
    query = urlencode({"tier": tier, "likelihood": likelihood, "consequence": consequence})
    return f"{list_url}?{query}"


def build_grids(spec: MatrixSpec, counts: dict[str, Counter], list_url: str) -> list[Grid]:
    """One ``Grid`` per tier; ``list_url`` is the risk list (empty: cells are not links)."""
    grids = []
    for tier, title, caption in TIERS:
        rows = tuple(
            Row(
                likelihood=l_step,
                cells=tuple(
                    Cell(
                        likelihood=l_step,
                        consequence=c_step,
                        level=spec.level_at(l_step.value, c_step.value),
                        count=(n := counts[tier][(l_step.value, c_step.value)]),
                        url=cell_url(
                            list_url,
                            tier=tier,
                            likelihood=l_step.value,
                            consequence=c_step.value,
                        )
                        if n and list_url
                        else "",
                    )
                    for c_step in spec.consequences
                ),
            )
            for l_step in sorted(spec.likelihoods, key=lambda step: -step.value)
        )
        grids.append(Grid(tier, title, caption, spec.consequences, rows, counts[tier][None]))
    return grids
