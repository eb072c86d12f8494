"""Reading a rationale: a quick first look (``Cue``) leaves out only texts no pattern reads."""

from __future__ import annotations

import re

import pytest

from checks import reading
from checks.reading import CONCEPTS, FREQUENCY_PATTERNS, Cue

#: Phrases each pattern reads, in several cases, and phrases none reads.
TEXTS = [
    "No-shows: about 8 a week.",
    "It failed on 5 of 8 MONDAYS.",
    "It happens twice a Year.",
    "It happens most months.",
    "it OCCURS weekly",
    "Daily or more",
    "Once every 10 years, maybe; once in 5 to 20 years.",
    "three times a day, a couple of times a fortnight, several times a quarter",
    "two out of the last ten weeks",
    "It happened every quarter.",
    "Checked weekly by the duty manager.",
    "One complaint went to the Local Paper; regional radio; NATIONAL TV coverage.",
    "The regulator would be told; the ico; Information Commissioner; trading standards.",
    "A fatality, deaths, or someone KILLED.",
    "A riddor report; first-aid; First aid.",
    "No regulator interest is likely.",
    "£2,400 at worst, or £5 a visit; £1.5m; £ 50k",
    "Mitigation for risk 12",
    "No rationale given in the imported file.",
    "“Quoted” – with a dash, and a fatality in the week",
    "Once in a blue moon.",
    "",
]


def _every_match(pattern: re.Pattern, texts) -> list[str]:
    return [m.group(0) for text in texts for m in pattern.finditer(text)]


def test_a_cue_finds_its_words_in_any_case_as_ignorecase_does():
    cue = Cue("fortnight", "week", "kelvin")
    for text in [
        "FORTNIGHT",
        "Weekly",
        "a week",
        "nothing here",
        "FORTN\u0130GHT",  # a dotted capital I: IGNORECASE takes it for "i"
        "\u212aelvin",  # the Kelvin sign: IGNORECASE takes it for "k"
        "£5 a WEEK",
    ]:
        expected = re.search("fortnight|week|kelvin", text, re.IGNORECASE) is not None
        assert cue.found_in(text) is expected, text


@pytest.mark.parametrize("text", TEXTS)
def test_the_cues_leave_out_only_texts_no_pattern_reads(text):
    patterns = [pattern for pattern, _function in FREQUENCY_PATTERNS] + [reading._ADVERB]
    if any(pattern.search(text) for pattern in patterns):
        assert reading._UNIT_WORD.found_in(text)
    for concept in CONCEPTS:
        if concept.said.search(text):
            assert Cue(*concept.cues).found_in(text), (concept.name, text)
    if reading._MONEY.search(text):
        assert "£" in text


def test_each_pattern_holds_its_cue():
    """Every match in the phrases above holds a cue: the cues are words of the patterns."""
    frequency_words = _every_match(reading._ADVERB, TEXTS) + [
        phrase for pattern, _f in FREQUENCY_PATTERNS for phrase in _every_match(pattern, TEXTS)
    ]
    assert len(frequency_words) >= 12
    assert all(reading._UNIT_WORD.found_in(phrase) for phrase in frequency_words)
    for concept in CONCEPTS:
        said = _every_match(concept.said, TEXTS)
        assert said, concept.name
        assert all(Cue(*concept.cues).found_in(phrase) for phrase in said), concept.name


def test_the_readings_of_the_phrases():
    assert [f.per_year for f in reading.frequencies("No-shows: about 8 a week.")] == [416]
    assert reading.frequencies("Mitigation for risk 12") == []
    text = "No regulator interest at all, but in the worst case a DEATH."
    assert [(c.name, words) for c, words in reading.named_concepts(text)] == [
        ("a fatality", "DEATH")
    ]
    assert reading.amounts("A refund of £2,400 at worst.") == [(2400, "£2,400")]
    assert reading.amounts("£5 a visit") == [] and reading.amounts("") == []


def test_an_agreed_point_matches_the_action_sharing_most_of_its_words():
    described = {
        pk: reading.words(text)
        for pk, text in {
            1: "Fit a hearing loop at the front desk",
            2: "Hearing loop fitted at the front desk, and advisors trained",
            3: "Repaint the wet-floor signs",
        }.items()
    }
    assert reading.matching_action("Fit a hearing loop at the front desk", described) == 1
    assert reading.matching_action("Train every advisor on the loop", described) is None
    assert reading.matching_action("Repaint the signs", described) == 3
    assert reading.matching_action("Repaint", described) is None  # one word is not enough
