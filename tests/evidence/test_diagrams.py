"""The journey map's geometry on an A4 page, and the heat maps' references per cell."""

from __future__ import annotations

import pytest

from assessments.maps import CellCounts, MapRisk, MapStage, build_grids
from evidence.diagrams import BADGE_H, MAP_WIDTH, journey_rows
from registers.models import RiskMatrix
from registers.rating import LevelSpec

HIGH = LevelSpec("high", "High", 3, "#b3261e", "#ffffff", "", True)


def _points(n: int) -> tuple[MapRisk, ...]:
    return tuple(MapRisk(i, f"Risk {i}", 1, HIGH) for i in range(1, n + 1))


def _stage(name: str, emotion: int, mot: bool, risks) -> MapStage:
    return MapStage(1, 1, name, emotion, mot, "", "", risks)


def test_it_balances_stages_into_rows_that_fill_the_width():
    stages = [_stage(f"Stage {i}", 0, i == 2, _points(i)) for i in range(6)]
    rows = journey_rows(stages)
    assert [len(row.stages) for row in rows] == [3, 3]
    for row in rows:
        last = row.stages[-1]
        assert last.x + last.width == pytest.approx(MAP_WIDTH)
        assert len(row.arrows) == 2
    assert [stage.number for row in rows for stage in row.stages] == [1, 2, 3, 4, 5, 6]
    assert rows[0].stages[2].is_moment_of_truth


def test_it_keeps_every_badge_inside_its_stage_box():
    rows = journey_rows([_stage("A very long stage name " * 4, -2, False, _points(23))])
    stage = rows[0].stages[0]
    assert len(stage.badges) == 23
    assert len(stage.name_lines) <= 3
    for badge in stage.badges:
        assert stage.x <= badge.x and badge.x + 62 <= stage.x + stage.width
        assert stage.y + stage.header <= badge.y
        assert badge.y + BADGE_H <= stage.y + stage.height
    assert rows[0].height >= stage.y + stage.height


def test_it_draws_the_emotion_line_higher_for_happier_customers():
    rows = journey_rows([_stage("Sad", -2, False, ()), _stage("Happy", 2, False, ())])
    sad, happy = rows[0].stages
    assert happy.emotion_y < rows[0].neutral_y < sad.emotion_y


def test_it_draws_badges_with_the_level_in_words_and_colour():
    (row,) = journey_rows([_stage("Arrival", 0, False, (*_points(1), MapRisk(2, "x", 1, None)))])
    high, unrated = row.stages[0].badges
    assert (high.text, high.fill, high.text_colour) == ("R-001 High", "#b3261e", "#ffffff")
    assert (unrated.text, unrated.fill) == ("R-002 Not rated", "#ffffff")


def test_it_counts_risks_per_cell_with_the_matrixs_levels(db):
    spec = RiskMatrix.objects.get(slug="4x4-cell").spec
    counts = CellCounts()
    for place, reference in (((1, 4), "R-001"), ((1, 4), "R-002"), ((2, 2), "R-003")):
        counts.add(place, None, ref=reference)
    result, _ = build_grids(spec, counts)
    assert result.total == 3
    assert [row.likelihood.value for row in result.rows] == [4, 3, 2, 1]
    cell = result.rows[3].cells[3]  # L1 x C4: Medium on this cell-based matrix
    assert (cell.count, cell.level.code, cell.references) == (2, "medium", ("R-001", "R-002"))
    assert cell.url == ""  # the pack's cells link nowhere
    low = result.rows[2].cells[1]  # L2 x C2 scores the same 4 but is Low
    assert (low.count, low.level.code) == (1, "low")
