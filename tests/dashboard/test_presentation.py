"""The plain builders behind the journey map, the heat map and the risk profile."""

from __future__ import annotations

from types import SimpleNamespace

import pytest

from assessments.maps import (
    COLUMN_WIDTH,
    CellCounts,
    MapRisk,
    build_grids,
    build_journey_map,
    cell_url,
    emotion_y,
)
from dashboard.profile import review_trend
from registers.rating import LevelSpec, MatrixSpec, ScaleStep


def _stage(pk, name, emotion=0, mot=False):
    return SimpleNamespace(
        pk=pk,
        name=name,
        emotion=emotion,
        is_moment_of_truth=mot,
        moment_of_truth_note="First impression" if mot else "",
        channels="",
    )


def _risk(number, stage_id, level=None):
    spec = LevelSpec(level, level.title(), 1, "#000", "#fff", "", False) if level else None
    return MapRisk(number, f"Risk {number}", stage_id, spec)


def test_it_lays_stages_out_left_to_right_on_the_emotion_scale():
    stages = [_stage(1, "Book", 2), _stage(2, "Arrive", -2, mot=True), _stage(3, "Swim", 0)]
    journey = build_journey_map(stages, [_risk(1, 2, "high"), _risk(2, 2), _risk(3, None, "low")])
    assert [p.x for p in journey.stages] == [102, 306, 510]
    assert [p.y for p in journey.stages] == [emotion_y(2), emotion_y(-2), emotion_y(0)]
    assert emotion_y(2) < emotion_y(0) < emotion_y(-2)  # positive is drawn higher
    assert journey.width == 3 * COLUMN_WIDTH
    assert journey.path == f"M102,{emotion_y(2)} L306,{emotion_y(-2)} L510,{emotion_y(0)}"
    assert [p.name for p in journey.moments_of_truth] == ["Arrive"]
    assert [r.number for r in journey.unstaged_risks] == [3]


def test_it_describes_the_journey_in_words():
    journey = build_journey_map(
        [_stage(1, "Book", 1), _stage(2, "Arrive", -1, mot=True)],
        [_risk(1, 2, "high"), _risk(2, 2)],
    )
    assert journey.description == (
        "Stage 1, Book: customer feels Positive; no risks. "
        "Stage 2, Arrive: customer feels Negative; moment of truth (First impression); "
        "2 risks: R-001 (High), R-002 (Not rated)."
    )


def test_it_draws_a_star_around_a_moment_of_truth():
    (point,) = build_journey_map([_stage(1, "Arrive", 0, mot=True)], []).stages
    corners = [tuple(map(float, p.split(","))) for p in point.star_points.split()]
    assert len(corners) == 10
    assert all(abs(x - point.x) <= 11 and abs(y - point.y) <= 11 for x, y in corners)


def _spec() -> MatrixSpec:
    low = LevelSpec("low", "Low", 1, "#2e7d32", "#fff", "", False)
    high = LevelSpec("high", "High", 2, "#b3261e", "#fff", "", True)
    steps = tuple(ScaleStep(v, f"S{v}", {}) for v in (1, 2))
    # Cell-based: only the bottom-right cell is High.
    grid = {(1, 1): "low", (1, 2): "high", (2, 1): "low", (2, 2): "low"}
    return MatrixSpec("2x2", steps, steps, (low, high), grid)


def _counts(*risks) -> CellCounts:
    counts = CellCounts()
    for inherent, residual in risks:
        counts.add(inherent, residual)
    return counts


def test_it_builds_grids_from_the_matrix_lookup():
    counts = _counts(((1, 2), None), ((1, 2), None), ((1, 2), (2, 1)), (None, None))
    inherent, current = build_grids(_spec(), counts, "/risks/")
    assert [row.likelihood.value for row in inherent.rows] == [2, 1]
    bottom_right = inherent.rows[1].cells[1]
    assert (bottom_right.level.code, bottom_right.count) == ("high", 3)
    assert bottom_right.url == "/risks/?tier=inherent&likelihood=1&consequence=2"
    assert bottom_right.description == "3 risks, High"
    assert inherent.rows[0].cells[0].url == ""  # empty: no link
    assert (inherent.total, inherent.unrated, current.total, current.unrated) == (3, 1, 3, 1)
    # The current map holds each risk at its residual rating where rated, else inherent.
    assert current.rows[1].cells[1].count == 2 and current.rows[0].cells[0].count == 1
    assert current.rows[0].cells[0].url == "/risks/?tier=current&likelihood=2&consequence=1"
    assert current.caption.endswith("else inherent; 2 risks at inherent.")


def test_it_builds_cells_without_links_when_there_is_no_list_to_go_to():
    (inherent, _) = build_grids(_spec(), _counts(((1, 1), None)), "")
    assert inherent.rows[1].cells[0].url == ""


def test_it_encodes_cell_links():
    assert cell_url("/r/", tier="residual", likelihood=4, consequence=3) == (
        "/r/?tier=residual&likelihood=4&consequence=3"
    )


@pytest.mark.parametrize("residual_first", [True, False])
def test_it_counts_reviews_by_the_level_each_risk_had(residual_first):
    entry = {
        "inherent": {"level": "high"},
        "residual": {"level": "low"} if residual_first else None,
    }
    reviews = [
        SimpleNamespace(snapshot=[entry, {"inherent": {"level": "medium"}, "residual": None}]),
        SimpleNamespace(snapshot=[{"inherent": None, "residual": None}]),
    ]
    first, second = review_trend(reviews)
    expected = (
        {"high": 0, "medium": 1, "low": 1} if residual_first else {"high": 1, "medium": 1, "low": 0}
    )
    assert first.counts == expected
    assert second.counts == {"high": 0, "medium": 0, "low": 0}
    assert sum(s.width for s in first.segments) == 240  # the widest review fills the bar
