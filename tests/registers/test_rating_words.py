"""A rating in words, as a person writes it, from the one rating function."""

from __future__ import annotations

import pytest

from registers.rating import explain, explain_stored, rate
from tests.builders import preset

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    ("picked", "words"),
    [
        ((3, 1, 1, 4), "Likelihood 3 × consequence 4 (health and safety) = 12: Medium"),
        ((4, 1, 3, 1), "Likelihood 4 × consequence 3 (reputation) = 12: Medium"),
        ((2, 3, 1, 3), "Likelihood 2 × consequence 3 (finance and health and safety) = 6: Medium"),
        (
            (1, 2, 2, 2),
            "Likelihood 1 × consequence 2 (finance, reputation and health and safety) = 2: Low",
        ),
        (
            (2, 5, 1, 1),
            "Likelihood 2 × consequence 5 (finance) = 10: Medium; escalated to a supervisor "
            "(a consequence at the top of the scale)",
        ),
    ],
)
def test_it_writes_a_rating_as_a_person_would(picked, words):
    likelihood, finance, reputation, health_safety = picked
    rating = rate(
        preset().spec,
        likelihood=likelihood,
        finance=finance,
        reputation=reputation,
        health_safety=health_safety,
    )
    assert rating.explanation == words
    for code in ("L1", " x C", "->", "&"):
        assert code not in rating.explanation


def test_a_stored_rating_reads_the_same_as_the_engine_says():
    """A review's snapshot keeps numbers; its words come from the same function."""
    rating = rate(preset().spec, likelihood=5, finance=1, reputation=4, health_safety=4)
    stored = {
        "likelihood": 5,
        "finance": 1,
        "reputation": 4,
        "health_safety": 4,
        "score": 20,
        "level_label": "High",
        "escalated": False,
        "explanation": "L5 x C4 (reputation, health & safety) = 20 -> High",  # as once stored
    }
    assert explain_stored(stored) == rating.explanation
    assert explain_stored(stored) == explain(
        likelihood=5,
        finance=1,
        reputation=4,
        health_safety=4,
        score=20,
        level_label="High",
        escalated=False,
    )
