"""The rating engine on every preset, a cell-based grid, escalation and the review rule."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError

from registers.rating import (
    LevelSpec,
    MatrixSpec,
    ScaleStep,
    explain_stored,
    next_review_date,
    rate,
)
from tests.builders import preset

pytestmark = pytest.mark.django_db


def _rate(spec, likelihood, finance, reputation=1, health_safety=1):
    return rate(
        spec,
        likelihood=likelihood,
        finance=finance,
        reputation=reputation,
        health_safety=health_safety,
    )


@pytest.mark.parametrize(
    ("likelihood", "consequence", "score", "level"),
    [
        (1, 1, 1, "low"),
        (2, 2, 4, "low"),
        (1, 4, 4, "low"),
        (5, 1, 5, "medium"),
        (3, 3, 9, "medium"),
        (4, 3, 12, "medium"),
        (5, 3, 15, "high"),
        (4, 4, 16, "high"),
        (5, 5, 25, "high"),
    ],
)
def test_it_bands_the_5x5_by_score(likelihood, consequence, score, level):
    result = _rate(preset("5x5-standard").spec, likelihood, consequence)
    assert (result.score, result.level.code) == (score, level)


def test_it_covers_every_cell_of_every_preset_with_a_level():
    sizes = {"5x5-standard": 5, "4x4-cell": 4, "3x3-simple": 3}
    found = {
        slug: (set(preset(slug).spec.grid), {level.code for level in preset(slug).spec.levels})
        for slug in sizes
    }
    assert found == {
        slug: (
            {(lk, c) for lk in range(1, n + 1) for c in range(1, n + 1)},
            {"low", "medium", "high"},
        )
        for slug, n in sizes.items()
    }


@pytest.mark.parametrize(
    ("likelihood", "consequence", "level"),
    [
        (1, 1, "low"),
        (1, 2, "low"),
        (2, 1, "low"),
        (1, 3, "medium"),
        (2, 2, "medium"),
        (3, 1, "medium"),
        (2, 3, "high"),
        (3, 3, "high"),
    ],
)
def test_it_bands_the_3x3_by_score(likelihood, consequence, level):
    assert _rate(preset("3x3-simple").spec, likelihood, consequence).level.code == level


def test_it_uses_the_cell_not_the_score_on_a_cell_based_grid():
    spec = preset("4x4-cell").spec
    severe_but_unlikely = _rate(spec, 1, 4)
    moderate_and_possible = _rate(spec, 2, 2)
    assert severe_but_unlikely.score == moderate_and_possible.score == 4
    assert severe_but_unlikely.level.code == "medium"
    assert moderate_and_possible.level.code == "low"
    assert _rate(spec, 4, 1).level.code == "medium"
    assert _rate(spec, 3, 3).level.code == "high"


def test_it_takes_the_highest_dimension_and_explains_it():
    result = rate(preset().spec, likelihood=4, finance=2, reputation=3, health_safety=1)
    assert result.consequence == 3
    assert result.driving_dimensions == ("reputation",)
    assert result.explanation == "Likelihood 4 × consequence 3 (reputation) = 12: Medium"


def test_it_names_every_dimension_that_ties_for_highest():
    result = rate(preset().spec, likelihood=2, finance=3, reputation=1, health_safety=3)
    assert (
        result.explanation
        == "Likelihood 2 × consequence 3 (finance and health and safety) = 6: Medium"
    )


def test_it_lists_three_tied_dimensions_with_commas_and_a_final_and():
    result = rate(preset().spec, likelihood=3, finance=4, reputation=4, health_safety=4)
    assert result.explanation == (
        "Likelihood 3 × consequence 4 (finance, reputation and health and safety) = 12: Medium"
    )


def test_it_says_in_full_why_a_rating_was_escalated():
    result = rate(preset().spec, likelihood=1, finance=1, reputation=1, health_safety=5)
    assert result.explanation == (
        "Likelihood 1 × consequence 5 (health and safety) = 5: Medium; escalated to a "
        "supervisor (a consequence at the top of the scale)"
    )


def test_explain_stored_reads_a_snapshot_entry_as_rate_words_it():
    result = rate(preset().spec, likelihood=2, finance=5, reputation=5, health_safety=1)
    entry = {
        "likelihood": 2,
        "finance": 5,
        "reputation": 5,
        "health_safety": 1,
        "score": result.score,
        "level_label": result.level.label,
        "escalated": result.escalated,
    }
    assert explain_stored(entry) == result.explanation
    assert explain_stored({**entry, "escalated": None}).endswith(
        "(finance and reputation) = 10: Medium"
    )


def test_it_names_the_unknown_level_code():
    with pytest.raises(KeyError, match="critical"):
        preset().spec.level("critical")


def test_it_escalates_a_top_consequence_even_when_the_level_is_low():
    result = rate(preset().spec, likelihood=1, finance=1, reputation=1, health_safety=5)
    assert result.level.code == "medium"
    assert result.escalated is True
    assert result.needs_supervisor is True
    assert "escalated to a supervisor" in result.explanation
    assert rate(
        preset("3x3-simple").spec, likelihood=1, finance=3, reputation=1, health_safety=1
    ).escalated


def test_it_does_not_escalate_below_the_top_or_when_the_matrix_says_not_to():
    assert not _rate(preset().spec, 5, 4).escalated
    matrix = preset()
    matrix.escalate_top_consequence = False
    assert not _rate(matrix.spec, 1, 5).escalated


def test_it_needs_a_supervisor_for_high_without_escalation():
    result = _rate(preset().spec, 4, 4)
    assert result.level.code == "high" and not result.escalated and result.needs_supervisor


@pytest.mark.parametrize(
    ("values", "field", "message"),
    [
        ({"likelihood": None}, "likelihood", "Choose a likelihood."),
        ({"likelihood": 6}, "likelihood", "between 1 and 5"),
        ({"likelihood": 0}, "likelihood", "between 1 and 5"),
        ({"finance": 9}, "consequence_finance", "The finance consequence must be between 1"),
        ({"finance": None}, "consequence_finance", "Choose a finance consequence."),
        ({"reputation": "high"}, "consequence_reputation", "The reputation consequence must be"),
        ({"health_safety": ""}, "consequence_health_safety", "Choose a health & safety"),
    ],
)
def test_it_refuses_ratings_off_the_matrix_with_a_readable_message(values, field, message):
    arguments = {"likelihood": 3, "finance": 3, "reputation": 3, "health_safety": 3, **values}
    with pytest.raises(ValidationError) as error:
        rate(preset().spec, **arguments)
    assert message in " ".join(error.value.message_dict[field])


def test_it_refuses_a_4_on_the_3x3():
    with pytest.raises(ValidationError, match="between 1 and 3"):
        _rate(preset("3x3-simple").spec, 4, 1)


def test_it_works_on_a_hand_built_spec_without_the_database():
    low = LevelSpec("low", "Low", 1, "#fff", "#000", "", False)
    high = LevelSpec("high", "High", 2, "#f00", "#fff", "", True)
    spec = MatrixSpec(
        name="2x2",
        likelihoods=(ScaleStep(1, "a", {}), ScaleStep(2, "b", {})),
        consequences=(ScaleStep(1, "x", {}), ScaleStep(2, "y", {})),
        levels=(low, high),
        grid={(1, 1): "low", (1, 2): "high", (2, 1): "high", (2, 2): "high"},
        escalate_top_consequence=False,
    )
    assert _rate(spec, 1, 2).level is high
    assert _rate(spec, 1, 1).level is low


def test_it_reads_the_grid_as_likelihood_then_consequence_on_a_hand_built_spec():
    """An asymmetric grid: a transposed lookup (consequence, likelihood) gives the other cell."""
    low = LevelSpec("low", "Low", 1, "#fff", "#000", "", False)
    high = LevelSpec("high", "High", 2, "#f00", "#fff", "", True)
    spec = MatrixSpec(
        name="2x2 asymmetric",
        likelihoods=(ScaleStep(1, "a", {}), ScaleStep(2, "b", {})),
        consequences=(ScaleStep(1, "x", {}), ScaleStep(2, "y", {})),
        levels=(low, high),
        grid={(1, 1): "low", (1, 2): "low", (2, 1): "high", (2, 2): "high"},
        escalate_top_consequence=False,
    )
    assert _rate(spec, 2, 1).level is high
    assert _rate(spec, 1, 2).level is low


def test_it_reads_an_asymmetric_grid_edited_in_the_admin():
    """Cells of a matrix can be edited: likely-but-minor made High, rare-but-severe made Low."""
    from registers.models import MatrixCell, RiskLevel

    matrix = preset("3x3-simple")
    cells = MatrixCell.objects.filter(matrix=matrix)
    levels = RiskLevel.objects.filter(matrix=matrix)
    high, low = levels.get(code="high"), levels.get(code="low")
    assert cells.filter(likelihood=3, consequence=1).update(level=high) == 1
    assert cells.filter(likelihood=1, consequence=3).update(level=low) == 1
    spec = preset("3x3-simple").spec
    assert _rate(spec, 3, 1).level.code == "high"
    assert _rate(spec, 1, 3).level.code == "low"
    assert spec.level_at(3, 1).code == "high"


@pytest.mark.parametrize(
    ("level", "start", "expected"),
    [
        ("high", dt.date(2026, 1, 15), dt.date(2026, 2, 15)),
        ("medium", dt.date(2026, 1, 15), dt.date(2026, 4, 15)),
        ("low", dt.date(2026, 1, 15), dt.date(2026, 7, 15)),
        ("high", dt.date(2026, 1, 31), dt.date(2026, 2, 28)),
        ("low", dt.date(2026, 8, 31), dt.date(2027, 2, 28)),
        ("medium", dt.date(2027, 11, 30), dt.date(2028, 2, 29)),
        ("high", dt.date(2026, 12, 15), dt.date(2027, 1, 15)),
    ],
)
def test_it_sets_the_next_review_from_the_level(level, start, expected):
    assert next_review_date(level, from_date=start) == expected


def test_it_follows_the_registers_own_cadence(register):
    register.review_months_high = 2
    assert next_review_date(
        "high", from_date=dt.date(2026, 3, 1), cadence=register.cadence
    ) == dt.date(2026, 5, 1)


def test_the_spec_carries_every_field_of_the_matrix_rows():
    """Pages and the PDF draw the matrix from the spec: names, labels, descriptors, colours."""
    matrix = preset()
    spec = matrix.spec
    assert spec.name == str(matrix)
    likelihood = matrix.likelihoods.get(value=2)
    assert spec.likelihood_step(2) == ScaleStep(
        2, likelihood.label, {"likelihood": likelihood.descriptor}
    )
    consequence = matrix.consequences.get(value=3)
    assert spec.consequence_step(3) == ScaleStep(
        3,
        consequence.label,
        {key: getattr(consequence, key) for key in ("finance", "reputation", "health_safety")},
    )
    high = matrix.levels.get(code="high")
    assert spec.level("high") == LevelSpec(
        "high",
        high.label,
        high.rank,
        high.colour,
        high.text_colour,
        high.requirement,
        high.needs_supervisor,
    )
    assert all(step.label for step in spec.likelihoods + spec.consequences)
