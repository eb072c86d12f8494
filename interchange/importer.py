"""Importing a spreadsheet: a plan to preview, then one all-or-nothing commit.

``build_plan`` reads the rows with the person's mapping and says what would be created
(stages, risks, ratings, actions) and every problem, row by row; it writes nothing.
``commit_import`` builds the plan again inside one transaction and writes it with bulk
inserts in batches, so the number of queries grows with batches, not rows. Ratings are
computed by ``registers.rating.rate`` and nothing else; the audit trail gets a record for
every row written.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from assessments.models import Action, Assessment, Category, Risk
from interchange import history, mapping
from interchange.readers import Table, max_values_to_map
from interchange.xlsx_scan import column_letter
from journeys.models import Stage
from registers.models import Register, RiskMatrix, Team
from registers.rating import MatrixSpec, Rating, next_review_date, rate
from riskportal.scoping import bulk_writes_recorded_by_caller

BATCH = history.BATCH
#: The rationale of an imported rating whose file gives none (where it came from is kept
#: on the rating itself: ``Assessment.provenance``).
NO_RATIONALE = "No rationale given in the imported file."
DIMENSIONS = ("finance", "reputation", "health_safety")
#: The texts of a risk read as they are, each checked against its field's length.
RISK_TEXTS = ("title", "cause", "event", "consequence", "affected", "existing_controls", "outcome")
#: The parts of a rating as a row's problem names them.
PART_WORDS = {
    "likelihood": "likelihood",
    "finance": "finance consequence",
    "reputation": "reputation consequence",
    "health_safety": "health and safety consequence",
}


@dataclass
class Source:
    """What to import and where: the rows, the person's mapping and the target."""

    kind: str
    table: Table
    filename: str
    team: Team
    header_row: int = 1
    mapping: dict = field(default_factory=dict)
    register: Register | None = None
    #: For a new register: {"title": ..., "matrix": RiskMatrix pk}.
    new_register: dict | None = None


@dataclass
class Problem:
    row: int
    column: str
    value: str
    message: str
    error: bool = True


@dataclass
class RatingPlan:
    tier: str
    rating: Rating
    rationale: str
    date: dt.date | None
    source: str = ""  # the file it came from...
    row: int | None = None  # ...and the row
    rated_by: str = ""  # the rater as the file writes them


@dataclass
class RiskPlan:
    row: int
    number: int
    fields: dict
    stage: str = ""
    ratings: list[RatingPlan] = field(default_factory=list)
    next_review_date: dt.date | None = None
    mitigation: str = ""

    @property
    def category_label(self) -> str:
        return dict(Category.choices).get(self.fields.get("category"), "")


@dataclass
class ActionPlan:
    row: int
    numbers: list[int]
    fields: dict


@dataclass
class RatingRowPlan:
    row: int
    number: int
    rating: RatingPlan
    risk_status: str = ""


@dataclass
class Plan:
    kind: str
    headers: list[str]
    problems: list[Problem] = field(default_factory=list)
    new_stages: list[str] = field(default_factory=list)
    risks: list[RiskPlan] = field(default_factory=list)
    actions: list[ActionPlan] = field(default_factory=list)
    ratings: list[RatingRowPlan] = field(default_factory=list)
    left_out: list[int] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.error]

    @property
    def notices(self) -> list[Problem]:
        return [p for p in self.problems if not p.error]

    @property
    def can_commit(self) -> bool:
        return not self.errors and bool(self.risks or self.actions or self.ratings)

    @property
    def rating_count(self) -> int:
        return sum(len(r.ratings) for r in self.risks) + len(self.ratings)

    @property
    def action_count(self) -> int:
        return sum(1 for r in self.risks if r.mitigation) + len(self.actions)


class ImportRejected(Exception):
    """The plan has errors, so nothing was written."""

    def __init__(self, plan: Plan):
        super().__init__(
            f"{len(plan.errors)} problem(s) stop this import; nothing was written."
            if plan.errors
            else "The file has no rows to import; nothing was written."
        )
        self.plan = plan


# --- Reading the table ---------------------------------------------------------------------


def header_names(table: Table, header_row: int) -> list[str]:
    if not 1 <= header_row <= len(table.rows):
        return []
    width = table.width()
    cells = list(table.rows[header_row - 1]) + [None] * width
    return [
        mapping.clean_text(c) or f"Column {column_letter(i)}"
        for i, c in enumerate(cells[:width], start=1)
    ]


def data_rows(table: Table, header_row: int) -> tuple[list[tuple[int, list]], list[int]]:
    """(row number, cells) of the table under the header, and the rows left out below it.

    The table ends at its first empty row: what follows (notes, sources, totals) is not a
    risk.
    """
    rows, left_out, ended = [], [], False
    for index in range(header_row, len(table.rows)):
        cells = table.rows[index]
        blank = all(mapping.clean_text(c) == "" for c in cells)
        if blank:
            ended = ended or bool(rows)
            continue
        if ended:
            left_out.append(index + 1)
        else:
            rows.append((index + 1, cells))
    return rows, left_out


def matrix_for(source: Source) -> RiskMatrix | None:
    if source.register is not None:
        return source.register.matrix
    matrix_id = (source.new_register or {}).get("matrix")
    return RiskMatrix.objects.filter(pk=matrix_id).first() if matrix_id else None


def scale_labels(spec: MatrixSpec) -> dict[str, dict[str, int]]:
    return {
        mapping.LIKELIHOOD: {s.label.lower(): s.value for s in spec.likelihoods},
        mapping.CONSEQUENCE: {s.label.lower(): s.value for s in spec.consequences},
    }


def distinct_values(source: Source, columns: dict[int, str]) -> dict[str, list[str]]:
    """For each value map (a choice list or a rating scale) the source values to map: at
    most ``readers.max_values_to_map()`` of each, in the order met (a column of thousands
    of different words is not a choice list; rows with the others are reported as not
    mapped)."""
    limit = max_values_to_map()
    found: dict[str, list[str]] = {}
    rows, _ = data_rows(source.table, source.header_row)
    for index, key in sorted(columns.items()):
        if not key:
            continue
        f = mapping.field(source.kind, key)
        group = f.choices if f.kind == "choice" else f.scale if f.kind == "level" else ""
        if not group:
            continue
        seen = found.setdefault(group, [])
        known = set(seen)
        for _, cells in rows:
            if len(seen) >= limit:
                break
            raw = cells[index] if index < len(cells) else None
            text = mapping.clean_text(raw)
            if f.kind == "level" and (not isinstance(raw, str) or _plain_number(text)):
                continue
            if text and text not in known:
                seen.append(text)
                known.add(text)
    return found


def _plain_number(text: str) -> bool:
    return text.replace(".", "", 1).isdigit()


def guess_values(source: Source, columns: dict[int, str], previous: dict | None = None) -> dict:
    """The value maps for ``columns``: earlier choices kept, new source values guessed."""
    previous = previous or {}
    matrix = matrix_for(source)
    labels = scale_labels(matrix.spec) if matrix else {}
    values: dict[str, dict[str, object]] = {}
    for group, found in distinct_values(source, columns).items():
        chosen = previous.get(group, {})
        values[group] = {
            v: chosen[v]
            if v in chosen
            else mapping.guess_level(labels.get(group, {}), v)
            if group in (mapping.LIKELIHOOD, mapping.CONSEQUENCE)
            else mapping.guess_choice(group, v)
            for v in found
        }
    return values


def default_mapping(source: Source) -> dict:
    """The guesses for a first visit to the mapping page (or an import with no mapping)."""
    headers = header_names(source.table, source.header_row)
    columns = mapping.guess_columns(headers, source.kind)
    return {
        "columns": {str(i): columns.get(i, "") for i in range(len(headers))},
        "values": guess_values(source, columns),
        "options": {
            "default_category": "",
            "consequence_applies_to": "all",
            "stage": "",
            "stage_name": "",
            "tier": str(Assessment.Tier.RESIDUAL),
        },
    }


def mapped_columns(mapping: dict) -> dict[int, str]:
    return {int(i): key for i, key in mapping.get("columns", {}).items() if key}


# --- Building the plan ---------------------------------------------------------------------


class _Context:
    """What the plan needs from the database, read once (a fixed number of queries)."""

    def __init__(self, source: Source, plan: Plan):
        self.source = source
        self.plan = plan
        self.matrix = matrix_for(source)
        self.spec = self.matrix.spec if self.matrix else None
        self.options = source.mapping.get("options", {})
        self.values = source.mapping.get("values", {})
        register = source.register
        self.stages = (
            {s.name.casefold(): s for s in Stage.objects.filter(register=register)}
            if register
            else {}
        )
        self.risks = (
            {r.number: r for r in Risk.objects.filter(register=register).only("pk", "number")}
            if register
            else {}
        )
        users = get_user_model().objects.filter(memberships__team=source.team)
        self.users: dict[str, object] = {}
        for user in users:
            for key in (user.get_username(), user.get_full_name(), user.email):
                if key:
                    self.users.setdefault(key.casefold(), user)

    def problem(self, row: int, column: str, value, message: str, *, error: bool = True):
        self.plan.problems.append(Problem(row, column, mapping.clean_text(value), message, error))


def build_plan(source: Source) -> Plan:
    """What importing ``source`` would create and every problem found; writes nothing."""
    headers = header_names(source.table, source.header_row)
    plan = Plan(kind=source.kind, headers=headers)
    ctx = _Context(source, plan)
    if ctx.spec is None:
        ctx.problem(0, "", "", "Choose the register (or the matrix of a new one) to import into.")
        return plan
    if source.register is None:
        title = (source.new_register or {}).get("title", "").strip()
        if not title:
            ctx.problem(0, "", "", "Give the new register a title.")
        elif Register.objects.filter(team=source.team, title=title).exists():
            ctx.problem(0, "", title, f"{source.team} already has a register called {title!r}.")
    elif source.kind != mapping.RISKS and not ctx.risks:
        ctx.problem(0, "", "", "This register has no risks yet: import the risks first.")
    columns = {
        int(i): key for i, key in source.mapping.get("columns", {}).items() if int(i) < len(headers)
    }
    mapped = set(columns.values())
    for key in mapping.REQUIRED[source.kind]:
        if key not in mapped:
            label = mapping.field(source.kind, key).label
            ctx.problem(0, "", "", f"Map a column to {label!r}: every row needs it.")
    if plan.errors:
        return plan
    rows, plan.left_out = data_rows(source.table, source.header_row)
    if plan.left_out:
        ctx.problem(
            plan.left_out[0],
            "",
            "",
            f"{len(plan.left_out)} row(s) below the table (after its first empty row) were "
            "left out: they look like notes, not data.",
            error=False,
        )
    reader = {mapping.RISKS: _risk_row, mapping.ACTIONS: _action_row, mapping.RATINGS: _rating_row}[
        source.kind
    ]
    for number, cells in rows:
        values = {key: (cells[i] if i < len(cells) else None) for i, key in columns.items() if key}
        unmapped = [
            (headers[i], mapping.clean_text(cells[i]))
            for i in range(min(len(headers), len(cells)))
            if not columns.get(i) and mapping.clean_text(cells[i])
        ]
        reader(ctx, number, values, unmapped)
    if source.kind == mapping.RISKS:
        _number_risks(ctx)
    return plan


def _note_lines(unmapped: list[tuple[str, str]]) -> str:
    return "\n".join(f"{header}: {value}" for header, value in unmapped)


def _join(*parts: str) -> str:
    return "\n".join(p for p in parts if p)


def _label(ctx: _Context, key: str) -> str:
    return mapping.field(ctx.source.kind, key).label


def _max_length(model, name: str) -> int | None:
    return model._meta.get_field(name).max_length


def _text(ctx: _Context, row: int, values: dict, key: str, model, attr: str | None = None) -> str:
    text = mapping.clean_text(values.get(key))
    limit = _max_length(model, attr or key)
    if limit and len(text) > limit:
        ctx.problem(row, _label(ctx, key), text[:40], f"Longer than {limit} characters.")
    return text


def _date(ctx: _Context, row: int, values: dict, key: str) -> dt.date | None:
    """The date in ``values[key]``; None when the cell is empty or the column not mapped."""
    parsed = mapping.parse_date(values.get(key))
    if parsed.error:
        ctx.problem(row, _label(ctx, key), values.get(key), parsed.error)
    return parsed.value


def _choice(ctx: _Context, values: dict, key: str) -> tuple[str, str]:
    """(code, source text); code is "" when the text is empty or not mapped."""
    f = mapping.field(ctx.source.kind, key)
    text = mapping.clean_text(values.get(key))
    if not text:
        return "", ""
    return str(ctx.values.get(f.choices, {}).get(text) or ""), text


def _owner(ctx: _Context, row: int, values: dict, model) -> dict:
    """A team member the owner cell names (username, full name or email), else the cell's
    text as ``owner_name``."""
    text = mapping.clean_text(values.get("owner"))
    user = ctx.users.get(text.casefold()) if text else None
    if user is not None:
        return {"owner": user, "owner_name": ""}
    return {"owner": None, "owner_name": _text(ctx, row, values, "owner", model, "owner_name")}


def _rating(
    ctx: _Context, row: int, values: dict, prefix: str, tier: str, notes: str = ""
) -> RatingPlan | None:
    """The rating of one tier in a row, computed by ``rate``; None when the row has none.

    Its rationale is the file's (else ``NO_RATIONALE``) followed by ``notes``."""
    parsed: dict[str, int | None] = {}
    failed = False
    for name in ("likelihood", "consequence", *DIMENSIONS):
        key = f"{prefix}{name}"
        if key not in values:
            parsed[name] = None
            continue
        f = mapping.field(ctx.source.kind, key)
        result = mapping.parse_level(
            values[key], scale=f.scale, value_map=ctx.values.get(f.scale, {})
        )
        if result.error:
            ctx.problem(row, f.label, values[key], result.error)
            failed = True
        elif result.notice:
            ctx.problem(row, f.label, values[key], result.notice, error=False)
        parsed[name] = result.value
    if failed or all(v is None for v in parsed.values()):
        return None
    dims = {d: parsed[d] for d in DIMENSIONS}
    overall = parsed["consequence"]
    if overall is not None:
        applies_to = ctx.options.get("consequence_applies_to") or "all"
        for d in DIMENSIONS:
            if dims[d] is None:
                dims[d] = overall if applies_to in ("all", d) else 1
    label = _rating_label(prefix)
    missing = [
        PART_WORDS[n] for n, v in (("likelihood", parsed["likelihood"]), *dims.items()) if v is None
    ]
    if missing:
        ctx.problem(row, label, "", f"{label} is incomplete: no {', '.join(missing)}.")
        return None
    try:
        rating = rate(ctx.spec, likelihood=parsed["likelihood"], **dims)
    except ValidationError as exc:
        for message in exc.messages:
            ctx.problem(row, label, "", message)
        return None
    _check(ctx, row, values, f"{prefix}score", str(rating.score), rating)
    _check(ctx, row, values, f"{prefix}level", rating.level.label, rating)
    given = mapping.clean_text(values.get(f"{prefix}rationale"))
    rationale = _join(given or NO_RATIONALE, notes)
    date = _date(ctx, row, values, f"{prefix}date")
    rated_by = mapping.clean_text(values.get("rated_by"))[
        : _max_length(Assessment, "rated_by_name")
    ]
    return RatingPlan(
        tier=tier,
        rating=rating,
        rationale=rationale,
        date=date,
        source=ctx.source.filename,
        row=row,
        rated_by=rated_by,
    )


def _rating_label(prefix: str) -> str:
    """How a row's problem names the rating of the tier ``prefix`` ("inherent_", "residual_",
    or "" in a rating history, where the row is one rating)."""
    return f"{prefix.rstrip('_')} rating".strip().capitalize()


def _same(given: str, computed: str) -> bool:
    """A file's score or level says what the engine computed: numbers compare as numbers
    ("12.0", "12.00" and "1.2e1" are 12), words without regard to case."""
    try:
        return Decimal(given) == Decimal(computed)
    except InvalidOperation:
        return given.casefold() == computed.casefold()


def _check(ctx: _Context, row: int, values: dict, key: str, computed: str, rating: Rating) -> None:
    if key not in values:
        return
    given = mapping.clean_text(values[key])
    if given and not _same(given, computed):
        ctx.problem(
            row,
            _label(ctx, key),
            given,
            f"The file says {given}; this register's matrix gives {rating.explanation}, "
            "which is what will be stored.",
            error=False,
        )


def _risk_row(ctx: _Context, row: int, values: dict, unmapped: list) -> None:
    fields: dict = {}
    notes: list[str] = []
    for key in RISK_TEXTS:
        fields[key] = _text(ctx, row, values, key, Risk)
    if not fields["title"]:
        ctx.problem(row, _label(ctx, "title"), "", "No title: every risk needs one.")
    fields.update(_owner(ctx, row, values, Risk))
    fields["tags"] = mapping.split_list(values.get("tags"))
    code, text = _choice(ctx, values, "category")
    if text and text.casefold() not in (code, dict(Category.choices).get(code, "").casefold()):
        fields["tags"].append(text)
    code = code or ctx.options.get("default_category", "")
    if not code:
        ctx.problem(
            row,
            _label(ctx, "category"),
            text,
            "No category: map this value to one of ours, or choose a category for unmapped values.",
        )
    fields["category"] = code
    for key, fallback in (("decision", ""), ("status", Risk.Status.OPEN)):
        code, text = _choice(ctx, values, key)
        if text and not code:
            notes.append(f"{_label(ctx, key)}: {text}")
            ctx.problem(row, _label(ctx, key), text, "Not mapped; kept in the notes.", error=False)
        fields[key] = code or fallback
    fields["decision_rationale"] = mapping.clean_text(values.get("decision_rationale"))
    if fields["decision"] and not fields["decision_rationale"]:
        fields["decision_rationale"] = "Not recorded in the imported file."
        ctx.problem(
            row,
            _label(ctx, "decision"),
            fields["decision"],
            "No rationale given for the decision; noted as not recorded.",
            error=False,
        )
    plan = RiskPlan(row=row, number=0, fields=fields)
    reference = values.get("reference")
    if mapping.clean_text(reference):
        plan.number = mapping.parse_reference(reference) or 0
        if not plan.number:
            notes.append(f"{_label(ctx, 'reference')}: {mapping.clean_text(reference)}")
            ctx.problem(
                row,
                _label(ctx, "reference"),
                reference,
                "Not a reference we can number from; the next free number is used and the "
                "original kept in the notes.",
                error=False,
            )
    plan.stage = _text(ctx, row, values, "stage", Stage, "name")
    raised = _date(ctx, row, values, "date_raised")
    for tier in (Assessment.Tier.INHERENT, Assessment.Tier.RESIDUAL):
        rating = _rating(ctx, row, values, f"{tier}_", tier)
        if rating:
            rating.date = rating.date or raised
            plan.ratings.append(rating)
    plan.next_review_date = _date(ctx, row, values, "next_review_date")
    plan.mitigation = mapping.clean_text(values.get("mitigation"))
    fields["notes"] = _join(mapping.clean_text(values.get("notes")), *notes, _note_lines(unmapped))
    ctx.plan.risks.append(plan)


def _number_risks(ctx: _Context) -> None:
    """Keep the file's reference numbers where free; number the rest after the highest."""
    seen: dict[int, int] = {}
    for plan in ctx.plan.risks:
        if not plan.number:
            continue
        if plan.number in ctx.risks:
            ctx.problem(
                plan.row,
                _label(ctx, "reference"),
                f"R-{plan.number:03d}",
                "This register already has a risk with that reference.",
            )
        elif plan.number in seen:
            ctx.problem(
                plan.row,
                _label(ctx, "reference"),
                f"R-{plan.number:03d}",
                f"The same reference as row {seen[plan.number]}.",
            )
        seen.setdefault(plan.number, plan.row)
    following = max([*ctx.risks, *seen, 0]) + 1
    for plan in ctx.plan.risks:
        if not plan.number:
            plan.number, following = following, following + 1
    stage_names: list[str] = []
    chosen = str(ctx.options.get("stage") or "")
    fallback = ""
    if chosen == "new":
        fallback = (ctx.options.get("stage_name") or "").strip()[: _max_length(Stage, "name")]
    elif chosen:
        fallback = next((s.name for s in ctx.stages.values() if str(s.pk) == chosen), "")
    for plan in ctx.plan.risks:
        plan.stage = plan.stage or fallback
        key = plan.stage.casefold()
        if key and key not in ctx.stages and key not in {s.casefold() for s in stage_names}:
            stage_names.append(plan.stage)
    ctx.plan.new_stages = stage_names


def _risk_numbers(ctx: _Context, row: int, values: dict) -> list[int]:
    numbers = []
    for part in mapping.split_list(values.get("risk")) or [""]:
        number = mapping.parse_reference(part)
        if number is None or number not in ctx.risks:
            ctx.problem(
                row,
                _label(ctx, "risk"),
                part,
                "No risk with this reference in the register." if part else "No risk given.",
            )
        else:
            numbers.append(number)
    return numbers


def _action_row(ctx: _Context, row: int, values: dict, unmapped: list) -> None:
    numbers = _risk_numbers(ctx, row, values)
    fields: dict = {"description": mapping.clean_text(values.get("description"))}
    if not fields["description"]:
        ctx.problem(row, _label(ctx, "description"), "", "No description.")
    fields.update(_owner(ctx, row, values, Action))
    fields["due_date"] = _date(ctx, row, values, "due_date")
    fields["completed_on"] = _date(ctx, row, values, "completed_on")
    notes = []
    for key, fallback in (("kind", Action.Kind.PREVENTIVE), ("status", Action.Status.PLANNED)):
        code, text = _choice(ctx, values, key)
        if text and not code:
            notes.append(f"{_label(ctx, key)}: {text}")
            ctx.problem(
                row,
                _label(ctx, key),
                text,
                f"Not mapped; {fallback.label.lower()} is used and the value kept in the "
                "evidence note.",
                error=False,
            )
        fields[key] = code or fallback
    if fields["status"] == Action.Status.DONE and not fields["completed_on"]:
        fields["completed_on"] = fields["due_date"] or timezone.localdate()
        ctx.problem(
            row,
            _label(ctx, "status"),
            "done",
            f"Done but no completion date; {fields['completed_on']:%d %b %Y} "
            f"({'the due date' if fields['due_date'] else 'today'}) is recorded.",
            error=False,
        )
    for key in ("cost_one_off", "cost_annual", "benefit_annual"):
        parsed = mapping.parse_money(values.get(key))
        if parsed.error:
            ctx.problem(row, _label(ctx, key), values.get(key), parsed.error)
        fields[key] = parsed.value or Decimal("0")
    fields["evidence_note"] = _join(
        mapping.clean_text(values.get("evidence_note")), *notes, _note_lines(unmapped)
    )
    ctx.plan.actions.append(ActionPlan(row=row, numbers=numbers, fields=fields))


def _rating_row(ctx: _Context, row: int, values: dict, unmapped: list) -> None:
    first = len(ctx.plan.problems)  # this row's problems are the ones added from here
    numbers = _risk_numbers(ctx, row, values)
    if len(numbers) > 1:
        ctx.problem(row, _label(ctx, "risk"), values.get("risk"), "One risk per rating row.")
    code, text = _choice(ctx, values, "tier")
    tier = code or ctx.options.get("tier") or Assessment.Tier.RESIDUAL
    if text and not code:
        ctx.problem(row, _label(ctx, "tier"), text, "Not mapped to inherent or residual.")
    status, status_text = _choice(ctx, values, "risk_status")
    if status_text and not status:
        ctx.problem(row, _label(ctx, "risk_status"), status_text, "Not mapped to open or closed.")
    rating = _rating(ctx, row, values, "", tier, _note_lines(unmapped))
    if rating is None:
        if not any(p.error for p in ctx.plan.problems[first:]):
            ctx.problem(row, "", "", "No rating in this row.")
        return
    if numbers:
        ctx.plan.ratings.append(RatingRowPlan(row, numbers[0], rating, status))


# --- Writing -------------------------------------------------------------------------------


def _assessed_at(date: dt.date | None, now: dt.datetime) -> dt.datetime:
    if date is None:
        return now
    return timezone.make_aware(dt.datetime.combine(date, dt.time(12, 0)))


def _assessment(risk: Risk, matrix: RiskMatrix, plan: RatingPlan, now) -> Assessment:
    """An imported rating: it says which file and row it came from and who rated it as the
    file says; it is never credited to the person who ran the import."""
    return Assessment.from_rating(
        risk=risk,
        tier=plan.tier,
        matrix=matrix,
        rating=plan.rating,
        rationale=plan.rationale,
        assessed_by=None,
        assessed_at=_assessed_at(plan.date, now),
        imported_from=plan.source,
        imported_row=plan.row,
        rated_by_name=plan.rated_by,
    )


def _apply_latest(risk: Risk, assessments: list[Assessment], register: Register) -> None:
    """Point the risk at its latest rating of each tier and set its next review date."""
    for a in sorted(assessments, key=lambda a: a.assessed_at):
        attr = "residual_rating" if a.tier == Assessment.Tier.RESIDUAL else "inherent_rating"
        current = getattr(risk, attr)
        if current is None or a.assessed_at >= current.assessed_at:
            setattr(risk, attr, a)
    latest = risk.current_rating
    if latest is not None:
        risk.next_review_date = next_review_date(
            latest.level_code,
            from_date=timezone.localtime(latest.assessed_at).date(),
            cadence=register.cadence,
        )


@transaction.atomic
def commit_import(*, source: Source, user) -> tuple[Register, Plan]:
    """Write the import in one transaction, or raise ``ImportRejected`` and write nothing."""
    if source.register is not None:
        # Lock the register so two imports cannot take the same reference numbers.
        source.register = (
            Register.objects.select_for_update()
            .select_related("matrix", "team")
            .get(pk=source.register.pk)
        )
    plan = build_plan(source)
    if not plan.can_commit:
        raise ImportRejected(plan)
    register = source.register
    if register is None:
        register = Register(
            team=source.team,
            title=source.new_register["title"].strip(),
            matrix=matrix_for(source),
            owner=user,
        )
        register.full_clean()
        register.save()
    now = timezone.now()
    {mapping.RISKS: _write_risks, mapping.ACTIONS: _write_actions, mapping.RATINGS: _write_ratings}[
        plan.kind
    ](plan, register, user, now)
    return register, plan


def _write_stages(plan: Plan, register: Register, user) -> dict[str, Stage]:
    stages = {s.name.casefold(): s for s in Stage.objects.filter(register=register)}
    order = max([s.order for s in stages.values()] + [0])
    new = [
        Stage(register=register, name=name, order=order + i)
        for i, name in enumerate(plan.new_stages, start=1)
    ]
    Stage.objects.bulk_create(new, batch_size=BATCH)
    history.record_created(new, user=user)
    stages.update({s.name.casefold(): s for s in new})
    return stages


def _write_risks(plan: Plan, register: Register, user, now) -> None:
    stages = _write_stages(plan, register, user)
    risks = [
        Risk(
            register=register,
            number=row.number,
            stage=stages[row.stage.casefold()] if row.stage else None,
            **row.fields,
        )
        for row in plan.risks
    ]
    Risk.objects.bulk_create(risks, batch_size=BATCH)
    written = list(zip(risks, plan.risks, strict=True))
    matrix = register.matrix
    assessments: dict[int, list[Assessment]] = {}
    for risk, row in written:
        assessments[risk.pk] = [_assessment(risk, matrix, r, now) for r in row.ratings]
    flat = [a for group in assessments.values() for a in group]
    Assessment.objects.bulk_create(flat, batch_size=BATCH)
    history.record_created(flat, user=user)
    for risk, row in written:
        _apply_latest(risk, assessments[risk.pk], register)
        if row.next_review_date:
            risk.next_review_date = row.next_review_date
    with bulk_writes_recorded_by_caller():  # history recorded on the next line
        Risk.objects.bulk_update(
            risks, ["inherent_rating", "residual_rating", "next_review_date"], batch_size=BATCH
        )
    history.record_created(risks, user=user)
    _write_action_rows(
        [
            (Action(register=register, description=row.mitigation), [risk.pk])
            for risk, row in written
            if row.mitigation
        ],
        user,
    )


def _write_action_rows(actions: list[tuple[Action, list[int]]], user) -> None:
    objs = [a for a, _ in actions]
    Action.objects.bulk_create(objs, batch_size=BATCH)
    links = {a.pk: risk_ids for a, risk_ids in actions}
    history.link(Action, "risks", links)
    records = history.record_created(objs, user=user)
    history.record_links(records, "risks", links)


def _write_actions(plan: Plan, register: Register, user, now) -> None:
    risk_ids = dict(Risk.objects.filter(register=register).values_list("number", "pk"))
    _write_action_rows(
        [
            (
                Action(register=register, **row.fields),
                [risk_ids[n] for n in dict.fromkeys(row.numbers)],
            )
            for row in plan.actions
        ],
        user,
    )


def _write_ratings(plan: Plan, register: Register, user, now) -> None:
    numbers = {row.number for row in plan.ratings}
    risks = {
        r.number: r
        for r in Risk.objects.filter(register=register, number__in=numbers).select_related(
            "inherent_rating", "residual_rating"
        )
    }
    matrix = register.matrix
    by_risk: dict[int, list[Assessment]] = {}
    for row in plan.ratings:
        by_risk.setdefault(row.number, []).append(
            _assessment(risks[row.number], matrix, row.rating, now)
        )
    flat = [a for group in by_risk.values() for a in group]
    Assessment.objects.bulk_create(flat, batch_size=BATCH)
    history.record_created(flat, user=user)
    latest_status: dict[int, tuple[dt.datetime, str]] = {}
    for row in plan.ratings:
        if row.risk_status:
            when = _assessed_at(row.rating.date, now)
            if row.number not in latest_status or when >= latest_status[row.number][0]:
                latest_status[row.number] = (when, row.risk_status)
    changed = []
    for number, assessments in by_risk.items():
        risk = risks[number]
        _apply_latest(risk, assessments, register)
        if number in latest_status:
            risk.status = latest_status[number][1]
        changed.append(risk)
    with bulk_writes_recorded_by_caller():  # history recorded on the next line
        Risk.objects.bulk_update(
            changed,
            ["inherent_rating", "residual_rating", "next_review_date", "status"],
            batch_size=BATCH,
        )
    history.record_changed(changed, user=user)
