"""Reading the words of a rationale or minutes: how often, how bad, what was agreed.

Plain functions with no database, each returning what it matched so a finding can quote
it. They are deliberately simple: a phrase they miss raises no finding, and a false alarm
is dismissed with a reason.
"""

from __future__ import annotations

import hashlib
import math
import re
from dataclasses import dataclass
from decimal import Decimal

NUMBER_WORDS = {
    "a": 1,
    "an": 1,
    "one": 1,
    "two": 2,
    "three": 3,
    "four": 4,
    "five": 5,
    "six": 6,
    "seven": 7,
    "eight": 8,
    "nine": 9,
    "ten": 10,
    "eleven": 11,
    "twelve": 12,
    "a few": 3,
    "a couple of": 2,
    "several": 4,
}


class Cue:
    """A quick first look for any of some words (lower-case ASCII), in any case: a text
    with none of them is not read pattern by pattern, as none of the patterns can match.

    ASCII text is lowered and searched as it is, far faster than with ``re.IGNORECASE``;
    other text with ``re.IGNORECASE``, as the patterns are, whose matching lowering does
    not follow ("K", the Kelvin sign, matches "k"; "ı" matches "i").
    """

    def __init__(self, *words: str):
        either = "|".join(map(re.escape, words))
        self._lowered = re.compile(either)
        self._any_case = re.compile(either, re.IGNORECASE)

    def found_in(self, text: str) -> bool:
        if text.isascii():
            return self._lowered.search(text.lower()) is not None
        return self._any_case.search(text) is not None


PER_YEAR = {"day": 365, "week": 52, "fortnight": 26, "month": 12, "quarter": 4, "year": 1}
ADVERBS = {"daily": 365, "weekly": 52, "fortnightly": 26, "monthly": 12, "quarterly": 4}
WEEKDAYS = "mondays|tuesdays|wednesdays|thursdays|fridays|saturdays|sundays"

_NUM = (
    r"(\d+(?:\.\d+)?|a few|a couple of|several|an?|one|two|three|four|five|six|seven|eight|"
    r"nine|ten|eleven|twelve)"
)
_UNIT = r"(day|week|fortnight|month|quarter|year)s?"

#: (pattern, function of the match giving events a year), most specific first.
FREQUENCY_PATTERNS: list[tuple[re.Pattern, object]] = []


def _number(text: str) -> float:
    text = text.lower()
    return float(NUMBER_WORDS[text]) if text in NUMBER_WORDS else float(text)


def _pattern(regex: str):
    def register(function):
        FREQUENCY_PATTERNS.append((re.compile(regex, re.IGNORECASE), function))
        return function

    return register


@_pattern(rf"\b{_NUM} (?:of|out of) (?:the )?(?:last )?{_NUM} ({WEEKDAYS}|weeks|months|days)\b")
def _share(m):
    unit = m.group(3).lower()
    per_year = 52 if unit in WEEKDAYS or unit == "weeks" else PER_YEAR[unit.rstrip("s")]
    return _number(m.group(1)) / max(_number(m.group(2)), 1) * per_year


@_pattern(rf"\bonce (?:every|in) {_NUM} (?:to {_NUM} )?years?\b")
def _once_in_years(m):
    low = _number(m.group(1))
    high = _number(m.group(2)) if m.group(2) else low
    return 1 / math.sqrt(low * high)


@_pattern(rf"(?<![£$\d,.])\b{_NUM} (?:times? )?(?:a|an|per|each|every) {_UNIT}\b")
def _per_unit(m):
    return _number(m.group(1)) * PER_YEAR[m.group(2).lower()]


@_pattern(rf"\b(once|twice) (?:a|an|per|each|every) {_UNIT}\b")
def _once_twice(m):
    return (1 if m.group(1).lower() == "once" else 2) * PER_YEAR[m.group(2).lower()]


@_pattern(r"\bmost (weeks|months|days)\b")
def _most(m):
    return PER_YEAR[m.group(1).lower().rstrip("s")] * 0.75


@_pattern(
    r"\b(?:happens?|happened|occurs?|occurred|arises?)\s+(?:about\s+)?"
    r"every (day|week|fortnight|month|quarter|year)\b"
)
def _every(m):
    return PER_YEAR[m.group(1).lower()]


#: "weekly", "monthly"... count only after a verb of happening ("it happens weekly") or
#: before "or more": on their own they mostly describe a control ("a weekly check",
#: "monthly rescue drills"), not how often the risk comes about.
_ADVERB = re.compile(
    r"\b(?:happens?|happened|occurs?|occurred|arises?|seen|comes up)\s+"
    r"(daily|weekly|fortnightly|monthly|quarterly)\b"
    r"|\b(daily|weekly|fortnightly|monthly|quarterly)(?= or more)",
    re.IGNORECASE,
)


#: A word each frequency pattern above reads ("Mondays" holds "day", "weekly" "week").
_UNIT_WORD = Cue("day", "week", "fortnight", "month", "quarter", "year", "daily")


@dataclass(frozen=True)
class Frequency:
    phrase: str
    per_year: float


def frequencies(text: str) -> list[Frequency]:
    """Every stated frequency in ``text``, as events a year, in the order written.

    A span matched by a more specific pattern is not read again by a looser one.
    """
    if not text or not _UNIT_WORD.found_in(text):  # nothing to read
        return []
    found: list[tuple[int, Frequency]] = []
    taken: list[tuple[int, int]] = []
    for pattern, function in FREQUENCY_PATTERNS:
        for m in pattern.finditer(text):
            if any(m.start() < end and start < m.end() for start, end in taken):
                continue
            taken.append(m.span())
            found.append((m.start(), Frequency(m.group(0), function(m))))
    for m in _ADVERB.finditer(text):
        if not any(m.start() < end and start < m.end() for start, end in taken):
            adverb = (m.group(1) or m.group(2)).lower()
            found.append((m.start(), Frequency(m.group(0), ADVERBS[adverb])))
    return [frequency for _start, frequency in sorted(found, key=lambda item: item[0])]


def descriptor_frequency(text: str) -> float | None:
    """How often a likelihood step's descriptor means, as one figure a year (None when it
    states no frequency). "less than" halves it, "or more" doubles it."""
    found = frequencies(text)
    if not found:
        return None
    value = found[0].per_year
    if re.search(r"\b(less than|fewer than|under)\b", text, re.IGNORECASE):
        value /= 2
    if re.search(r"\bor (more|more often)\b", text, re.IGNORECASE):
        value *= 2
    return value


def likelihood_bands(descriptors: dict[int, str]) -> dict[int, tuple[float, float]] | None:
    """The range of events a year each likelihood step covers, split half way (on a log
    scale) between neighbouring steps. None when a step in the middle states no frequency
    or the steps do not rise."""
    values = sorted(descriptors)
    points = {value: descriptor_frequency(descriptors[value]) for value in values}
    known = [value for value in values if points[value] is not None]
    if len(known) < 2 or known != values[values.index(known[0]) : values.index(known[-1]) + 1]:
        return None
    if any(points[a] >= points[b] for a, b in zip(known, known[1:], strict=False)):
        return None
    cuts = []  # between each step and the next; an end step with no figure takes half
    for lower, upper in zip(values, values[1:], strict=False):
        a, b = points[lower], points[upper]
        cuts.append(math.sqrt(a * b) if a and b else (b / 2 if b else a * 2))
    edges = [0.0, *cuts, math.inf]
    return {value: (edges[index], edges[index + 1]) for index, value in enumerate(values)}


def per_year_words(per_year: float) -> str:
    """A frequency as a person says it: "about 8 a week", "about twice a year"."""
    for unit, size, floor in (("day", 365, 1.5), ("week", 52, 1), ("month", 12, 1), ("year", 1, 1)):
        count = per_year / size
        if count >= floor:
            shown = round(count)
            return f"about {shown} a {unit}" if shown > 1 else f"about once a {unit}"
    years = round(1 / per_year) if per_year else 0
    return f"about once in {years} years" if years > 1 else "about once a year"


# --- Consequences ------------------------------------------------------------------------


@dataclass(frozen=True)
class Concept:
    """A kind of outcome a rationale can name and a consequence descriptor can place."""

    name: str
    dimension: str
    said: re.Pattern  # in the rationale
    placed: re.Pattern  # in the step's descriptor
    cues: tuple[str, ...]  # a word each match of ``said`` holds (lower case)


def _re(text: str) -> re.Pattern:
    return re.compile(text, re.IGNORECASE)


CONCEPTS = (
    Concept(
        "local press",
        "reputation",
        _re(r"\blocal (?:paper|press|news(?:paper)?|radio|media|tv)\b"),
        _re(r"\blocal\b"),
        ("local",),
    ),
    Concept(
        "regional media",
        "reputation",
        _re(r"\bregional (?:paper|press|news|radio|media|tv|coverage)\b"),
        _re(r"\bregional\b"),
        ("regional",),
    ),
    Concept(
        "national media",
        "reputation",
        _re(r"\bnational (?:paper|press|news(?:paper)?|media|tv|coverage)\b"),
        _re(r"\bnational\b"),
        ("national",),
    ),
    Concept(
        "a regulator",
        "reputation",
        _re(r"\bregulators?\b|\bICO\b|Information Commissioner|Trading Standards"),
        _re(r"\bregulator"),
        ("regulator", "ico", "information commissioner", "trading standards"),
    ),
    Concept(
        "a fatality",
        "health_safety",
        _re(r"\bfatal(?:ity|ities)?\b|\bdeaths?\b|\bkilled\b"),
        _re(r"\bfatal"),
        ("fatal", "death", "killed"),
    ),
    Concept(
        "a RIDDOR report", "health_safety", _re(r"\bRIDDOR\b"), _re(r"\bRIDDOR\b"), ("riddor",)
    ),
    Concept(
        "first aid",
        "health_safety",
        _re(r"\bfirst[- ]aid\b"),
        _re(r"\bfirst[- ]aid\b"),
        ("first",),
    ),
)

_NEGATION = _re(r"\b(?:no|not|never|without|nor|unlikely)\b(?:\W+\w+){0,3}\W*$")
_ANY_CONCEPT = Cue(*(cue for concept in CONCEPTS for cue in concept.cues))


def named_concepts(text: str) -> list[tuple[Concept, str]]:
    """The outcomes ``text`` names, with the words that named them; a mention just after
    "no", "not", "without"... ("no regulator interest") does not count."""
    if not text or not _ANY_CONCEPT.found_in(text):  # nothing to read
        return []
    found = []
    for concept in CONCEPTS:
        for m in concept.said.finditer(text):
            if not _NEGATION.search(text[max(0, m.start() - 40) : m.start()]):
                found.append((concept, m.group(0)))
                break
    return found


_MONEY = _re(
    r"£\s?(\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?)(?![\d,]*\d)\s?(k|m)?\b"
    r"(?!\s*(?:a|an|per|each|every)\s+\w)"
)


def amounts(text: str) -> list[tuple[Decimal, str]]:
    """Sums of money in ``text`` (£1,500, £2k), leaving out rates ("£5 a visit")."""
    if "£" not in text:  # no sum (nor an empty rationale) to read
        return []
    found = []
    for m in _MONEY.finditer(text):
        value = Decimal(m.group(1).replace(",", ""))
        value *= {"k": 1000, "m": 1_000_000}.get((m.group(2) or "").lower(), 1)
        found.append((value, m.group(0).strip()))
    return found


def money_band(descriptor: str) -> tuple[Decimal, Decimal] | None:
    """The range a finance descriptor covers: "Under £100", "£100 to £1,000", "Over £1m"."""
    sums = [value for value, _text in amounts(descriptor)]
    if not sums:
        return None
    if re.search(r"\b(under|less than|below|up to)\b", descriptor, re.IGNORECASE):
        return Decimal("0"), sums[0]
    if re.search(r"\b(over|more than|above)\b", descriptor, re.IGNORECASE):
        return sums[0], Decimal("Infinity")
    if len(sums) >= 2:
        return min(sums), max(sums)
    return None


# --- Agreed actions ------------------------------------------------------------------------

RESOLVED = _re(r"recorded as action|not needed because|no action needed because")
_AGREED_LINE = _re(r"^\s*(?:[-*•]\s*)?(?:agreed|action|actions agreed)\s*:\s*(.+)$")
STOPWORDS = frozenset(
    re.findall(
        r"\w+",
        "the a an and or of to for on in at by with from into this that these those is are be "
        "been will would should can could all each every our their its it we they them as not "
        "now new more less any some about than then when who what which also",
    )
)


_POINT_BREAK = re.compile(r"(?<=[.;])\s+(?=[A-Z0-9])|;\s*")
_WORD = re.compile(r"[a-z0-9£]+")
_KEY_WORD = re.compile(r"[a-z0-9]+")


def points(text: str) -> list[str]:
    """The separate points of an "actions agreed" text: one a line, or one a sentence."""
    found = []
    for line in text.splitlines():
        for part in _POINT_BREAK.split(line):
            part = part.strip(" -*•\t")
            if len(part) > 3:
                found.append(part)
    return found


def agreed_in_minutes(text: str) -> list[str]:
    """The points minutes mark as agreed: lines starting "Agreed:" or "Action:"."""
    found = []
    for line in text.splitlines():
        m = _AGREED_LINE.match(line)
        if m:
            found.extend(points(m.group(1)))
    return found


def words(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.lower()) if len(word) > 3 and word not in STOPWORDS}


def matching_action(point: str, described: dict[int, set[str]]) -> int | None:
    """The action whose description (``described``: the ``words`` of each action's) shares
    at least half of the point's words (and two at least), if any: the point was recorded
    as that action."""
    wanted = words(point)
    if len(wanted) < 2:
        return None
    best, best_share = None, 0.0
    for pk, description in described.items():
        shared = len(wanted & description)
        share = shared / len(wanted)
        if shared >= 2 and share >= 0.5 and share > best_share:
            best, best_share = pk, share
    return best


def point_key(point: str) -> str:
    """A short stable key of an agreed point, for dismissing its finding."""
    normal = " ".join(_KEY_WORD.findall(point.lower()))
    return hashlib.sha256(normal.encode()).hexdigest()[:8]


def quote(text: str, limit: int = 90) -> str:
    """``text`` in quotation marks, shortened at a word boundary when long."""
    text = " ".join(text.split())
    if len(text) > limit:
        text = text[:limit].rsplit(" ", 1)[0] + "..."
    return f"“{text}”"
