"""The journey map's geometry and the heat maps' counts."""

from __future__ import annotations

import pytest

from evidence.diagrams import (
    BADGE_H,
    MAP_WIDTH,
    JourneyStage,
    RiskPoint,
    heat_map,
    journey_rows,
)
from registers.models import RiskMatrix


def _points(n: int) -> tuple[RiskPoint, ...]:
    return tuple(RiskPoint(f"R-{i:03d}", "high", "High", "#b3261e", "#ffffff") for i in range(n))


def test_it_balances_stages_into_rows_that_fill_the_width():
    stages = [JourneyStage(f"Stage {i}", 0, i == 2, _points(i)) for i in range(6)]
    rows = journey_rows(stages)
    assert [len(row.stages) for row in rows] == [3, 3]
    for row in rows:
        last = row.stages[-1]
        assert last.x + last.width == pytest.approx(MAP_WIDTH)
        assert len(row.arrows) == 2
    assert [stage.number for row in rows for stage in row.stages] == [1, 2, 3, 4, 5, 6]
    assert rows[0].stages[2].is_moment_of_truth


def test_it_keeps_every_badge_inside_its_stage_box():
    rows = journey_rows([JourneyStage("A very long stage name " * 4, -2, False, _points(23))])
    stage = rows[0].stages[0]
    assert len(stage.badges) == 23
    assert len(stage.name_lines) <= 3
    for badge in stage.badges:
        assert stage.x <= badge.x and badge.x + 62 <= stage.x + stage.width
        assert stage.y + stage.header <= badge.y
        assert badge.y + BADGE_H <= stage.y + stage.height
    assert rows[0].height >= stage.y + stage.height


def test_it_draws_the_emotion_line_higher_for_happier_customers():
    rows = journey_rows([JourneyStage("Sad", -2, False, ()), JourneyStage("Happy", 2, False, ())])
    sad, happy = rows[0].stages
    assert happy.emotion_y < rows[0].neutral_y < sad.emotion_y


def test_it_counts_risks_per_cell_with_the_matrixs_levels(db):
    spec = RiskMatrix.objects.get(slug="4x4-cell").spec
    result = heat_map(spec, "Inherent", [(1, 4, "R-001"), (1, 4, "R-002"), (2, 2, "R-003")])
    assert result.total == 3
    assert [row.likelihood for row in result.rows] == [4, 3, 2, 1]
    cell = result.rows[3].cells[3]  # L1 x C4: Medium on this cell-based matrix
    assert (cell.count, cell.level_code, cell.references) == (2, "medium", ("R-001", "R-002"))
    low = result.rows[2].cells[1]  # L2 x C2 scores the same 4 but is Low
    assert (low.count, low.level_code) == (1, "low")
