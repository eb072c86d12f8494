"""The preset risk matrices, as data. Loaded by migration 0002 and by tests.

Descriptors are written for a customer-service setting: money in pounds, reputation from
a single local complaint to national media, health & safety from no injury to a fatality.
"""

from __future__ import annotations

RED, AMBER, GREEN = "#b3261e", "#ffb300", "#2e7d32"

LEVELS = {
    "high": {
        "label": "High",
        "rank": 3,
        "colour": RED,
        "text_colour": "#ffffff",
        "requirement": "Act now: a supervisor agrees the plan and reviews it monthly.",
        "needs_supervisor": True,
    },
    "medium": {
        "label": "Medium",
        "rank": 2,
        "colour": AMBER,
        "text_colour": "#000000",
        "requirement": "Plan actions to reduce it and review it every quarter.",
        "needs_supervisor": False,
    },
    "low": {
        "label": "Low",
        "rank": 1,
        "colour": GREEN,
        "text_colour": "#ffffff",
        "requirement": "Tolerable with existing controls; keep under routine review.",
        "needs_supervisor": False,
    },
}

LIKELIHOOD_5 = [
    (1, "Rare", "Not expected to happen; less than once in five years."),
    (2, "Unlikely", "Could happen now and then; about once every one to five years."),
    (3, "Possible", "Might well happen; a few times a year."),
    (4, "Likely", "Will probably happen; most months."),
    (5, "Almost certain", "Expected to happen; weekly or more often."),
]

CONSEQUENCE_5 = [
    (
        1,
        "Negligible",
        "Under £100 lost or refunded.",
        "A single customer mildly dissatisfied; resolved at the desk.",
        "No injury, or a near miss.",
    ),
    (
        2,
        "Minor",
        "£100 to £1,000.",
        "A written complaint or a poor online review.",
        "Minor injury treated with first aid.",
    ),
    (
        3,
        "Moderate",
        "£1,000 to £10,000.",
        "Several complaints or local press or social-media attention.",
        "Injury needing medical treatment or time off work.",
    ),
    (
        4,
        "Major",
        "£10,000 to £100,000.",
        "Regional media coverage, loss of a key contract or customer group.",
        "Serious injury reportable under RIDDOR.",
    ),
    (
        5,
        "Severe",
        "Over £100,000.",
        "National media coverage, regulator involvement, lasting loss of trust.",
        "Fatality or permanent disability.",
    ),
]

LIKELIHOOD_4 = [
    (1, "Unlikely", "Not expected in the next few years."),
    (2, "Possible", "Could happen once or twice a year."),
    (3, "Likely", "Will probably happen most months."),
    (4, "Very likely", "Expected weekly or more often."),
]

CONSEQUENCE_4 = [
    (
        1,
        "Minor",
        "Under £500.",
        "A single complaint resolved on the spot.",
        "No injury or first aid only.",
    ),
    (
        2,
        "Moderate",
        "£500 to £5,000.",
        "Written complaints or a poor online review.",
        "Injury needing medical treatment.",
    ),
    (
        3,
        "Major",
        "£5,000 to £50,000.",
        "Local or social-media attention.",
        "Serious injury reportable under RIDDOR.",
    ),
    (
        4,
        "Severe",
        "Over £50,000.",
        "Regional or national media, regulator involved.",
        "Fatality or permanent disability.",
    ),
]

LIKELIHOOD_3 = [
    (1, "Unlikely", "Not expected this year."),
    (2, "Possible", "Could happen a few times a year."),
    (3, "Likely", "Expected most months or more often."),
]

CONSEQUENCE_3 = [
    (
        1,
        "Low",
        "Under £1,000.",
        "Individual complaint, easily put right.",
        "No injury or first aid only.",
    ),
    (
        2,
        "Medium",
        "£1,000 to £25,000.",
        "Repeated complaints or local attention.",
        "Injury needing medical treatment.",
    ),
    (
        3,
        "High",
        "Over £25,000.",
        "Media coverage or regulator involvement.",
        "Serious injury or worse.",
    ),
]


def _score_band(bands):
    """A grid function from score bands: [(max_score, code), ...] in ascending order."""

    def level(likelihood: int, consequence: int) -> str:
        score = likelihood * consequence
        for ceiling, code in bands:
            if score <= ceiling:
                return code
        return bands[-1][1]

    return level


def _grid_4x4(likelihood: int, consequence: int) -> str:
    """Cell-based: a severe consequence is never Low, and likely + major is High.

    Deliberately not a function of the score alone (L1 x C4 = 4 is Medium while
    L2 x C2 = 4 is Low), so the engine must use the lookup.
    """
    grid = {
        4: ["medium", "high", "high", "high"],
        3: ["low", "medium", "high", "high"],
        2: ["low", "low", "medium", "high"],
        1: ["low", "low", "low", "medium"],
    }
    return grid[likelihood][consequence - 1]


PRESETS = [
    {
        "slug": "5x5-standard",
        "name": "5 x 5 standard",
        "description": "Likelihood x consequence on five steps: Low 1-4, Medium 5-12, High 15-25.",
        "likelihoods": LIKELIHOOD_5,
        "consequences": CONSEQUENCE_5,
        "grid": _score_band([(4, "low"), (12, "medium"), (25, "high")]),
    },
    {
        "slug": "4x4-cell",
        "name": "4 x 4 cell-based",
        "description": "Four steps; each cell's level set by hand, weighting severe consequences.",
        "likelihoods": LIKELIHOOD_4,
        "consequences": CONSEQUENCE_4,
        "grid": _grid_4x4,
    },
    {
        "slug": "3x3-simple",
        "name": "3 x 3 simple",
        "description": "Three steps for small teams: Low 1-2, Medium 3-4, High 6-9.",
        "likelihoods": LIKELIHOOD_3,
        "consequences": CONSEQUENCE_3,
        "grid": _score_band([(2, "low"), (4, "medium"), (9, "high")]),
    },
]


def load_presets(RiskMatrix, LikelihoodLevel, ConsequenceLevel, RiskLevel, MatrixCell):
    """Create the preset matrices (version 1) unless they exist; the model classes are
    passed in so that a migration can hand over its historical models."""
    for preset in PRESETS:
        matrix, created = RiskMatrix.objects.get_or_create(
            slug=preset["slug"],
            version=1,
            defaults={
                "name": preset["name"],
                "description": preset["description"],
                "is_preset": True,
                "escalate_top_consequence": True,
            },
        )
        if not created:
            continue
        levels = {
            code: RiskLevel.objects.create(matrix=matrix, code=code, **fields)
            for code, fields in LEVELS.items()
        }
        for value, label, descriptor in preset["likelihoods"]:
            LikelihoodLevel.objects.create(
                matrix=matrix, value=value, label=label, descriptor=descriptor
            )
        for value, label, finance, reputation, health_safety in preset["consequences"]:
            ConsequenceLevel.objects.create(
                matrix=matrix,
                value=value,
                label=label,
                finance=finance,
                reputation=reputation,
                health_safety=health_safety,
            )
        for likelihood, *_ in preset["likelihoods"]:
            for consequence, *_ in preset["consequences"]:
                MatrixCell.objects.create(
                    matrix=matrix,
                    likelihood=likelihood,
                    consequence=consequence,
                    level=levels[preset["grid"](likelihood, consequence)],
                )
