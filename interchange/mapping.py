"""What a column means and what a cell says: the guesses and parsers behind an import.

Guesses only pre-fill the mapping page; the person importing confirms or changes them.
Parsing never guesses silently: a value that had to be tidied (trailing spaces, ``3.0``)
comes back with a notice, and a value that could mean several things (``M - H``, ``High``
on a five-step scale) is an error until the person maps it.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation

from assessments.models import Action, Assessment, Category, Decision, Risk

RISKS, ACTIONS, RATINGS = "risks", "actions", "ratings"
KINDS = {
    RISKS: "Risks (one row per risk)",
    ACTIONS: "Actions of risks already in the register",
    RATINGS: "Rating history of risks already in the register (reviews, re-ratings)",
}

LIKELIHOOD, CONSEQUENCE = "likelihood", "consequence"
TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
#: The ``'`` our CSV export puts after a separator that a formula start follows.
_QUOTED_AFTER_SEPARATOR = re.compile(r"([,;\t])'(?=[=+\-@\t\n])")


@dataclass(frozen=True)
class Field:
    key: str
    label: str
    #: Header texts that mean this field, normalised (see ``normalise_header``).
    synonyms: tuple[str, ...] = ()
    #: How its cells are read: text, level (likelihood / consequence), date, money,
    #: choice (mapped per value), references (one or more risk references), user.
    kind: str = "text"
    scale: str = ""
    choices: str = ""


def _rating_fields(tier: str, label: str, extra: dict[str, tuple[str, ...]]) -> list[Field]:
    prefix = f"{tier}_" if tier else ""
    words = [label.lower()] if label else []
    head = f"{label} " if label else ""

    def names(*bases: str) -> tuple[str, ...]:
        found = [f"{w} {b}" for w in words for b in bases] if words else list(bases)
        return tuple(found) + extra.get(bases[0], ())

    return [
        Field(
            f"{prefix}likelihood",
            f"{head}likelihood".capitalize(),
            names("likelihood", "probability", "l"),
            "level",
            LIKELIHOOD,
        ),
        Field(
            f"{prefix}consequence",
            f"{head}consequence, overall (one number for all three dimensions)".capitalize(),
            names("impact", "severity", "consequence score", "consequence rating", "c"),
            "level",
            CONSEQUENCE,
        ),
        Field(
            f"{prefix}finance",
            f"{head}finance consequence".capitalize(),
            names("finance", "financial consequence", "finance consequence"),
            "level",
            CONSEQUENCE,
        ),
        Field(
            f"{prefix}reputation",
            f"{head}reputation consequence".capitalize(),
            names("reputation", "reputation consequence"),
            "level",
            CONSEQUENCE,
        ),
        Field(
            f"{prefix}health_safety",
            f"{head}health & safety consequence".capitalize(),
            names("health safety", "health and safety", "h s", "health safety consequence"),
            "level",
            CONSEQUENCE,
        ),
        Field(
            f"{prefix}score",
            f"{head}score in the file (checked, not used)".capitalize(),
            names("score", "rating", "risk score"),
            "check",
        ),
        Field(
            f"{prefix}level",
            f"{head}level in the file (checked, not used)".capitalize(),
            names("level", "risk level", "rag"),
            "check",
        ),
        Field(
            f"{prefix}rationale",
            f"{head}rating rationale".capitalize(),
            names("rationale", "rating rationale", "justification"),
        ),
        Field(
            f"{prefix}date",
            f"{head}rating date".capitalize(),
            names("rating date", "assessed", "assessment date", "date assessed"),
            "date",
        ),
    ]


RISK_FIELDS = [
    Field(
        "reference", "Reference", ("reference", "ref", "id", "risk id", "risk ref", "risk no", "no")
    ),
    Field("title", "Title", ("title", "risk", "risk title", "name", "risk name", "summary")),
    Field("stage", "Stage of the journey", ("stage", "journey stage", "process step", "step")),
    Field(
        "category",
        "Category",
        ("category", "type", "risk type", "risk category", "kind"),
        "choice",
        choices="category",
    ),
    Field("tags", "Tags (separated by ;)", ("tags", "other categories")),
    Field("cause", "Cause", ("cause", "causes", "source", "trigger")),
    Field("event", "Event", ("event", "description", "risk description", "what could happen")),
    Field("consequence", "Consequence (text)", ("consequence", "effect", "consequences")),
    Field("affected", "Who is affected", ("who is affected", "affected", "affects")),
    Field(
        "existing_controls",
        "Existing controls",
        ("existing controls", "controls", "current controls", "control measures"),
    ),
    Field(
        "outcome",
        "Customer-service outcome threatened",
        ("outcome", "kpi", "customer service outcome threatened"),
    ),
    Field(
        "owner",
        "Owner",
        ("owner", "risk owner", "responsible", "assigned to", "accountable"),
        "user",
    ),
    Field(
        "decision",
        "Treatment decision",
        ("decision", "treatment", "treatment decision", "response", "strategy"),
        "choice",
        choices="decision",
    ),
    Field(
        "decision_rationale",
        "Decision rationale",
        ("decision rationale", "treatment rationale", "response rationale"),
    ),
    Field("status", "Status", ("status", "risk status", "state"), "choice", choices="risk_status"),
    Field("notes", "Notes", ("notes", "comments", "remarks")),
    Field(
        "next_review_date",
        "Next review date",
        ("next review", "review date", "next review date", "review by"),
        "date",
    ),
    Field(
        "date_raised",
        "Date raised (used as the date of the first rating)",
        ("date raised", "raised", "date identified", "identified", "created", "date logged"),
        "date",
    ),
    Field(
        "mitigation",
        "Mitigation (creates an action)",
        ("mitigation", "action", "actions", "mitigating action", "treatment plan", "mitigations"),
    ),
    *_rating_fields(
        "inherent",
        "Inherent",
        {
            "likelihood": ("likelihood", "probability", "inherent probability"),
            "impact": ("impact", "severity", "inherent impact"),
            "score": ("score", "risk score", "inherent score"),
        },
    ),
    *_rating_fields(
        "residual", "Residual", {"impact": ("residual impact",), "score": ("residual score",)}
    ),
]

#: Who rated, as the file writes it: kept with each imported rating, never matched to a user
#: (a rating that came in by import is never credited to the person who ran the import).
RATED_BY = Field(
    "rated_by",
    "Rated by (kept as the file writes it)",
    ("rated by", "assessed by", "assessor", "risk assessor", "rater"),
)
RISK_FIELDS.append(RATED_BY)

ACTION_FIELDS = [
    Field("risk", "Risk reference(s)", ("risk", "risk id", "risk ref", "risks"), "references"),
    Field(
        "description",
        "Description",
        ("description", "action", "mitigation", "what", "action description"),
    ),
    Field("kind", "Type", ("type", "kind", "action type"), "choice", choices="action_kind"),
    Field("owner", "Owner", ("owner", "action owner", "responsible", "assigned to"), "user"),
    Field("due_date", "Due date", ("due", "due date", "target date", "deadline"), "date"),
    Field(
        "status",
        "Status",
        ("status", "action status", "state"),
        "choice",
        choices="action_status",
    ),
    Field(
        "completed_on",
        "Completed on",
        ("completed", "completed on", "date completed", "done"),
        "date",
    ),
    Field("cost_one_off", "One-off cost", ("cost", "one off cost", "one-off cost"), "money"),
    Field("cost_annual", "Annual cost", ("annual cost",), "money"),
    Field("benefit_annual", "Expected annual benefit", ("benefit", "annual benefit"), "money"),
    Field("evidence_note", "Evidence note", ("evidence", "evidence note", "notes")),
]

RATING_FIELDS = [
    Field("risk", "Risk reference", ("risk", "risk id", "risk ref", "reference"), "references"),
    Field("tier", "Tier (inherent / residual)", ("tier",), "choice", choices="tier"),
    Field(
        "date",
        "Rating date",
        ("review date", "date", "assessed", "rating date", "assessment date"),
        "date",
    ),
    Field(
        "risk_status",
        "Status of the risk at that date",
        ("status", "risk status"),
        "choice",
        choices="risk_status",
    ),
    *[
        field
        for field in _rating_fields(
            "",
            "",
            {
                "likelihood": ("residual probability", "residual likelihood"),
                "impact": ("residual impact",),
                "score": ("residual score",),
            },
        )
        if field.key != "date"
    ],
    RATED_BY,
]

FIELDS = {RISKS: RISK_FIELDS, ACTIONS: ACTION_FIELDS, RATINGS: RATING_FIELDS}
REQUIRED = {RISKS: ("title",), ACTIONS: ("risk", "description"), RATINGS: ("risk",)}

CHOICES: dict[str, list[tuple[str, str]]] = {
    "category": list(Category.choices),
    "decision": list(Decision.choices),
    "risk_status": list(Risk.Status.choices),
    "action_status": list(Action.Status.choices),
    "action_kind": list(Action.Kind.choices),
    "tier": [(Assessment.Tier.INHERENT, "Inherent"), (Assessment.Tier.RESIDUAL, "Residual")],
}

#: Words that suggest a choice; a guess only pre-fills the mapping page.
CHOICE_HINTS: dict[str, dict[str, tuple[str, ...]]] = {
    "category": {
        "financial": ("financ", "cost", "commercial", "money", "budget", "price", "revenue"),
        "reputational": ("reput", "brand", "complaint", "media", "image"),
        "health_safety": ("health", "safety", "h&s", "hse", "injur", "welfare"),
        "substandard_delivery": ("delivery", "service", "quality", "operational"),
    },
    "decision": {
        "treat": ("treat", "reduce", "mitigat", "control"),
        "tolerate": ("tolerat", "accept", "retain"),
        "transfer": ("transfer", "insur", "share"),
        "terminate": ("terminat", "avoid", "stop"),
    },
    "risk_status": {"open": ("open", "active", "live"), "closed": ("closed", "retired")},
    "action_status": {
        "planned": ("planned", "not started", "to do", "todo", "new"),
        "in_progress": ("progress", "ongoing", "started", "open", "overdue"),
        "done": ("done", "complete", "closed", "finished"),
        "cancelled": ("cancel", "dropped", "withdrawn"),
    },
    "action_kind": {key: (key,) for key, _ in Action.Kind.choices},
    "tier": {"inherent": ("inherent", "gross", "before"), "residual": ("residual", "net", "after")},
}


def normalise_header(text) -> str:
    words = re.sub(r"[^0-9a-z&]+", " ", str(text or "").lower()).replace("&", " ").split()
    return " ".join(words)


def field(kind: str, key: str) -> Field:
    return next(f for f in FIELDS[kind] if f.key == key)


def guess_columns(headers: list, kind: str) -> dict[int, str]:
    """Column index -> field key, from header names; each field is given at most once.

    Exact synonyms win over partial ones, and earlier columns over later ones.
    """
    found: dict[int, str] = {}
    taken: set[str] = set()
    names = [normalise_header(h) for h in headers]
    exact = {syn: f.key for f in FIELDS[kind] for syn in (normalise_header(s) for s in f.synonyms)}
    exact.update({normalise_header(f.label): f.key for f in FIELDS[kind]})
    for index, name in enumerate(names):
        key = exact.get(name)
        if key and key not in taken:
            found[index], _ = key, taken.add(key)
    for index, name in enumerate(names):
        if index in found or not name:
            continue
        for f in FIELDS[kind]:
            if f.key in taken:
                continue
            if any(
                len(syn) > 3 and re.search(rf"\b{re.escape(syn)}\b", name)
                for syn in (normalise_header(s) for s in f.synonyms)
            ):
                found[index] = f.key
                taken.add(f.key)
                break
    return found


def guess_choice(choices: str, value: str) -> str:
    """The choice code a source value most likely means, or "" when nothing fits."""
    text = str(value).strip().lower()
    for code, label in CHOICES[choices]:
        if text in (code, label.lower(), label.split(" (")[0].lower()):
            return code
    for code, hints in CHOICE_HINTS.get(choices, {}).items():
        if any(hint in text for hint in hints):
            return code
    return ""


def guess_level(labels: dict[str, int], value: str) -> int | None:
    """A rating word that is exactly one of the matrix's own labels (``Rare``, ``Major``)."""
    return labels.get(str(value).strip().lower())


@dataclass(frozen=True)
class Parsed:
    value: object = None
    notice: str = ""
    error: str = ""


def clean_text(value) -> str:
    """Cell text as stored: line breaks kept, surrounding blanks removed, and the ``'`` our
    own exports put before formula-like text (at the start, or after a separator inside
    a CSV cell) taken off again."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat()
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).replace("\r\n", "\n").replace("\r", "\n").strip()
    if len(text) > 1 and text[0] == "'" and text[1] in TRIGGERS:
        text = text[1:]
    if "'" in text:
        text = _QUOTED_AFTER_SEPARATOR.sub(r"\1", text)
    return text


def parse_level(raw, *, scale: str, value_map: dict[str, int]) -> Parsed:
    """A likelihood or consequence from a cell: a whole number, or a word the user mapped.

    The range is checked later by ``registers.rating.rate``, the one place that knows it.
    """
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Parsed()
    if isinstance(raw, bool):
        return Parsed(error=f"{raw!r} is not a {scale}.")
    if isinstance(raw, int):
        return Parsed(raw)
    if isinstance(raw, float):
        if raw.is_integer():
            return Parsed(int(raw))
        return Parsed(error=f"{raw} is not a whole number; map or correct it.")
    text = str(raw)
    stripped = text.strip()
    notice = "spaces around the value removed" if stripped != text else ""
    if re.fullmatch(r"\d+", stripped):
        return Parsed(int(stripped), notice)
    if re.fullmatch(r"\d+\.0+", stripped):
        return Parsed(int(float(stripped)), f"{stripped!r} read as {int(float(stripped))}")
    if stripped in value_map and value_map[stripped]:
        return Parsed(int(value_map[stripped]), notice)
    return Parsed(
        error=(
            f"{stripped!r} is not a {scale} number and is not mapped to one; choose its value "
            "on the mapping page or correct the file."
        )
    )


DATE_FORMATS = ("%Y-%m-%d", "%d/%m/%Y", "%d/%m/%y", "%d-%m-%Y", "%d %b %Y", "%d %B %Y")


def parse_date(raw) -> Parsed:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Parsed()
    if isinstance(raw, dt.datetime):
        return Parsed(raw.date())
    if isinstance(raw, dt.date):
        return Parsed(raw)
    text = str(raw).strip()
    for fmt in DATE_FORMATS:
        try:
            return Parsed(dt.datetime.strptime(text, fmt).date())
        except ValueError:
            continue
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}[T ].*", text):
        return Parsed(dt.date.fromisoformat(text[:10]))
    return Parsed(error=f"{text!r} is not a date (use 2026-03-31 or 31/03/2026).")


def parse_money(raw) -> Parsed:
    if raw is None or (isinstance(raw, str) and not raw.strip()):
        return Parsed(Decimal("0"))
    text = str(raw).strip().replace("£", "").replace(",", "")
    try:
        amount = Decimal(text).quantize(Decimal("0.01"))
    except InvalidOperation:
        return Parsed(error=f"{raw!r} is not an amount of money.")
    if amount < 0:
        return Parsed(error=f"{raw!r} is negative; costs and benefits are zero or more.")
    return Parsed(amount)


def parse_reference(raw) -> int | None:
    """The number in a risk reference: ``R-007``, ``R007``, ``7`` and ``7.0`` give 7."""
    text = clean_text(raw)
    match = re.fullmatch(r"[A-Za-z]*[-_ ]?0*(\d+)(?:\.0+)?", text)
    return int(match.group(1)) if match else None


def split_list(raw) -> list[str]:
    return [part.strip() for part in re.split(r"[;\n]", clean_text(raw)) if part.strip()]
