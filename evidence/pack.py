"""The evidence pack's content: everything the print templates show, as plain data.

``build_pack`` reads a register with a fixed number of queries, whatever its size (thirteen
with the exhibits and the coverage rules, one more to redact names), and turns rows into
small frozen dataclasses with names already redacted when asked, so a template cannot leak
a name by reaching into a model. The SHA-256 on the cover is taken over this content, so
the same evidence always gives the same hash and any change to it gives another.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Exists, OuterRef
from django.utils import timezone
from django.utils.text import Truncator

from assessments.maps import (
    Grid,
    build_grids,
    build_journey_map,
    cells_of,
    map_risk,
)
from assessments.models import (
    Action,
    Annotation,
    Assessment,
    AwarenessRecord,
    Consultation,
    PestleItem,
    Review,
    Risk,
    SwotItem,
)
from assessments.reading import analysis_items, register_links
from assessments.reviews import integrity
from assessments.rows import action_facts, review_facts, risk_facts
from checks.loading import report_from
from criteria.coverage import assemble_records, evaluate
from criteria.margin import by_anchor
from evidence.diagrams import JourneyRow, journey_rows
from evidence.redaction import Redactor
from exhibits.pack import ExhibitsSection, exhibit_section
from journeys.models import Stage
from registers.models import Membership, Register
from registers.rating import DIMENSIONS, MatrixSpec, current_of

UNIT = (
    'OCR Level 3 unit C6 "Apply risk assessment to customer service"; '
    'National Occupational Standard INSCS027 "Assess the risks in customer service"'
)

SECTIONS: tuple[tuple[str, str], ...] = (
    ("context", "Context and scope"),
    ("journey", "Customer journey map"),
    ("matrix", "Risk matrix"),
    ("heatmaps", "Heat maps"),
    ("register", "Risk register"),
    ("risks", "Risk details"),
    ("actions", "Action log"),
    ("consultations", "Consultations and awareness"),
    ("reviews", "Reviews and sign-off"),
    ("analysis", "SWOT, PESTLE and cost/benefit"),
    ("coverage", "Criteria coverage"),
    ("checks", "Consistency checks"),
    ("exhibits", "Exhibits"),
)
SECTION_CODES = tuple(code for code, _ in SECTIONS)
#: Evidence records listed per criterion in the coverage table; the rest are counted.
COVERAGE_LINKS = 12
#: Sections that show the risks themselves (as rows, sections, badges or cells).
RISK_SECTIONS = {"journey", "heatmaps", "register", "risks", "coverage"}


@dataclass(frozen=True)
class PackOptions:
    """What the learner chose: sections, annotations on or off, names redacted or not."""

    sections: tuple[str, ...] = SECTION_CODES
    annotations: bool = True
    redact_names: bool = False

    def __post_init__(self) -> None:
        unknown = set(self.sections) - set(SECTION_CODES)
        if unknown:
            raise ValueError(f"Unknown sections: {', '.join(sorted(unknown))}.")
        # Always in document order, whatever order they were given in.
        object.__setattr__(
            self, "sections", tuple(code for code in SECTION_CODES if code in self.sections)
        )

    def to_json(self) -> dict:
        return dataclasses.asdict(self) | {"sections": list(self.sections)}

    @classmethod
    def from_json(cls, data: dict) -> PackOptions:
        return cls(
            sections=tuple(data.get("sections", SECTION_CODES)),
            annotations=bool(data.get("annotations", True)),
            redact_names=bool(data.get("redact_names", False)),
        )


# --- The content --------------------------------------------------------------------------


@dataclass(frozen=True)
class Note:
    """A learner's annotation, printed as a numbered footnote where it applies."""

    anchor: str
    text: str


@dataclass(frozen=True)
class Level:
    code: str
    label: str


@dataclass(frozen=True)
class RatedDimension:
    label: str
    value: int
    step: str
    descriptor: str


@dataclass(frozen=True)
class RatingEntry:
    anchor: str
    tier: str
    tier_label: str
    likelihood: int
    likelihood_label: str
    likelihood_descriptor: str
    dimensions: tuple[RatedDimension, ...]
    consequence: int
    score: int
    level: Level
    explanation: str
    rationale: str
    assessed_by: str
    assessed_at: dt.datetime
    notes: tuple[Note, ...]
    provenance: str = ""  # "imported from risk_register.csv, row 4", for an imported rating


@dataclass(frozen=True)
class ActionEntry:
    anchor: str
    description: str
    kind: str
    owner: str
    due_date: dt.date | None
    status: str
    completed_on: dt.date | None
    overdue: bool
    cost_one_off: Decimal
    cost_annual: Decimal
    benefit_annual: Decimal
    net_annual_benefit: Decimal
    payback: str  # in words, from Action.payback
    benefit_other: str
    considered: bool  # an option weighed and not taken (cancelled): outside the totals
    evidence_note: str
    risks: tuple[str, ...]
    notes: tuple[Note, ...]
    learner_part: str = ""  # the learner's own part: led, proposed, took part, was informed


@dataclass(frozen=True)
class ConsultationEntry:
    anchor: str
    date: dt.date
    group: str
    people: str
    method: str
    summary: str
    actions_agreed: str
    risk: str
    notes: tuple[Note, ...]
    learner_part: str = ""


@dataclass(frozen=True)
class AwarenessEntry:
    anchor: str
    risk: str
    audience: str
    method: str
    date: dt.date
    delivered_by: str
    details: str
    learner_part: str = ""


@dataclass(frozen=True)
class Use:
    """One appearance of a shared record (an action covers several risks). Only the first
    appearance in the document carries the anchor and the footnotes."""

    entry: ActionEntry | ConsultationEntry | AwarenessEntry
    primary: bool


@dataclass(frozen=True)
class RiskEntry:
    anchor: str
    reference: str
    title: str
    stage: str
    at_moment_of_truth: bool
    category: str
    tags: tuple[str, ...]
    cause: str
    event: str
    consequence: str
    affected: str
    existing_controls: str
    outcome: str
    owner: str
    decision: str
    decision_short: str
    decision_rationale: str
    status: str
    references: tuple[str, ...]
    next_review_date: dt.date | None
    inherent: RatingEntry | None
    residual: RatingEntry | None
    history: tuple[RatingEntry, ...]
    actions: tuple[Use, ...]
    consultations: tuple[Use, ...]
    awareness: tuple[Use, ...]
    notes: tuple[Note, ...]
    identified_how: str = ""

    @property
    def current(self) -> RatingEntry | None:
        """The rating that applies now, by the model's rule (``Risk.current_rating``)."""
        return current_of(residual=self.residual, inherent=self.inherent)

    @property
    def ratings(self) -> tuple[RatingEntry, ...]:
        """The latest inherent and residual ratings."""
        return tuple(rating for rating in (self.inherent, self.residual) if rating)

    @property
    def earlier_ratings(self) -> tuple[RatingEntry, ...]:
        """Re-ratings that the latest ones replaced: the history of the rating."""
        latest = {rating.anchor for rating in self.ratings}
        return tuple(rating for rating in self.history if rating.anchor not in latest)


@dataclass(frozen=True)
class StageEntry:
    anchor: str
    order: int
    name: str
    description: str
    customer_actions: str
    channels: str
    emotion: str
    is_moment_of_truth: bool
    moment_of_truth_note: str
    risks: tuple[str, ...]
    notes: tuple[Note, ...]


@dataclass(frozen=True)
class SnapshotRow:
    reference: str
    title: str
    inherent: str
    residual: str


@dataclass(frozen=True)
class ReviewEntry:
    anchor: str
    date: dt.date
    state: str
    is_signed_off: bool
    reviewer: str
    attendees: str
    minutes: str
    outcome: str
    next_review_date: dt.date | None
    risks: tuple[str, ...]
    snapshot: tuple[SnapshotRow, ...]
    submitted_by: str
    submitted_at: dt.datetime | None
    signed_off_by: str
    signed_off_at: dt.datetime | None
    sign_off_comment: str
    #: What the supervisor saw the learner do, written at sign-off (witness testimony).
    witness_statement: str
    content_hash: str
    #: ``assessments.reviews.integrity``: the seal's status and the sentence for it.
    seal_status: str
    seal_message: str
    return_comment: str
    notes: tuple[Note, ...]
    learner_part: str = ""
    witnessed: tuple[str, ...] = ()  # the criteria the statement witnesses, as ticked


@dataclass(frozen=True)
class AnalysisItem:
    anchor: str
    text: str
    risks: tuple[str, ...]


@dataclass(frozen=True)
class AnalysisGroup:
    label: str
    items: tuple[AnalysisItem, ...]


@dataclass(frozen=True)
class MatrixCellView:
    likelihood: int
    consequence: int
    score: int
    level: Level


@dataclass(frozen=True)
class MatrixView:
    name: str
    likelihoods: tuple[tuple[int, str, str], ...]  # value, label, descriptor
    consequences: tuple[tuple[int, str, str, str, str], ...]  # value, label, F, R, H&S
    levels: tuple[tuple[str, str, str], ...]  # code, label, requirement
    rows: tuple[tuple[int, str, tuple[MatrixCellView, ...]], ...]
    escalates: bool


@dataclass(frozen=True)
class PackEvidenceLink:
    label: str
    anchor: str  # "" when the record is not in this pack


@dataclass(frozen=True)
class CoverageRow:
    code: str
    source: str
    text: str
    status: str
    status_label: str
    evidence: tuple[PackEvidenceLink, ...]
    more: int  # evidence records not listed, to keep the table readable
    # For the assessor: the learner's explanation and the witness statements. The
    # learner's to-do list (the coverage gaps) stays in the app, never in the pack.
    explanation: str = ""
    witnessed: tuple[str, ...] = ()


@dataclass(frozen=True)
class WitnessEntry:
    """A supervisor's witness statement, printed once at the head of the coverage section."""

    by: str
    on: dt.datetime | None
    statement: str
    witnessed: tuple[str, ...]


@dataclass(frozen=True)
class CoverageGroup:
    heading: str
    source: str
    rows: tuple[CoverageRow, ...]


@dataclass(frozen=True)
class CheckLine:
    """One finding of the consistency checks, or one dismissed with its reason."""

    rule: str
    reference: str
    message: str
    severity: str
    reason: str = ""
    dismissed_by: str = ""
    dismissed_on: dt.date | None = None


@dataclass(frozen=True)
class CheckRun:
    """One check that ran: what it checks, and how many findings are open or dismissed."""

    rule: str
    title: str
    severity: str
    open: int
    dismissed: int


@dataclass(frozen=True)
class ChecksSection:
    runs: tuple[CheckRun, ...]
    open: tuple[CheckLine, ...]
    dismissed: tuple[CheckLine, ...]


@dataclass(frozen=True)
class CostBenefit:
    one_off: Decimal
    annual: Decimal
    benefit: Decimal
    net_annual: Decimal


@dataclass(frozen=True)
class Content:
    """Everything the document shows; its SHA-256 is the cover's content hash."""

    title: str
    learner: str
    team: str
    organisation: str
    service: str
    customers: str
    status: str
    owner: str
    scope: str
    context: str
    unit: str
    period_start: dt.date | None
    period_end: dt.date | None
    options: dict
    stages: tuple[StageEntry, ...] = ()
    matrix: MatrixView | None = None
    risks: tuple[RiskEntry, ...] = ()
    actions: tuple[ActionEntry, ...] = ()
    consultations: tuple[ConsultationEntry, ...] = ()
    awareness: tuple[AwarenessEntry, ...] = ()
    reviews: tuple[ReviewEntry, ...] = ()
    swot: tuple[AnalysisGroup, ...] = ()
    pestle: tuple[AnalysisGroup, ...] = ()
    costed_actions: tuple[ActionEntry, ...] = ()
    cost_totals: CostBenefit | None = None
    options_considered: tuple[ActionEntry, ...] = ()
    coverage: tuple[CoverageGroup, ...] = ()
    declarations: tuple[str, ...] = ()  # the learner's signed declarations: who, when
    witness_statements: tuple[WitnessEntry, ...] = ()
    checks: ChecksSection | None = None
    exhibits: ExhibitsSection | None = None  # the index, and the images shown with records
    #: Criterion codes beside each record, by its anchor (``criteria.margin``).
    margin: dict[str, tuple[str, ...]] = field(default_factory=dict)


@dataclass(frozen=True)
class Pack:
    content: Content
    options: PackOptions
    generated_at: dt.datetime
    content_hash: str
    document_id: str
    journey: tuple[JourneyRow, ...] = ()
    heat_maps: tuple[Grid, ...] = ()
    sections: tuple[tuple[str, str], ...] = field(default=())

    @property
    def shows(self) -> dict[str, bool]:
        """``pack.shows.risks`` in templates: whether a section is in this pack."""
        return {code: code in self.options.sections for code in SECTION_CODES}

    @property
    def period(self) -> str:
        start, end = self.content.period_start, self.content.period_end
        if start is None:
            return "No reviews recorded yet"
        if start == end:
            return f"{start:%-d %B %Y} (one review)"
        return f"{start:%-d %B %Y} to {end:%-d %B %Y}"

    @property
    def hash_groups(self) -> list[str]:
        return [self.content_hash[i : i + 8] for i in range(0, len(self.content_hash), 8)]

    @property
    def pdf_title(self) -> str:
        return f"{self.content.title}: risk assessment evidence"

    @property
    def subject(self) -> str:
        return f"Annotated risk register evidence for {UNIT}"


def content_hash(content: Content) -> str:
    """SHA-256 of the canonical JSON of ``content``."""
    canonical = json.dumps(
        dataclasses.asdict(content), sort_keys=True, separators=(",", ":"), default=str
    )
    return hashlib.sha256(canonical.encode("utf-8")).hexdigest()


# --- Building -----------------------------------------------------------------------------


class _Builder:
    """Holds the rows read once and turns them into the pack's dataclasses."""

    def __init__(self, register: Register, *, learner, options: PackOptions) -> None:
        self.register = register
        self.options = options
        self.spec: MatrixSpec = register.matrix.spec
        self.redactor = Redactor(enabled=options.redact_names)
        self.learner = learner
        self.anchors: set[str] = set()
        self.labels: dict[tuple[str, int], str] = {}
        self.names: dict[tuple[str, int], str] = {}
        self.included = set(options.sections)
        self._load()
        self._index()
        self._learn_names()
        self.notes = self.notes_by_target()
        self.risk_entries: tuple[RiskEntry, ...] = ()

    # Reading: a fixed number of queries, none per row.
    def _load(self) -> None:
        register, options = self.register, self.options
        # The team's members are needed only to redact their names.
        self.memberships = (
            list(
                Membership.objects.filter(team_id=register.team_id)
                .select_related("user")
                .order_by("role", "user__username", "pk")
            )
            if options.redact_names
            else []
        )
        links = register_links(register)
        self.action_risks = links.pairs["action_risk"]
        self.review_risks = links.pairs["review_risk"]
        self.swot_risks = links.pairs["swot_risk"]
        self.pestle_risks = links.pairs["pestle_risk"]
        self.reference_titles = links.reference_titles
        self.stages = list(Stage.objects.filter(register=register).order_by("order", "pk"))
        checks = "checks" in self.included
        # What the consistency checks read rides on the rows read anyway (subqueries).
        self.risks = list(
            Risk.objects.filter(register=register)
            .with_ratings()
            .annotate(**(risk_facts() if checks else {}))
            .order_by("number")
        )
        for risk in self.risks:
            risk.has_references = bool(self.reference_titles[risk.pk])
        self.assessments = list(
            Assessment.objects.filter(risk__register=register)
            .select_related("assessed_by")
            .order_by("risk_id", "assessed_at", "pk")
        )
        self.actions = list(
            Action.objects.filter(register=register)
            .select_related("owner")
            .annotate(
                has_references=Exists(
                    Action.references.through.objects.filter(action_id=OuterRef("pk"))
                ),
                **(action_facts() if checks else {}),
            )
            .order_by("due_date", "pk")
        )
        self.consultations = list(
            Consultation.objects.filter(register=register).order_by("date", "pk")
        )
        self.awareness = list(
            AwarenessRecord.objects.filter(risk__register=register).order_by("date", "pk")
        )
        self.reviews = list(
            Review.objects.filter(register=register)
            .select_related("reviewer", "submitted_by", "signed_off_by")
            .annotate(**(review_facts() if checks else {}))
            .order_by("date", "pk")
        )
        # Every note when the coverage rules read them, else only those the pack prints.
        self.all_annotations = (
            list(
                Annotation.objects.filter(register=register)
                .select_related("assessment")
                .order_by("created_at", "pk")
            )
            if options.annotations or "coverage" in self.included
            else []
        )
        self.annotations = (
            [note for note in self.all_annotations if note.include_in_pdf]
            if options.annotations
            else []
        )
        self.swot, self.pestle = analysis_items(register)
        for items, pairs in ((self.swot, self.swot_risks), (self.pestle, self.pestle_risks)):
            linked = {item_id for item_id, _risk_id in pairs}
            for item in items:
                item.is_linked = item.pk in linked

    def _index(self) -> None:
        self.risk_refs = {risk.pk: risk.reference for risk in self.risks}
        self.stage_names = {stage.pk: stage.name for stage in self.stages}
        self.actions_of: dict[int, list[int]] = defaultdict(list)
        for action_id, risk_id in self.action_risks:
            self.actions_of[risk_id].append(action_id)
        self.assessments_of: dict[int, list[Assessment]] = defaultdict(list)
        for assessment in self.assessments:
            self.assessments_of[assessment.risk_id].append(assessment)
        self.consultations_of: dict[int, list[int]] = defaultdict(list)
        for consultation in self.consultations:
            if consultation.risk_id:
                self.consultations_of[consultation.risk_id].append(consultation.pk)
        self.risks_of_review: dict[int, list[str]] = defaultdict(list)
        for review_id, risk_id in self.review_risks:
            self.risks_of_review[review_id].append(self.risk_refs[risk_id])
        self.awareness_of: dict[int, list[int]] = defaultdict(list)
        for record in self.awareness:
            self.awareness_of[record.risk_id].append(record.pk)

    def _learn_names(self) -> None:
        """Every person before any text: a name typed once is redacted everywhere."""
        r = self.redactor
        r.add_user(self.learner, "member", learner=True)
        for membership in self.memberships:
            r.add_user(membership.user, membership.role)
        for user in [self.register.owner, *(a.assessed_by for a in self.assessments)]:
            r.person(user)
        for assessment in self.assessments:
            r.add_names(assessment.rated_by_name)  # a rater named by an imported file
        for action in self.actions:
            r.person(action.owner)
            r.add_names(action.owner_name)
        for risk in self.risks:
            r.add_names(risk.owner_name)
        for review in self.reviews:
            for user in (review.reviewer, review.submitted_by, review.signed_off_by):
                r.person(user)
            r.add_names(review.attendees)
        group_roles = {
            Consultation.Group.CUSTOMERS: "Customer",
            Consultation.Group.PARTNERS: "Partner",
            Consultation.Group.MANAGERS: "Manager",
        }
        for consultation in self.consultations:
            r.add_names(consultation.people, group_roles.get(consultation.group, "Colleague"))
        for record in self.awareness:
            r.add_names(record.delivered_by)

    def redact(self, value: str | None) -> str:
        """``value`` with personal names replaced when the learner asked for it."""
        return self.redactor.text(value)

    def anchor(
        self, kind: str, pk: int, label: str, *, primary: bool = True, name: str = ""
    ) -> str:
        """The id of a record's section; ``primary`` when the document prints it."""
        name = name or f"{kind}-{pk}"
        self.labels[(kind, pk)] = label
        self.names[(kind, pk)] = name
        if primary:
            self.anchors.add(name)
        return name

    def notes_by_target(self) -> dict[tuple[str, int], list[Note]]:
        """The annotations to print, keyed by the record they explain."""
        found: dict[tuple[str, int], list[Note]] = defaultdict(list)
        for annotation in self.annotations:
            for target in Annotation.TARGETS:
                target_id = getattr(annotation, f"{target}_id")
                if target_id:
                    name = f"note-{annotation.pk}"
                    self.labels[("note", annotation.pk)] = "Learner's note"
                    self.names[("note", annotation.pk)] = name
                    found[(target, target_id)].append(Note(name, self.redact(annotation.text)))
        return found

    def notes_for(self, kind: str, pk: int, *, shown: bool = True) -> tuple[Note, ...]:
        """The notes on one record, when the document prints that record."""
        found = tuple(self.notes.get((kind, pk), ())) if shown else ()
        self.anchors.update(note.anchor for note in found)
        return found

    def build(self) -> Content:
        register, r, included = self.register, self.redactor, self.included
        for risk in self.risks:
            self.labels[("risk", risk.pk)] = risk.reference
        actions = self.action_entries()
        consultations = self.consultation_entries()
        awareness = self.awareness_entries()
        ratings = self.rating_entries()
        self.risk_entries = tuple(
            self.risk_entry(risk, actions, consultations, awareness, ratings) for risk in self.risks
        )
        dates = [review.date for review in self.reviews]
        analysis = "analysis" in included
        team = register.team
        return Content(
            title=register.title,
            learner=r.person(self.learner),
            team=team.name,
            organisation=register.organisation or team.organisation,
            service=register.service,
            customers=register.get_customers_display(),
            status=register.get_status_display(),
            owner=r.person(register.owner),
            scope=self.redact(register.scope),
            context=self.redact(register.context),
            unit=UNIT,
            period_start=min(dates) if dates else None,
            period_end=max(dates) if dates else None,
            options=self.options.to_json(),
            stages=self.stage_entries() if "journey" in included else (),
            matrix=self.matrix_view() if "matrix" in included else None,
            risks=self.risk_entries if included & RISK_SECTIONS else (),
            actions=tuple(actions.values()) if "actions" in included else (),
            consultations=tuple(consultations.values()) if "consultations" in included else (),
            awareness=tuple(awareness.values()) if "consultations" in included else (),
            reviews=tuple(map(self.review, self.reviews)) if "reviews" in included else (),
            swot=self.analysis(self.swot, self.swot_risks, SwotItem.Quadrant, "quadrant", "swot")
            if analysis
            else (),
            pestle=self.analysis(
                self.pestle, self.pestle_risks, PestleItem.Factor, "factor", "pestle"
            )
            if analysis
            else (),
            costed_actions=self.costed(actions) if analysis else (),
            cost_totals=self.cost_totals(actions) if analysis else None,
            options_considered=self.costed(actions, considered=True) if analysis else (),
        )

    def action_home(self) -> dict[int, str]:
        """Where each action is printed first: its log, else the first risk it covers."""
        if "actions" in self.included:
            return {action.pk: "log" for action in self.actions}
        home: dict[int, str] = {}
        if "risks" in self.included:
            for action_id, risk_id in self.action_risks:
                home.setdefault(action_id, self.risk_refs[risk_id])
        return home

    def action_entries(self) -> dict[int, ActionEntry]:
        risks_of_action: dict[int, list[str]] = defaultdict(list)
        for action_id, risk_id in self.action_risks:
            risks_of_action[action_id].append(self.risk_refs[risk_id])
        self.home = self.action_home()
        entries = {}
        for action in self.actions:
            shown = action.pk in self.home
            description = self.redact(action.description)
            entries[action.pk] = ActionEntry(
                anchor=self.anchor(
                    "action",
                    action.pk,
                    f"Action: {Truncator(description).chars(40)}",
                    primary=shown,
                ),
                description=description,
                kind=action.get_kind_display(),
                owner=self.redactor.person(action.owner, action.owner_name),
                due_date=action.due_date,
                status=action.get_status_display(),
                completed_on=action.completed_on,
                overdue=action.is_overdue(),
                cost_one_off=action.cost_one_off,
                cost_annual=action.cost_annual,
                benefit_annual=action.benefit_annual,
                net_annual_benefit=action.net_annual_benefit,
                payback=action.payback,
                benefit_other=self.redact(action.benefit_other),
                considered=action.is_option_considered,
                evidence_note=self.redact(action.evidence_note),
                risks=tuple(sorted(risks_of_action[action.pk])),
                notes=self.notes_for("action", action.pk, shown=shown),
                learner_part=action.get_learner_part_display() if action.learner_part else "",
            )
        return entries

    def consultation_entries(self) -> dict[int, ConsultationEntry]:
        entries = {}
        for consultation in self.consultations:
            shown = "consultations" in self.included or (
                "risks" in self.included and consultation.risk_id is not None
            )
            group = consultation.get_group_display()
            entries[consultation.pk] = ConsultationEntry(
                anchor=self.anchor(
                    "consultation",
                    consultation.pk,
                    f"Consultation {consultation.date:%-d %b %Y} ({group.lower()})",
                    primary=shown,
                ),
                date=consultation.date,
                group=group,
                people=self.redact(consultation.people),
                method=self.redact(consultation.method),
                summary=self.redact(consultation.summary),
                actions_agreed=self.redact(consultation.actions_agreed),
                risk=self.risk_refs.get(consultation.risk_id, ""),
                notes=self.notes_for("consultation", consultation.pk, shown=shown),
                learner_part=(
                    consultation.get_learner_part_display() if consultation.learner_part else ""
                ),
            )
        return entries

    def awareness_entries(self) -> dict[int, AwarenessEntry]:
        shown = bool(self.included & {"consultations", "risks"})
        entries = {}
        for record in self.awareness:
            reference = self.risk_refs[record.risk_id]
            audience, method = record.get_audience_display(), record.get_method_display()
            entries[record.pk] = AwarenessEntry(
                anchor=self.anchor(
                    "awareness",
                    record.pk,
                    f"{reference} {audience.lower()} awareness ({method.lower()})",
                    primary=shown,
                ),
                risk=reference,
                audience=audience,
                method=method,
                date=record.date,
                delivered_by=self.redact(record.delivered_by),
                details=self.redact(record.details),
                learner_part=record.get_learner_part_display() if record.learner_part else "",
            )
        return entries

    def rating_entries(self) -> dict[int, RatingEntry]:
        shown = "risks" in self.included
        return {
            assessment.pk: self.rating(
                assessment, self.notes_for("assessment", assessment.pk, shown=shown)
            )
            for assessment in self.assessments
        }

    def risk_entry(self, risk: Risk, actions, consultations, awareness, ratings) -> RiskEntry:
        in_logs = "consultations" in self.included
        return RiskEntry(
            anchor=self.anchor(
                "risk",
                risk.pk,
                self.labels[("risk", risk.pk)],
                primary=bool(self.included & {"risks", "register"}),
                name=f"risk-{risk.reference}",
            ),
            reference=risk.reference,
            title=self.redact(risk.title),
            stage=self.redact(self.stage_names.get(risk.stage_id, "")),
            at_moment_of_truth=risk.at_moment_of_truth,
            category=risk.get_category_display(),
            tags=tuple(self.redact(str(tag)) for tag in risk.tags or ()),
            cause=self.redact(risk.cause),
            event=self.redact(risk.event),
            consequence=self.redact(risk.consequence),
            affected=self.redact(risk.affected),
            identified_how=risk.get_identified_how_display() if risk.identified_how else "",
            existing_controls=self.redact(risk.existing_controls),
            outcome=self.redact(risk.outcome),
            owner=self.redactor.person(risk.owner, risk.owner_name),
            decision=risk.get_decision_display() if risk.decision else "",
            decision_short=risk.decision.capitalize(),
            decision_rationale=self.redact(risk.decision_rationale),
            status=risk.get_status_display(),
            references=tuple(self.reference_titles[risk.pk]),
            next_review_date=risk.next_review_date,
            inherent=ratings.get(risk.inherent_rating_id),
            residual=ratings.get(risk.residual_rating_id),
            history=tuple(ratings[a.pk] for a in self.assessments_of[risk.pk]),
            actions=tuple(
                Use(actions[pk], primary=self.home.get(pk) == risk.reference)
                for pk in self.actions_of[risk.pk]
            ),
            consultations=tuple(
                Use(consultations[pk], primary=not in_logs) for pk in self.consultations_of[risk.pk]
            ),
            awareness=tuple(
                Use(awareness[pk], primary=not in_logs) for pk in self.awareness_of[risk.pk]
            ),
            notes=self.notes_for("risk", risk.pk, shown="risks" in self.included),
        )

    def stage_entries(self) -> tuple[StageEntry, ...]:
        risks_of_stage: dict[int, list[str]] = defaultdict(list)
        for risk in self.risks:
            if risk.stage_id:
                risks_of_stage[risk.stage_id].append(risk.reference)
        emotions = dict(Stage.EMOTION_CHOICES)
        return tuple(
            StageEntry(
                anchor=self.anchor("stage", stage.pk, f"Stage {index}: {self.redact(stage.name)}"),
                order=index,
                name=self.redact(stage.name),
                description=self.redact(stage.description),
                customer_actions=self.redact(stage.customer_actions),
                channels=self.redact(stage.channels),
                emotion=f"{emotions.get(stage.emotion, '')} ({stage.emotion:+d})",
                is_moment_of_truth=stage.is_moment_of_truth,
                moment_of_truth_note=self.redact(stage.moment_of_truth_note),
                risks=tuple(risks_of_stage[stage.pk]),
                notes=self.notes_for("stage", stage.pk),
            )
            for index, stage in enumerate(self.stages, start=1)
        )

    @staticmethod
    def costed(
        actions: dict[int, ActionEntry], *, considered: bool = False
    ) -> tuple[ActionEntry, ...]:
        """The actions with money recorded; with ``considered``, the options weighed and
        not taken instead (kept out of the totals)."""
        return tuple(
            entry
            for entry in actions.values()
            if (entry.cost_one_off or entry.cost_annual or entry.benefit_annual)
            and entry.considered == considered
        )

    def cost_totals(self, actions: dict[int, ActionEntry]) -> CostBenefit:
        costed = self.costed(actions)
        return CostBenefit(
            one_off=sum((a.cost_one_off for a in costed), Decimal("0")),
            annual=sum((a.cost_annual for a in costed), Decimal("0")),
            benefit=sum((a.benefit_annual for a in costed), Decimal("0")),
            net_annual=sum((a.net_annual_benefit for a in costed), Decimal("0")),
        )

    def rating(self, assessment: Assessment, notes: tuple[Note, ...]) -> RatingEntry:
        spec = self.spec
        likelihood = spec.likelihood_step(assessment.likelihood)
        dimensions = []
        for key, label in DIMENSIONS:
            value = assessment.consequences[key]
            step = spec.consequence_step(value)
            dimensions.append(
                RatedDimension(label.capitalize(), value, step.label, step.descriptors[key])
            )
        tier = Assessment.Tier(assessment.tier)
        return RatingEntry(
            anchor=self.anchor(
                "assessment",
                assessment.pk,
                f"{self.labels.get(('risk', assessment.risk_id), '')} {tier.value} rating",
                primary="risks" in self.options.sections,
            ),
            tier=tier.value,
            tier_label=tier.label,
            likelihood=assessment.likelihood,
            likelihood_label=likelihood.label,
            likelihood_descriptor=likelihood.descriptors["likelihood"],
            dimensions=tuple(dimensions),
            consequence=assessment.consequence,
            score=assessment.score,
            level=Level(assessment.level_code, assessment.level_label),
            explanation=assessment.explanation,
            rationale=self.redact(assessment.rationale),
            assessed_by=self.redact(assessment.rated_by(self.redactor.person)),
            provenance=assessment.provenance,
            assessed_at=assessment.assessed_at,
            notes=notes if "risks" in self.options.sections else (),
        )

    def review(self, review: Review) -> ReviewEntry:
        r = self.redactor
        covered = self.risks_of_review[review.pk]
        snapshot = tuple(
            SnapshotRow(
                reference=entry.get("reference", ""),
                title=self.redact(entry.get("title", "")),
                inherent=_snapshot_level(entry.get("inherent")),
                residual=_snapshot_level(entry.get("residual")),
            )
            for entry in review.snapshot or ()
        )
        shown = "reviews" in self.options.sections
        seal = integrity(review, person=r.person)
        return ReviewEntry(
            anchor=self.anchor(
                "review", review.pk, f"Review {review.date:%-d %b %Y}", primary=shown
            ),
            date=review.date,
            state=review.get_state_display(),
            is_signed_off=review.is_frozen,
            reviewer=r.person(review.reviewer),
            attendees=self.redact(review.attendees),
            minutes=self.redact(review.minutes),
            outcome=self.redact(review.outcome),
            next_review_date=review.next_review_date,
            risks=tuple(covered),
            snapshot=snapshot,
            submitted_by=r.person(review.submitted_by) if review.submitted_by_id else "",
            submitted_at=review.submitted_at,
            signed_off_by=r.person(review.signed_off_by) if review.signed_off_by_id else "",
            signed_off_at=review.signed_off_at,
            sign_off_comment=self.redact(review.sign_off_comment),
            witness_statement=self.redact(review.witness_statement),
            content_hash=review.content_hash,
            seal_status=seal.status,
            seal_message=seal.message,
            return_comment=self.redact(review.return_comment)
            if review.state == Review.State.RETURNED
            else "",
            notes=self.notes_for("review", review.pk, shown=shown),
            learner_part=review.get_learner_part_display() if review.learner_part else "",
            witnessed=tuple(review.witnessed_labels) if review.is_frozen else (),
        )

    def analysis(
        self, items, links, choices, attribute: str, kind: str
    ) -> tuple[AnalysisGroup, ...]:
        risk_refs = self.risk_refs
        linked: dict[int, list[str]] = defaultdict(list)
        for item_id, risk_id in sorted(links):
            linked[item_id].append(risk_refs[risk_id])
        groups = []
        headings = {
            "strength": "Strengths",
            "weakness": "Weaknesses",
            "opportunity": "Opportunities",
            "threat": "Threats",
        }
        for value, label in choices.choices:
            label = headings.get(value, label)
            group = tuple(
                AnalysisItem(
                    anchor=self.anchor(kind, item.pk, f"{kind.upper()} {label.lower()}"),
                    text=self.redact(item.text),
                    risks=tuple(linked[item.pk]),
                )
                for item in items
                if getattr(item, attribute) == value
            )
            groups.append(AnalysisGroup(label, group))
        return tuple(groups)

    def matrix_view(self) -> MatrixView:
        spec = self.spec
        columns = sorted(spec.consequences, key=lambda step: step.value)
        return MatrixView(
            name=spec.name,
            likelihoods=tuple(
                (step.value, step.label, step.descriptors["likelihood"])
                for step in sorted(spec.likelihoods, key=lambda step: step.value)
            ),
            consequences=tuple(
                (
                    step.value,
                    step.label,
                    step.descriptors["finance"],
                    step.descriptors["reputation"],
                    step.descriptors["health_safety"],
                )
                for step in columns
            ),
            levels=tuple(
                (level.code, level.label, level.requirement)
                for level in sorted(spec.levels, key=lambda level: -level.rank)
            ),
            rows=tuple(
                (
                    step.value,
                    step.label,
                    tuple(
                        MatrixCellView(
                            step.value,
                            column.value,
                            step.value * column.value,
                            Level(
                                spec.level_at(step.value, column.value).code,
                                spec.level_at(step.value, column.value).label,
                            ),
                        )
                        for column in columns
                    ),
                )
                for step in sorted(spec.likelihoods, key=lambda step: -step.value)
            ),
            escalates=spec.escalate_top_consequence,
        )

    def journey(self) -> tuple[JourneyRow, ...]:
        """The journey map the page draws (``assessments.maps``), redacted, laid out for A4."""
        risks = (map_risk(risk, self.spec) for risk in self.risks)
        journey = build_journey_map(self.stages, risks).redacted(self.redact)
        return tuple(journey_rows(journey.with_unstaged))

    def heat_maps(self) -> tuple[Grid, ...]:
        """The heat maps the page draws (``assessments.maps``), each cell with references."""
        return tuple(build_grids(self.spec, cells_of(self.risks)))

    def checks(self) -> ChecksSection:
        """The consistency checks on the rows read for the pack (the dismissals come from
        the cache when a copy is there)."""
        report = report_from(
            self.register,
            risks=self.risks,
            actions=self.actions,
            consultations=self.consultations,
            reviews=self.reviews,
            stages=self.stages,
            cached=True,
        )

        def line(finding, dismissal=None) -> CheckLine:
            return CheckLine(
                rule=finding.rule.id,
                reference=self.redact(finding.reference),
                message=self.redact(finding.message),
                severity=finding.severity,
                reason=self.redact(dismissal.reason) if dismissal else "",
                dismissed_by=self.redactor.person(dismissal.dismissed_by) if dismissal else "",
                dismissed_on=timezone.localdate(dismissal.dismissed_at) if dismissal else None,
            )

        return ChecksSection(
            runs=tuple(
                CheckRun(r.rule.id, r.rule.title, r.rule.severity, r.open, r.dismissed)
                for r in report.results
            ),
            open=tuple(line(finding) for finding in report.open),
            dismissed=tuple(line(f, d) for f, d in report.dismissed),
        )

    def declarations(self, records) -> tuple[str, ...]:
        """The learner's signed declarations, newest first, as "text (signed by, on)"."""
        return tuple(
            f"“{self.redact(declaration.text)}” Signed in the app by "
            f"{self.redactor.person(declaration.signed_by)} on "
            f"{timezone.localtime(declaration.signed_at):%-d %b %Y at %H:%M}."
            for declaration in records.declarations
        )

    def witness_entry(self, review: Review) -> WitnessEntry:
        return WitnessEntry(
            by=self.redactor.person(review.signed_off_by),
            on=review.signed_off_at,
            statement=self.redact(review.witness_statement),
            witnessed=tuple(review.witnessed_labels),
        )

    def judge(self) -> list:
        """How far the register evidences each criterion, judged on the rows read for the
        pack (``criteria.coverage``), for the coverage section and the margin codes."""
        records = assemble_records(  # the rows read for the pack, not read again
            self.register,
            stages=self.stages,
            risks=self.risks,
            actions=self.actions,
            action_risks=self.action_risks,
            consultations=self.consultations,
            awareness=self.awareness,
            reviews=self.reviews,
            annotations=self.all_annotations,
            swot=self.swot,
            pestle=self.pestle,
        )
        self.signed = self.declarations(records)
        return evaluate(records)

    def coverage(self, results) -> tuple[CoverageGroup, ...]:
        groups: dict[str, list[CoverageRow]] = {}
        for result in results:
            criterion = result.criterion
            links = []
            for instance in result.evidence:
                key = (_kind(instance), instance.pk)
                name = self.names.get(key, "")
                label = self.labels.get(key) or self.redact(str(instance))
                links.append(PackEvidenceLink(label, name if name in self.anchors else ""))
            groups.setdefault(criterion.group, []).append(
                CoverageRow(
                    code=criterion.code,
                    source=criterion.source,
                    text=criterion.text,
                    status=result.status,
                    status_label=result.status_label,
                    evidence=tuple(links[:COVERAGE_LINKS]),
                    more=max(0, len(links) - COVERAGE_LINKS),
                    explanation=self.redact(result.explanation.text) if result.explanation else "",
                    witnessed=tuple(
                        f"{self.redactor.person(review.signed_off_by)}, "
                        f"{timezone.localtime(review.signed_off_at):%-d %b %Y}"
                        for review in result.witnesses
                    ),
                )
            )
        return tuple(
            CoverageGroup(heading, rows[0].source, tuple(rows)) for heading, rows in groups.items()
        )


_KINDS = {
    "stage": "stage",
    "risk": "risk",
    "assessment": "assessment",
    "action": "action",
    "consultation": "consultation",
    "awarenessrecord": "awareness",
    "review": "review",
    "annotation": "note",
    "swotitem": "swot",
    "pestleitem": "pestle",
}


def _kind(instance) -> str:
    return _KINDS.get(instance._meta.model_name, instance._meta.model_name)


def _snapshot_level(rating: dict | None) -> str:
    if not rating:
        return "Not rated"
    return f"{rating.get('level_label', '')} ({rating.get('score', '')})"


def build_pack(
    register: Register, *, learner, options: PackOptions | None = None, now=None
) -> Pack:
    """The evidence pack of ``register`` as exported by ``learner`` (the user).

    ``register`` should come with ``team``, ``matrix`` and ``owner`` selected, as
    ``get_register`` returns it. Thirteen queries whatever the size of the register (one
    for the exhibits, one more when some support actions; two for the criterion tags, the
    learner's explanations and declarations: the coverage rules, which decide the coverage
    section and the criterion codes in the margin, read the rows already read for the pack)
    and one more for the team's members when names are redacted. The consistency checks read
    the same rows, annotated with what they need; their dismissals come from the cache, or
    cost one query more when no copy is there.
    """
    options = options or PackOptions()
    builder = _Builder(register, learner=learner, options=options)
    content = builder.build()
    results = builder.judge()
    margin = by_anchor(results, lambda obj: builder.names.get((_kind(obj), obj.pk), ""))
    content = dataclasses.replace(content, margin=margin)
    if "coverage" in options.sections:
        witnesses = {review.pk: review for r in results for review in r.witnesses}
        content = dataclasses.replace(
            content,
            coverage=builder.coverage(results),
            declarations=builder.signed,
            witness_statements=tuple(map(builder.witness_entry, witnesses.values())),
        )
    if "checks" in options.sections:
        content = dataclasses.replace(content, checks=builder.checks())
    content = dataclasses.replace(content, exhibits=exhibit_section(register, text=builder.redact))
    digest = content_hash(content)
    generated_at = now or timezone.now()
    return Pack(
        content=content,
        options=options,
        generated_at=generated_at,
        content_hash=digest,
        document_id=f"EV-{timezone.localtime(generated_at):%Y%m%d}-{digest[:8].upper()}",
        journey=builder.journey() if "journey" in options.sections else (),
        heat_maps=builder.heat_maps() if "heatmaps" in options.sections else (),
        sections=tuple((code, label) for code, label in SECTIONS if code in options.sections),
    )
