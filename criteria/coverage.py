"""Which assessment criteria a register evidences, decided from the register's own data.

``evaluate_register(register)`` is the entry point for pages, the PDF and the
``coverage`` command: it loads the register's records once (a fixed number of queries,
whatever its size), then runs one rule per criterion in Python. A rule returns a status,
the records that evidence the criterion and, for a gap, plain sentences saying what to
add. ``judge`` then decides the status shown everywhere (the one home of that rule):

- a criterion a supervisor ticked as witnessed when signing off a review with a witness
  statement (``witnessed_codes``) is *witnessed*; ER1 (real work with real customers) can
  be evidenced no other way, so without one it is *missing*;
- a criterion only a person can judge (``Criterion.judged_by_person``) needs the
  learner's own explanation: *explanation needed* until it is written, then *explained*
  (for the assessor to judge). The rule's records are shown as supporting evidence only;
- any other criterion has the status its rule decided: *evidenced*, *partial*, *missing*.

A learner's tags (``CriterionTag``) add to the evidence shown, never to the status: a tag
alone completes nothing.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from functools import partial

from django.contrib.auth import get_user_model
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import models
from django.db.models import IntegerField, Value
from django.db.models.signals import post_delete, post_save

from assessments.models import (
    WITNESSABLE_CRITERIA,
    Action,
    Annotation,
    AwarenessRecord,
    Category,
    Consultation,
    Decision,
    Identification,
    PestleItem,
    Review,
    Risk,
    SwotItem,
)
from assessments.rows import model_of, read_rows
from criteria.catalogue import CATALOGUE, WITNESSED_ONLY
from criteria.models import Criterion, CriterionTag, Declaration, Explanation
from journeys.models import Stage

User = get_user_model()

EVIDENCED, PARTIAL, MISSING = "evidenced", "partial", "missing"
EXPLANATION_NEEDED, EXPLAINED, WITNESSED = "explanation_needed", "explained", "witnessed"
#: Every status, in the order the summaries count them.
STATUSES = (EVIDENCED, WITNESSED, EXPLAINED, PARTIAL, EXPLANATION_NEEDED, MISSING)
STATUS_LABELS = {
    EVIDENCED: "Evidenced",
    WITNESSED: "Witnessed",
    EXPLAINED: "Explained: for the assessor to judge",
    PARTIAL: "Partly evidenced",
    EXPLANATION_NEEDED: "Explanation needed",
    MISSING: "Missing",
}
#: The statuses that leave nothing for the learner to add.
COMPLETE = (EVIDENCED, WITNESSED, EXPLAINED)

#: Records a learner may tag to a criterion, by the key the tag form uses.
TAGGABLE: dict[str, type[models.Model]] = {
    "annotation": Annotation,
    "stage": Stage,
    "risk": Risk,
    "action": Action,
    "consultation": Consultation,
    "awareness": AwarenessRecord,
    "review": Review,
    "swot": SwotItem,
    "pestle": PestleItem,
}

#: The consultation groups that count as colleagues (NOS PC11), and the three groups of
#: OCR evidence requirement 7.
COLLEAGUES = {
    Consultation.Group.TEAM,
    Consultation.Group.PARTNERS,
    Consultation.Group.MANAGERS,
    Consultation.Group.COMPLIANCE,
}
ER7_GROUPS = (Consultation.Group.TEAM, Consultation.Group.PARTNERS, Consultation.Group.MANAGERS)
ER7_GROUP_WORDS = {
    Consultation.Group.TEAM: "team members or colleagues",
    Consultation.Group.PARTNERS: "suppliers or service partners",
    Consultation.Group.MANAGERS: "supervisors, team leaders or managers",
}
CATEGORY_WORDS = {
    Category.FINANCIAL: "financial",
    Category.REPUTATIONAL: "reputational",
    Category.HEALTH_SAFETY: "health and safety",
    Category.SUBSTANDARD_DELIVERY: "sub-standard delivery",
}


@dataclass(frozen=True)
class TaggedRecord:
    """A learner's ``CriterionTag`` with the record it tags (``target``: a row of
    ``assessments.rows`` or a model instance, as the register's records were read) and its
    ``kind`` (a key of ``TAGGABLE``)."""

    pk: int
    criterion: Criterion
    kind: str
    target: object
    tagged_by: object

    @property
    def criterion_id(self) -> int:
        return self.criterion.pk

    @property
    def tagged_by_id(self) -> int | None:
        return self.tagged_by.pk if self.tagged_by is not None else None


@dataclass
class CriterionResult:
    """How far a register evidences one criterion.

    ``evidence`` holds the records found by the rule followed by those tagged by hand;
    ``tags`` the tags themselves (``TaggedRecord``); ``explanation`` the
    learner's explanation, if written; ``witnesses`` the signed-off reviews whose witness
    statement speaks for the criterion. ``gaps`` is the learner's to-do list: it stays in
    the app, never in the pack.
    """

    criterion: Criterion
    status: str
    evidence: list = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)
    rule_evidence: list = field(default_factory=list)
    tags: list[TaggedRecord] = field(default_factory=list)
    explanation: Explanation | None = None
    witnesses: list[Review] = field(default_factory=list)

    @property
    def status_label(self) -> str:
        return STATUS_LABELS[self.status]

    @property
    def is_complete(self) -> bool:
        return self.status in COMPLETE


@dataclass
class Outcome:
    """What a rule decided: status, the records behind it, and what to add."""

    status: str
    evidence: list = field(default_factory=list)
    gaps: list[str] = field(default_factory=list)


@dataclass
class RegisterRecords:
    """Everything the rules look at, loaded once: by ``load_records`` as the rows of
    ``assessments.rows``, by ``assemble_records`` as model instances (the PDF pack's).

    The rules read only what both have, so they decide the same on either.
    """

    register: object
    criteria: list[Criterion]
    stages: list
    risks: list
    actions: list
    consultations: list
    awareness: list
    reviews: list
    annotations: list
    swot: list
    pestle: list
    tags: list[TaggedRecord]
    explanations: dict[int, Explanation] = field(default_factory=dict)
    declarations: list[Declaration] = field(default_factory=list)

    def by_kind(self) -> dict[str, list]:
        """The taggable records, by the keys of ``TAGGABLE``."""
        return {
            "annotation": self.annotations,
            "stage": self.stages,
            "risk": self.risks,
            "action": self.actions,
            "consultation": self.consultations,
            "awareness": self.awareness,
            "review": self.reviews,
            "swot": self.swot,
            "pestle": self.pestle,
        }

    def find(self, kind: str, pk):
        """The record of ``kind`` with primary key ``pk`` in this register, if any (a row
        or a model instance, as the records were read)."""
        for record in self.by_kind().get(kind, ()):
            if str(record.pk) == str(pk):
                return record
        return None


# --- The catalogue, kept in the cache ----------------------------------------------------

#: Under a digest of ``criteria.catalogue``: a release that changes the catalogue (and so
#: ships a migration loading it) reads under a new key, even from a shared cache.
CRITERIA_CACHE_KEY = "criteria:" + hashlib.sha256(repr(CATALOGUE).encode()).hexdigest()[:16]
#: The longest a copy is kept. The rows change only through migrations (the admin is read
#: only), and a save or delete of a ``Criterion`` empties the cache of the process that
#: made it; this bounds how long another worker process (each has its own cache) or a
#: write that sends no signal (``update()``, raw SQL) can go unseen.
CRITERIA_CACHE_SECONDS = 300


def catalogue(*, refresh: bool = False) -> list[Criterion]:
    """Every ``Criterion`` in catalogue order: from the cache, else one query."""
    criteria = None if refresh else cache.get(CRITERIA_CACHE_KEY)
    if criteria is None:
        criteria = list(Criterion.objects.all())
        cache.set(CRITERIA_CACHE_KEY, criteria, CRITERIA_CACHE_SECONDS)
    return criteria


def forget_catalogue(sender, **kwargs) -> None:
    """Signal receiver: drop the cached catalogue when a criterion is saved or deleted.

    Matched by label, not class, so a migration's historical ``Criterion`` counts too.
    """
    if sender._meta.label_lower == "criteria.criterion":
        cache.delete(CRITERIA_CACHE_KEY)


def connect_signals() -> None:
    """Called by ``CriteriaConfig.ready``."""
    for signal in (post_save, post_delete):
        signal.connect(forget_catalogue, dispatch_uid="criteria-forget-catalogue")


def load_records(register) -> RegisterRecords:
    """Load what the rules need about ``register`` in a fixed number of queries (12, and
    one more when the catalogue of criteria is not in the cache), its records as the
    small rows of ``assessments.rows`` rather than model instances."""
    return _complete(register, **read_rows(register))


def assemble_records(
    register,
    *,
    stages: list[Stage],
    risks: list[Risk],
    actions: list[Action],
    action_risks: Iterable[tuple[int, int]],
    consultations: list[Consultation],
    awareness: list[AwarenessRecord],
    reviews: list[Review],
    annotations: list[Annotation],
    swot: list[SwotItem],
    pestle: list[PestleItem],
) -> RegisterRecords:
    """``RegisterRecords`` from model instances already read (the PDF pack's), adding only
    the criterion tags and the learner's explanations and declarations (two queries; the
    catalogue of criteria comes from the cache).

    The rows must be all of the register's, each risk and action with ``has_references``,
    each SWOT and PESTLE item with ``is_linked``, each annotation with its ``assessment``
    selected. Related objects the rules and the page follow (a risk's stage, an action's
    risks, an annotation's record, a rating's risk) are attached in Python, so nothing
    later queries again.
    """
    stage_by_id = {stage.pk: stage for stage in stages}
    risk_by_id = {risk.pk: risk for risk in risks}
    for risk in risks:
        risk.register = register
        risk.stage = stage_by_id.get(risk.stage_id)
        for rating in (risk.inherent_rating, risk.residual_rating):
            if rating is not None:
                rating.risk = risk
        risk.action_list = []
    action_by_id = {action.pk: action for action in actions}
    for action in actions:
        action.risk_list = []
    for action_id, risk_id in action_risks:
        action_by_id[action_id].risk_list.append(risk_by_id[risk_id])
        risk_by_id[risk_id].action_list.append(action_by_id[action_id])
    for record in awareness:
        record.risk = risk_by_id[record.risk_id]
    _attach_annotation_targets(
        annotations,
        risk_by_id,
        action=action_by_id,
        stage=stage_by_id,
        consultation={item.pk: item for item in consultations},
        review={review.pk: review for review in reviews},
    )
    return _complete(
        register,
        stages=stages,
        risks=risks,
        actions=actions,
        consultations=consultations,
        awareness=awareness,
        reviews=reviews,
        annotations=annotations,
        swot=swot,
        pestle=pestle,
    )


def _complete(register, **found: list) -> RegisterRecords:
    """``RegisterRecords`` of the records ``found`` (rows or models, related records
    attached), with the criterion tags and the learner's explanations and declarations
    (two queries; the catalogue of criteria comes from the cache)."""
    criteria = catalogue()
    tags = list(CriterionTag.objects.filter(register=register).select_related("tagged_by"))
    if not {tag.criterion_id for tag in tags} <= {criterion.pk for criterion in criteria}:
        criteria = catalogue(refresh=True)  # a criterion added since the copy was cached
    records = RegisterRecords(register=register, criteria=criteria, tags=[], **found)
    records.tags = _resolve_tags(records, tags)
    records.explanations, records.declarations = _explanations_and_declarations(register)
    return records


def _explanations_and_declarations(register) -> tuple[dict, list]:
    """The learner's explanations (by criterion id) and signed declarations (newest first),
    read in one query: a UNION ALL of the two tables, each row with its writer's name."""
    person = ("first_name", "last_name", "username")
    explanations = Explanation.objects.filter(register=register).values_list(
        "pk",
        "criterion_id",
        "text",
        "written_at",
        "written_by_id",
        *(f"written_by__{name}" for name in person),
    )
    declarations = Declaration.objects.filter(register=register).values_list(
        "pk",
        Value(None, output_field=IntegerField()),
        "text",
        "signed_at",
        "signed_by_id",
        *(f"signed_by__{name}" for name in person),
    )
    found: dict[int, Explanation] = {}
    signed: list[Declaration] = []
    rows = explanations.order_by().union(declarations.order_by(), all=True)
    for pk, criterion_id, text, when, user_id, first_name, last_name, username in rows:
        user = (
            User(pk=user_id, first_name=first_name, last_name=last_name, username=username)
            if user_id
            else None
        )
        if criterion_id is None:
            signed.append(
                Declaration(pk=pk, register=register, text=text, signed_at=when, signed_by=user)
            )
        else:
            found[criterion_id] = Explanation(
                pk=pk,
                register=register,
                criterion_id=criterion_id,
                text=text,
                written_at=when,
                written_by=user,
            )
    signed.sort(key=lambda declaration: (declaration.signed_at, declaration.pk), reverse=True)
    return found, signed


def _attach_annotation_targets(annotations: list, risk_by_id: dict, **index: dict) -> None:
    index = {"risk": risk_by_id, **index}
    for annotation in annotations:
        for name, objects in index.items():
            target_id = getattr(annotation, f"{name}_id")
            if target_id in objects:
                setattr(annotation, name, objects[target_id])
        if annotation.assessment_id and annotation.assessment.risk_id in risk_by_id:
            annotation.assessment.risk = risk_by_id[annotation.assessment.risk_id]


def _resolve_tags(records: RegisterRecords, tags: list[CriterionTag]) -> list[TaggedRecord]:
    """Each tag with its record; tags whose record no longer exists are dropped."""
    content_types = ContentType.objects.get_for_models(*TAGGABLE.values())
    kind_by_type_id = {content_types[model].pk: kind for kind, model in TAGGABLE.items()}
    index = {
        kind: {record.pk: record for record in objects}
        for kind, objects in records.by_kind().items()
    }
    criterion_by_id = {criterion.pk: criterion for criterion in records.criteria}
    resolved = []
    for tag in tags:
        kind = kind_by_type_id.get(tag.content_type_id)
        target = index.get(kind, {}).get(tag.object_id)
        if target is not None:
            resolved.append(
                TaggedRecord(
                    pk=tag.pk,
                    criterion=criterion_by_id[tag.criterion_id],
                    kind=kind,
                    target=target,
                    tagged_by=tag.tagged_by,
                )
            )
    return resolved


# --- The rules -------------------------------------------------------------------------

Rule = Callable[[RegisterRecords], Outcome]


def _quote(risk: Risk) -> str:
    return f"{risk.reference} '{risk.title}'"


def _status(done: int, total: int) -> str:
    """Evidenced when all ``total`` parts are done, missing when none, else partial."""
    if total and done == total:
        return EVIDENCED
    return PARTIAL if done else MISSING


def moments_of_truth(records: RegisterRecords) -> Outcome:
    if not records.stages:
        return Outcome(
            MISSING,
            gaps=["Map your customer service process into stages and mark its moments of truth."],
        )
    moments = [stage for stage in records.stages if stage.is_moment_of_truth]
    if not moments:
        return Outcome(
            PARTIAL,
            records.stages,
            [
                "Mark the stages that can most impress or disappoint customers as moments "
                "of truth, saying how."
            ],
        )
    return Outcome(EVIDENCED, moments)


def stages_without(category: str, stages: Iterable[Stage], risks: Iterable[Risk]) -> list[Stage]:
    """The stages where no risk of ``category`` is recorded (the gap rule of NOS PC2-5, also
    read by the consistency checks)."""
    covered = {risk.stage_id for risk in risks if risk.category == category}
    return [stage for stage in stages if stage.pk not in covered]


# Rules that several criteria share with different words take those first and are bound
# with ``partial`` below: their work is done when the rule runs, not when it is made.


def category_at_every_stage(category: str, records: RegisterRecords) -> Outcome:
    """A risk of ``category`` at every stage of the journey (NOS PC2-5)."""
    word = CATEGORY_WORDS[category]
    risks = [risk for risk in records.risks if risk.category == category]
    if not records.stages:
        return Outcome(
            PARTIAL if risks else MISSING,
            risks,
            [f"Map your customer journey into stages and record a {word} risk at each."],
        )
    gaps = [
        f"No {word} risk at stage '{stage.name}'."
        for stage in stages_without(category, records.stages, risks)
    ]
    if not gaps:
        return Outcome(EVIDENCED, risks)
    return Outcome(PARTIAL if risks else MISSING, risks, gaps)


def awareness_of(audience: str, gap: str, records: RegisterRecords) -> Outcome:
    """An awareness record for ``audience``."""
    found = [record for record in records.awareness if record.audience == audience]
    return Outcome(EVIDENCED, found) if found else Outcome(MISSING, gaps=[gap])


def every_risk_rated(gap: str, records: RegisterRecords) -> Outcome:
    """Every risk has a rating: likelihood, the three consequences and so a level."""
    if not records.risks:
        return Outcome(MISSING, gaps=["Record the risks you identified and rate each one."])
    rated = [risk.current_rating for risk in records.risks if risk.current_rating]
    gaps = [gap.format(risk=_quote(risk)) for risk in records.risks if not risk.current_rating]
    return Outcome(_status(len(rated), len(records.risks)), rated, gaps)


def consultations_with_colleagues(records: RegisterRecords) -> Outcome:
    found = [item for item in records.consultations if item.group in COLLEAGUES]
    if not found:
        return Outcome(
            MISSING, gaps=["Record a consultation with colleagues about actions to reduce risk."]
        )
    if not any(item.actions_agreed.strip() for item in found):
        return Outcome(
            PARTIAL,
            found,
            ["Record the actions agreed when you consulted colleagues."],
        )
    return Outcome(EVIDENCED, found)


def actions_reduce_risk(records: RegisterRecords) -> Outcome:
    active = [action for action in records.actions if action.status != Action.Status.CANCELLED]
    if not active:
        return Outcome(
            MISSING,
            gaps=["Plan actions to reduce your risks and record them as you carry them out."],
        )
    implemented = [
        action
        for action in active
        if action.status in (Action.Status.DONE, Action.Status.IN_PROGRESS)
    ]
    lowered = [
        risk.residual_rating
        for risk in records.risks
        if risk.residual_rating
        and risk.inherent_rating
        and risk.residual_rating.score < risk.inherent_rating.score
    ]
    gaps = []
    if not implemented:
        gaps.append("Carry out a planned action and record it as in progress or done.")
    if not lowered:
        gaps.append(
            "Re-rate a risk after its actions (a residual rating) to show that the risk went down."
        )
    return Outcome(EVIDENCED if not gaps else PARTIAL, implemented + lowered, gaps)


def laws_and_policies(records: RegisterRecords) -> Outcome:
    found = [risk for risk in records.risks if risk.has_references] + [
        action for action in records.actions if action.has_references
    ]
    if found:
        return Outcome(EVIDENCED, found)
    return Outcome(
        MISSING,
        gaps=[
            "Link your risks or actions to the laws, codes of practice and policies they "
            "follow (for example the Health and Safety at Work etc. Act 1974 or UK GDPR)."
        ],
    )


def owners(records: RegisterRecords) -> Outcome:
    found = [risk for risk in records.risks if risk.owner_id or risk.owner_name] + [
        action for action in records.actions if action.owner_id or action.owner_name
    ]
    if found:
        return Outcome(EVIDENCED, found)
    return Outcome(
        MISSING,
        gaps=["Give your risks and actions an owner, so your responsibilities for risk show."],
    )


def techniques(records: RegisterRecords) -> Outcome:
    rated = [risk.current_rating for risk in records.risks if risk.current_rating]
    gaps = []
    if not rated:
        gaps.append("Rate your risks on the register's likelihood x consequence matrix.")
    if not records.reviews:
        gaps.append("Record a review meeting to show how your risks are reviewed over time.")
    return Outcome(_status(bool(rated) + bool(records.reviews), 2), rated + records.reviews, gaps)


def kinds_of_risk(records: RegisterRecords) -> Outcome:
    wanted = (Category.FINANCIAL, Category.REPUTATIONAL, Category.HEALTH_SAFETY)
    found = [risk for risk in records.risks if risk.category in wanted]
    present = {risk.category for risk in found}
    gaps = [
        f"No {CATEGORY_WORDS[category]} risk recorded yet."
        for category in wanted
        if category not in present
    ]
    return Outcome(_status(len(present), len(wanted)), found, gaps)


def risk_log(records: RegisterRecords) -> Outcome:
    if not records.risks:
        return Outcome(
            MISSING, gaps=["Record your risks in the register as cause, event and consequence."]
        )
    complete, gaps = [], []
    for risk in records.risks:
        if risk.cause.strip() and risk.event.strip() and risk.consequence.strip():
            complete.append(risk)
        else:
            gaps.append(f"Complete the cause, event and consequence of {_quote(risk)}.")
    return Outcome(_status(len(complete), len(records.risks)), complete, gaps)


def review_records(records: RegisterRecords) -> Outcome:
    if not records.reviews:
        return Outcome(MISSING, gaps=["Record a review meeting of the register with its minutes."])
    minuted = [review for review in records.reviews if review.minutes.strip()]
    if not minuted:
        return Outcome(PARTIAL, records.reviews, ["Add the minutes of your review meetings."])
    return Outcome(EVIDENCED, minuted)


def costed_actions(records: RegisterRecords) -> Outcome:
    zero = Decimal("0")
    found = [
        action
        for action in records.actions
        if (action.cost_one_off > zero or action.cost_annual > zero)
        and action.benefit_annual > zero
    ]
    if found:
        return Outcome(EVIDENCED, found)
    return Outcome(
        MISSING,
        gaps=[
            "Give an action its costs and expected annual benefit, so its cost/benefit "
            "analysis shows."
        ],
    )


def swot_and_pestle(records: RegisterRecords) -> Outcome:
    gaps = []
    if not records.swot:
        gaps.append("Add a SWOT analysis: strengths, weaknesses, opportunities and threats.")
    if not records.pestle:
        gaps.append(
            "Add a PESTLE analysis: political, economic, social, technological, legal and "
            "environmental factors."
        )
    return Outcome(_status(2 - len(gaps), 2), records.swot + records.pestle, gaps)


def analysis_linked_to_risks(records: RegisterRecords) -> Outcome:
    swot = [item for item in records.swot if item.is_linked]
    pestle = [item for item in records.pestle if item.is_linked]
    gaps = []
    if not swot:
        gaps.append("Link a SWOT item to the risks it informs.")
    if not pestle:
        gaps.append("Link a PESTLE item to the risks it informs.")
    return Outcome(_status(bool(swot) + bool(pestle), 2), swot + pestle, gaps)


def managers_consulted(records: RegisterRecords) -> Outcome:
    wanted = (Consultation.Group.MANAGERS, Consultation.Group.COMPLIANCE)
    found = [item for item in records.consultations if item.group in wanted]
    if found:
        return Outcome(EVIDENCED, found)
    return Outcome(
        MISSING,
        gaps=[
            "Record a consultation with the supervisors, managers or compliance staff who "
            "manage risk in your organisation."
        ],
    )


def each_risk_judged(records: RegisterRecords) -> Outcome:
    """Each risk listed with its consequences, a rating and a decision (OCR ER6)."""
    if not records.risks:
        return Outcome(MISSING, gaps=["Record each risk you identified, then rate and decide."])
    complete, gaps = [], []
    for risk in records.risks:
        lacking = [
            part
            for part, present in (
                ("its consequences", risk.consequence.strip()),
                ("a rating of its probability and consequences", risk.current_rating),
                ("a decision about action", risk.decision),
            )
            if not present
        ]
        if lacking:
            gaps.append(f"Give {_quote(risk)} {_and(lacking)}.")
        else:
            complete.append(risk)
    return Outcome(_status(len(complete), len(records.risks)), complete, gaps)


def two_groups_consulted(records: RegisterRecords) -> Outcome:
    found = [item for item in records.consultations if item.group in ER7_GROUPS]
    groups = [group for group in ER7_GROUPS if any(item.group == group for item in found)]
    if len(groups) >= 2:
        return Outcome(EVIDENCED, found)
    if groups:
        others = [ER7_GROUP_WORDS[group] for group in ER7_GROUPS if group not in groups]
        return Outcome(
            PARTIAL,
            found,
            [
                f"So far you have worked only with {ER7_GROUP_WORDS[groups[0]]}; record a "
                f"consultation with {others[0]}, or with {others[1]}."
            ],
        )
    return Outcome(
        MISSING,
        gaps=[
            "Record consultations with at least two of these groups: "
            + "; ".join(ER7_GROUP_WORDS.values())
            + "."
        ],
    )


def contrasting_examples(records: RegisterRecords) -> Outcome:
    acted_on = [risk for risk in records.risks if risk.action_list]
    categories = {risk.category for risk in acted_on}
    if len(categories) >= 2:
        return Outcome(EVIDENCED, acted_on)
    if categories:
        word = CATEGORY_WORDS[next(iter(categories))]
        return Outcome(
            PARTIAL,
            acted_on,
            [
                f"Every risk with actions is {word}; add actions to a risk of another "
                "category for a contrasting example."
            ],
        )
    return Outcome(
        MISSING,
        gaps=[
            "Add actions to two risks of different categories (for example a data breach "
            "risk and a complaint escalation risk)."
        ],
    )


def witness_only(records: RegisterRecords) -> Outcome:
    """Real work with real customers (OCR ER1): only a witness can say so."""
    return Outcome(
        MISSING,
        gaps=[
            "Ask the supervisor who saw you at work with real customers to write a witness "
            "statement when they sign off one of your reviews."
        ],
    )


def organisation_named(records: RegisterRecords) -> Outcome:
    """The organisation the evidence comes from is named in the register's context."""
    if records.register.organisation.strip():
        return Outcome(EVIDENCED)
    return Outcome(
        MISSING,
        gaps=["Name your organisation in the register's context and say what kind it is."],
    )


def reviews_over_time(records: RegisterRecords) -> Outcome:
    """Reviews on at least two different days show the work went on over time (OCR ER3)."""
    days = {review.date for review in records.reviews}
    if len(days) >= 2:
        return Outcome(EVIDENCED, records.reviews)
    return Outcome(
        PARTIAL if days else MISSING,
        records.reviews,
        ["Review your register again on another day, to show your work over time."],
    )


def identified_by(ways: tuple[str, ...], gap: str, records: RegisterRecords) -> Outcome:
    """A risk identified in one of ``ways`` (OCR ER5 a/b/c, from ``Risk.identified_how``)."""
    found = [risk for risk in records.risks if risk.identified_how in ways]
    if found:
        return Outcome(EVIDENCED, found)
    gaps = [gap]
    unsaid = sum(not risk.identified_how for risk in records.risks)
    if unsaid:
        gaps.append(f"Say how you identified your risks ({unsaid} do not say yet).")
    return Outcome(MISSING, gaps=gaps)


def treated(records: RegisterRecords) -> Outcome:
    found = [risk for risk in records.risks if risk.decision == Decision.TREAT and risk.action_list]
    if found:
        return Outcome(EVIDENCED, found)
    return Outcome(MISSING, gaps=["Record a risk you decided to treat, with the actions you took."])


def tolerated(records: RegisterRecords) -> Outcome:
    found = [risk for risk in records.risks if risk.decision == Decision.TOLERATE]
    if found:
        return Outcome(EVIDENCED, found)
    return Outcome(
        MISSING, gaps=["Record a risk you judged tolerable (decision: tolerate) and why."]
    )


def _and(parts: list[str]) -> str:
    return parts[0] if len(parts) == 1 else ", ".join(parts[:-1]) + " and " + parts[-1]


PC1 = moments_of_truth
PC2 = partial(category_at_every_stage, Category.FINANCIAL)
PC3 = partial(category_at_every_stage, Category.REPUTATIONAL)
PC4 = partial(category_at_every_stage, Category.HEALTH_SAFETY)
PC5 = partial(category_at_every_stage, Category.SUBSTANDARD_DELIVERY)
PC6 = partial(
    awareness_of,
    AwarenessRecord.Audience.CUSTOMERS,
    "Record how customers were made aware of a risk that affects them (an awareness "
    "record for customers).",
)
PC7 = partial(
    awareness_of,
    AwarenessRecord.Audience.STAFF,
    "Record how staff were briefed or trained on the risks (an awareness record for staff).",
)
PC8 = partial(every_risk_rated, "Rate the probability (likelihood) of {risk}.")
PC9 = partial(
    every_risk_rated,
    "Rate the consequence of {risk} for finance, reputation and health and safety.",
)
PC10 = partial(every_risk_rated, "Rate {risk} to classify it as high, medium or low.")

#: One rule per criterion code; OCR criteria reuse the NOS rule they coincide with.
RULES: dict[str, Rule] = {
    "NOS PC1": PC1,
    "NOS PC2": PC2,
    "NOS PC3": PC3,
    "NOS PC4": PC4,
    "NOS PC5": PC5,
    "NOS PC6": PC6,
    "NOS PC7": PC7,
    "NOS PC8": PC8,
    "NOS PC9": PC9,
    "NOS PC10": PC10,
    "NOS PC11": consultations_with_colleagues,
    "NOS PC12": actions_reduce_risk,
    "NOS PC13": laws_and_policies,
    "NOS K1": owners,
    "NOS K2": PC1,
    "NOS K3": techniques,
    "NOS K4": kinds_of_risk,
    "NOS K5": PC5,
    "NOS K6": risk_log,
    "NOS K7": PC10,
    "NOS K8": review_records,
    "NOS K9": costed_actions,
    "NOS K10": swot_and_pestle,
    "NOS K11": analysis_linked_to_risks,
    "NOS K12": managers_consulted,
    "NOS K13": laws_and_policies,
    "OCR 1.1": PC1,
    "OCR 1.2": PC2,
    "OCR 1.3": PC3,
    "OCR 1.4": PC4,
    "OCR 1.5": PC5,
    "OCR 1.6": PC6,
    "OCR 1.7": PC7,
    "OCR 2.1": PC8,
    "OCR 2.2": PC9,
    "OCR 2.3": PC10,
    "OCR 2.4": consultations_with_colleagues,
    "OCR 2.5": actions_reduce_risk,
    "OCR 3.1": techniques,
    "OCR 3.2": PC10,
    "OCR 3.3": kinds_of_risk,
    "OCR 3.4": costed_actions,
    "OCR 3.5": swot_and_pestle,
    "OCR ER1": witness_only,
    "OCR ER2": organisation_named,
    "OCR ER3": reviews_over_time,
    "OCR ER4": techniques,
    "OCR ER5a": partial(
        identified_by,
        (Identification.OBSERVATION, Identification.RECORDS),
        "Record a risk you identified in your everyday work: by observing the process, or "
        "from records such as complaints, incidents or accounts.",
    ),
    "OCR ER5b": partial(
        identified_by,
        (Identification.INSPECTION,),
        "Record a risk you identified by actively carrying out a risk assessment (an inspection).",
    ),
    "OCR ER5c": partial(
        identified_by,
        (Identification.CONSULTATION,),
        "Record a risk you identified through discussion with colleagues (consultation).",
    ),
    "OCR ER6": each_risk_judged,
    "OCR ER7": two_groups_consulted,
    "OCR ER8a": treated,
    "OCR ER8b": tolerated,
    "TIP 1": contrasting_examples,
}

EXPLAIN_GAP = "Write your explanation of this criterion in your own words."


def _unique(objects: Iterable) -> list:
    """``objects`` with each record once (a row and a model instance of it are one)."""
    seen, unique = set(), []
    for obj in objects:
        key = (model_of(obj), obj.pk)
        if key not in seen:
            seen.add(key)
            unique.append(obj)
    return unique


def explanation_status(explanation: Explanation | None) -> str:
    """The status of a criterion judged by a person: explained once the learner wrote it."""
    return EXPLAINED if explanation is not None else EXPLANATION_NEEDED


def judge(
    criterion: Criterion,
    outcome: Outcome,
    tags: list[TaggedRecord],
    explanation: Explanation | None = None,
    witnesses: list[Review] = (),
) -> CriterionResult:
    """The status of ``criterion``: the one rule pages, the PDF and the command all read.

    See the module docstring. Tags add to the evidence listed, never to the status.
    """
    status, gaps = outcome.status, list(outcome.gaps)
    if witnesses:
        status, gaps = WITNESSED, []
    elif criterion.code in WITNESSED_ONLY:
        status = MISSING
    elif criterion.judged_by_person:
        status = explanation_status(explanation)
        gaps = [] if explanation is not None else [EXPLAIN_GAP, *gaps]
    # A rule lists each record once (``tests/criteria/test_rules.py`` pins it): only a tag
    # can list a record again.
    evidence = list(outcome.evidence)
    if tags:
        evidence = _unique([*evidence, *(tag.target for tag in tags)])
    return CriterionResult(
        criterion=criterion,
        status=status,
        evidence=evidence,
        gaps=gaps,
        rule_evidence=list(outcome.evidence),
        tags=tags,
        explanation=explanation,
        witnesses=list(witnesses),
    )


#: OCR criteria worded as a witnessable NOS criterion: witnessing one witnesses the other.
WITNESSED_WITH: dict[str, tuple[str, ...]] = {
    "NOS PC6": ("OCR 1.6",),
    "NOS PC7": ("OCR 1.7",),
    "NOS PC11": ("OCR 2.4",),
}


def witnessed_codes(review: Review) -> list[str]:
    """The criterion codes ``review``'s witness statement speaks for: those the supervisor
    ticked at sign-off (with the OCR criteria that coincide), and only for a signed-off
    review with a statement written."""
    if review.state != Review.State.SIGNED_OFF or not review.witness_statement.strip():
        return []
    codes = []
    for code in review.witnessed_criteria or ():
        if code in WITNESSABLE_CRITERIA:
            codes += [code, *WITNESSED_WITH.get(code, ())]
    return codes


def witness_statements(records: RegisterRecords) -> dict[str, list[Review]]:
    """The signed-off reviews whose witness statement speaks for each criterion code."""
    witnessed: dict[str, list[Review]] = {}
    for review in records.reviews:
        for code in witnessed_codes(review):
            witnessed.setdefault(code, []).append(review)
    return witnessed


def evaluate(records: RegisterRecords) -> list[CriterionResult]:
    """Run the rule of every criterion on already loaded ``records`` (no queries); a rule
    several criteria share (``RULES``) runs once."""
    tags_by_criterion: dict[int, list[TaggedRecord]] = {}
    for tag in records.tags:
        tags_by_criterion.setdefault(tag.criterion_id, []).append(tag)
    witnessed = witness_statements(records)
    outcomes: dict[Rule, Outcome] = {}  # criteria that share a rule share its outcome

    def outcome_of(rule: Rule) -> Outcome:
        if rule not in outcomes:
            outcomes[rule] = rule(records)
        return outcomes[rule]

    return [
        judge(
            criterion,
            outcome_of(RULES[criterion.code]),
            tags_by_criterion.get(criterion.pk, []),
            records.explanations.get(criterion.pk),
            witnessed.get(criterion.code, []),
        )
        for criterion in records.criteria
    ]


def evaluate_register(register) -> list[CriterionResult]:
    """Every criterion, in catalogue order, with how far ``register`` evidences it."""
    return evaluate(load_records(register))


def summarise(results: Iterable[CriterionResult]) -> dict[str, int]:
    """How many criteria have each status (``STATUSES``), and the total."""
    counts = dict.fromkeys(STATUSES, 0)
    for result in results:
        counts[result.status] += 1
    counts["total"] = sum(counts.values())
    return counts


def summarise_by_source(results: Iterable[CriterionResult]) -> list[tuple[str, dict[str, int]]]:
    """``summarise`` for each source document, in catalogue order."""
    by_source: dict[str, list[CriterionResult]] = {}
    for result in results:
        by_source.setdefault(result.criterion.source, []).append(result)
    return [(source, summarise(items)) for source, items in by_source.items()]
