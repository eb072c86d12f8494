"""The consistency checks: each rule reads a register against its own scales and says, for
each record that contradicts them, what is wrong and what to change.

A rule has an id, a title (what it checks), a severity ("problem" or "worth a look") and a
function. Risk rules look at one risk at a time (the risk page runs only those); register
rules look at stages, reviews, consultations and actions. Every rule reads a ``Facts``
of the rows of ``assessments.rows`` (``checks.loading`` reads them), or of the model rows
the evidence pack read with the same facts annotated, and never queries.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field

from django.urls import reverse

from assessments.models import Action, Category, Decision, Review, Risk
from assessments.rows import ActionRow, ConsultationRow, ReviewRow, RiskRow, StageRow
from checks import reading
from criteria.coverage import CATEGORY_WORDS, stages_without
from registers.models import RiskLevel
from registers.rating import MatrixSpec, add_months

PROBLEM, WORTH_A_LOOK = "problem", "worth a look"
#: Days a review may slip past its date, or a date may run past the cadence, unremarked.
GRACE_DAYS = 3
CUSTOMER_WORDS = re.compile(
    r"\b(customers?|members?|visitors?|public|clients?|guests?|parents?|children|swimmers?|"
    r"users?|callers?|residents?|patients?|passengers?)\b",
    re.IGNORECASE,
)
HIGHER_EXPLAINED = re.compile(
    r"\b(higher|rose|risen|increased?|worse|went up|raised)\b", re.IGNORECASE
)
#: A remark on the review's own timing: "held late", "postponed", "moved", "delayed"...
LATE_REMARK = re.compile(
    r"\b(?:held|took place|met)\b[^.]{0,40}\b(?:late|after|later)\b"
    r"|\b(?:postponed|delayed|moved|re-?scheduled|put back)\b",
    re.IGNORECASE,
)


@dataclass
class Facts:
    """What the rules read: the register's rows (``assessments.rows``), every risk with its
    facts (``has_action``, ``customer_aware``, ``last_review``...), and its scales."""

    register: object
    spec: MatrixSpec
    today: dt.date
    risks: list[RiskRow]
    actions: list[ActionRow] = field(default_factory=list)
    consultations: list[ConsultationRow] = field(default_factory=list)
    reviews: list[ReviewRow] = field(default_factory=list)
    stages: list[StageRow] = field(default_factory=list)
    _months: dict[str, int] = field(default_factory=dict, init=False, repr=False)

    def review_months(self, level: str) -> int:
        """``register.review_months(level)``, asked once a level a run."""
        if level not in self._months:
            self._months[level] = self.register.review_months(level)
        return self._months[level]

    def risk_url(self, risk: RiskRow) -> str:
        """The risk's page, as ``Risk.get_absolute_url`` gives it (one ``reverse`` a run)."""
        head, tail = self._risk_url_parts
        return f"{head}{risk.number}{tail}"

    @functools.cached_property
    def _risk_url_parts(self) -> tuple[str, str]:
        """The risk page's address of the register either side of the risk's number."""
        marker = 987654321  # the number follows the register's id: its last occurrence
        url = reverse(
            "assessments:risk_detail",
            kwargs={"register_id": self.register.pk, "number": marker},
        )
        head, _marker, tail = url.rpartition(str(marker))
        return head, tail

    @functools.cached_property
    def likelihood_bands(self) -> dict[int, tuple[float, float]] | None:
        """The matrix's likelihood bands (``reading.likelihood_bands``), read once a run."""
        return reading.likelihood_bands(
            {step.value: step.descriptors["likelihood"] for step in self.spec.likelihoods}
        )

    @functools.cached_property
    def money_bands(self) -> dict[int, tuple | None]:
        """Each consequence step's finance band (``reading.money_band``), read once a run."""
        steps = self.spec.consequences
        return {s.value: reading.money_band(s.descriptors["finance"]) for s in steps}

    @functools.cached_property
    def live_action_words(self) -> dict[int, set[str]]:
        """The words of each action's description (``reading.words``), but the cancelled
        actions', read once a run (and only when some agreed point needs them)."""
        return {
            action.pk: reading.words(action.description)
            for action in self.actions
            if action.status != Action.Status.CANCELLED
        }


@dataclass(frozen=True)
class Finding:
    rule: Rule
    record: str  # a stable key, e.g. "risk:12"
    reference: str  # the record as a person names it, e.g. "R-004"
    message: str
    risk_id: int | None = None
    url: str = ""

    @property
    def severity(self) -> str:
        return self.rule.severity

    @property
    def is_problem(self) -> bool:
        return self.rule.severity == PROBLEM


@dataclass(frozen=True)
class Rule:
    id: str
    title: str
    severity: str
    scope: str  # "risk" or "register"
    function: Callable = field(repr=False, compare=False)

    def run(self, facts: Facts) -> Iterator[Finding]:
        if self.scope == "risk":
            for risk in facts.risks:
                yield from self.function(self, risk, facts)
        else:
            yield from self.function(self, facts)


RULES: list[Rule] = []


def rule(id: str, title: str, severity: str, scope: str = "risk"):
    def register(function):
        RULES.append(Rule(id, title, severity, scope, function))
        return function

    return register


def risk_finding(rule: Rule, risk: RiskRow, facts: Facts, message: str) -> Finding:
    return Finding(rule, f"risk:{risk.pk}", risk.reference, message, risk.pk, facts.risk_url(risk))


def _name(risk: RiskRow) -> str:
    return f"{risk.reference} '{risk.title}'"


def _ratings(risk: RiskRow):
    for label, rating in (("inherent", risk.inherent_rating), ("residual", risk.residual_rating)):
        if rating is not None:
            yield label, rating


# --- Ratings against the matrix's own words -----------------------------------------------


@rule(
    "likelihood-frequency",
    "A rationale's stated frequency fits the likelihood chosen",
    PROBLEM,
)
def likelihood_frequency(rule, risk, facts):
    bands = facts.likelihood_bands
    if bands is None:
        return
    for label, rating in _ratings(risk):
        stated = reading.frequencies(rating.rationale)
        if not stated:
            continue
        low, high = bands[rating.likelihood]
        if any(low / 1.25 <= f.per_year <= high * 1.25 for f in stated):
            continue
        said = stated[0]
        fits = next(v for v, (lo, hi) in bands.items() if lo <= said.per_year <= hi)
        step, chosen = (
            facts.spec.likelihood_step(fits),
            facts.spec.likelihood_step(rating.likelihood),
        )
        yield risk_finding(
            rule,
            risk,
            facts,
            f"The {label} rating of {_name(risk)} says {reading.quote(said.phrase)} "
            f"({reading.per_year_words(said.per_year)}), but chooses L{chosen.value} "
            f"{chosen.label} (“{chosen.descriptors['likelihood']}”). The matrix puts that "
            f"frequency at L{step.value} {step.label}: re-rate the likelihood, or correct "
            "the rationale.",
        )


@rule(
    "consequence-words",
    "A rationale's named outcome or sum fits the consequence chosen",
    PROBLEM,
)
def consequence_words(rule, risk, facts):
    steps = facts.spec.consequences
    for label, rating in _ratings(risk):
        text = rating.rationale
        mentions: dict[str, list[tuple[str, set[int]]]] = {}
        for concept, words in reading.named_concepts(text):
            placed = {
                s.value for s in steps if concept.placed.search(s.descriptors[concept.dimension])
            }
            if placed:
                mentions.setdefault(concept.dimension, []).append((words, placed))
        sums = reading.amounts(text)
        if sums and all(facts.money_bands.values()):
            bands = facts.money_bands
            for value, words in sums:
                placed = {v for v, (lo, hi) in bands.items() if lo <= value <= hi}
                mentions.setdefault("finance", []).append((words, placed))
        for dimension, said in mentions.items():
            chosen = rating.consequences[dimension]
            if any(chosen in placed for _words, placed in said):
                continue
            words, placed = said[0]
            where = " or ".join(f"C{s.value} {s.label}" for s in steps if s.value in placed)
            dimension_words = {"finance": "finance", "reputation": "reputation"}.get(
                dimension, "health & safety"
            )
            step = facts.spec.consequence_step(chosen)
            yield risk_finding(
                rule,
                risk,
                facts,
                f"The {label} rating of {_name(risk)} names {reading.quote(words)}, which "
                f"the matrix's {dimension_words} descriptors place at {where}, but rates "
                f"{dimension_words} C{chosen} {step.label} (“{step.descriptors[dimension]}”). "
                f"Change the {dimension_words} consequence, or say in the rationale why "
                "this case is different.",
            )


# --- Decisions ------------------------------------------------------------------------------

TOLERABLE = re.compile(r"\b(toler|accept)", re.IGNORECASE)


@rule(
    "decision-tolerate-level",
    "A tolerated risk is at a level that allows tolerating",
    PROBLEM,
)
def tolerate_level(rule, risk, facts):
    rating = risk.current_rating
    if risk.decision != Decision.TOLERATE or rating is None or risk.status != Risk.Status.OPEN:
        return
    level = facts.spec.level(rating.level_code)
    if TOLERABLE.search(level.requirement) and not rating.escalated:
        return
    allowed = [lv.label for lv in facts.spec.levels if TOLERABLE.search(lv.requirement)]
    yield risk_finding(
        rule,
        risk,
        facts,
        f"{_name(risk)} is tolerated at {level.label}"
        + (" (escalated)" if rating.escalated else "")
        + f", where the matrix says: “{level.requirement}” Decide to treat it with actions"
        + (f", or tolerate only a risk rated {' or '.join(allowed)}." if allowed else "."),
    )


@rule("decision-treat-no-action", "A treated risk has an action", PROBLEM)
def treat_without_action(rule, risk, facts):
    if risk.decision == Decision.TREAT and risk.status == Risk.Status.OPEN and not risk.has_action:
        yield risk_finding(
            rule,
            risk,
            facts,
            f"{_name(risk)} is to be treated, but no action is recorded for it. Add the "
            "actions that treat it, or change the decision.",
        )


@rule(
    "ended-still-open",
    "A terminated or transferred risk is closed",
    PROBLEM,
)
def ended_still_open(rule, risk, facts):
    if risk.decision in (Decision.TERMINATE, Decision.TRANSFER) and risk.status == Risk.Status.OPEN:
        verb = "terminated" if risk.decision == Decision.TERMINATE else "transferred"
        yield risk_finding(
            rule,
            risk,
            facts,
            f"{_name(risk)} is {verb} but still open"
            + (
                f" with a review due on {risk.next_review_date:%-d %b %Y}"
                if risk.next_review_date
                else ""
            )
            + ". Close the risk, or change the decision if the team still holds it.",
        )


# --- Residual against inherent ------------------------------------------------------------


@rule(
    "residual-higher",
    "A residual rating above the inherent one says why",
    PROBLEM,
)
def residual_higher(rule, risk, facts):
    inherent, residual = risk.inherent_rating, risk.residual_rating
    if not (inherent and residual) or residual.score <= inherent.score:
        return
    if risk.residual_explained or HIGHER_EXPLAINED.search(residual.rationale):
        return
    yield risk_finding(
        rule,
        risk,
        facts,
        f"The residual rating of {_name(risk)} ({residual.explanation}) is higher than its "
        f"inherent rating ({inherent.explanation}) and nothing says why. Explain the rise "
        "in the rationale or a note on the rating, or correct the rating.",
    )


@rule(
    "residual-lower-no-action",
    "A residual rating below the inherent one follows an action done",
    PROBLEM,
)
def residual_lower(rule, risk, facts):
    inherent, residual = risk.inherent_rating, risk.residual_rating
    if not (inherent and residual) or residual.score >= inherent.score or risk.has_done_action:
        return
    yield risk_finding(
        rule,
        risk,
        facts,
        f"The residual rating of {_name(risk)} ({residual.explanation}) is lower than its "
        f"inherent rating ({inherent.explanation}), but none of its actions is done. Record "
        "the action that lowered it as done, or rate it again when it is.",
    )


# --- Reviews --------------------------------------------------------------------------------


@rule(
    "review-cadence",
    "High and escalated risks are reviewed at their level's cadence",
    PROBLEM,
)
def review_cadence(rule, risk, facts):
    rating = risk.current_rating
    if rating is None or risk.status != Risk.Status.OPEN or rating.review_level != "high":
        return
    months = facts.review_months("high")
    since = max(filter(None, (risk.last_review, rating.assessed_on)))
    due = add_months(since, months)
    if due + dt.timedelta(days=GRACE_DAYS) >= facts.today:
        return
    last = (
        f"was last reviewed on {risk.last_review:%-d %b %Y}"
        if risk.last_review
        else "has not been covered by a review"
    )
    yield risk_finding(
        rule,
        risk,
        facts,
        f"{_name(risk)} is {rating.level_label}{' and escalated' if rating.escalated else ''}, "
        f"so it is reviewed every {months} month{'s' if months != 1 else ''}, but it {last} "
        f"(due by {due:%-d %b %Y}). Hold a review that covers it.",
    )


@rule(
    "next-review-date",
    "Next review dates follow the level's cadence",
    PROBLEM,
)
def next_review(rule, risk, facts):
    rating = risk.current_rating
    if rating is None or risk.status != Risk.Status.OPEN:
        return
    months = facts.review_months(rating.review_level)
    since = max(filter(None, (risk.last_review, rating.assessed_on)))
    latest = add_months(since, months)
    planned = risk.next_review_date
    if planned is not None and planned <= latest + dt.timedelta(days=GRACE_DAYS):
        return
    every = f"every {months} month{'s' if months != 1 else ''}"
    why = f"{rating.level_label}{' and escalated' if rating.escalated else ''}"
    if planned is None:
        yield risk_finding(
            rule,
            risk,
            facts,
            f"{_name(risk)} is {why} (reviewed {every}) but has no next review date. "
            f"Set it, at the latest {latest:%-d %b %Y}.",
        )
    else:
        yield risk_finding(
            rule,
            risk,
            facts,
            f"{_name(risk)} is {why}, so it is reviewed {every}, but its next review is "
            f"{risk.next_review_date:%-d %b %Y}. Bring it forward to {latest:%-d %b %Y} at "
            "the latest.",
        )


def _review_finding(rule, review: ReviewRow, message: str) -> Finding:
    return Finding(rule, f"review:{review.pk}", f"Review of {review.date:%-d %b %Y}", message)


def _held(facts: Facts) -> list[ReviewRow]:
    return sorted(
        (r for r in facts.reviews if r.state in Review.HELD_STATES and r.date <= facts.today),
        key=lambda r: (r.date, r.pk),
    )


@rule(
    "review-late",
    "A review held after its due date says why",
    WORTH_A_LOOK,
    "register",
)
def review_late(rule, facts):
    held = _held(facts)
    for previous, review in zip(held, held[1:], strict=False):
        due = previous.next_review_date
        if due is None or review.date <= due + dt.timedelta(days=GRACE_DAYS):
            continue
        if review.has_note or LATE_REMARK.search(f"{review.minutes}\n{review.outcome}"):
            continue
        days = (review.date - due).days
        yield _review_finding(
            rule,
            review,
            f"The review of {review.date:%-d %b %Y} was held {days} days after the date the "
            f"review of {previous.date:%-d %b %Y} set ({due:%-d %b %Y}), and its minutes do "
            "not say why. Add a remark on the delay to the minutes, or a note on the review.",
        )


@rule(
    "review-next-date",
    "A review's next date follows the highest level it covers",
    PROBLEM,
    "register",
)
def review_next_date(rule, facts):
    held = _held(facts)
    if not held or held[-1].next_review_date is None:
        return
    review = held[-1]
    levels = {
        risk.current_rating.review_level
        for risk in facts.risks
        if risk.current_rating and risk.status == Risk.Status.OPEN
    }
    if not levels:
        return
    months = min(facts.review_months(level) for level in levels)
    latest = add_months(review.date, months)
    if review.next_review_date > latest + dt.timedelta(days=GRACE_DAYS):
        highest = max(levels, key=RiskLevel.RANKS.__getitem__)
        top = "High or escalated" if highest == "high" else RiskLevel.Code(highest).label
        yield _review_finding(
            rule,
            review,
            f"The review of {review.date:%-d %b %Y} set the next review for "
            f"{review.next_review_date:%-d %b %Y}, but the register holds {top} risks, "
            f"reviewed every {months} month{'s' if months != 1 else ''}: the next review is "
            f"due by {latest:%-d %b %Y}.",
        )


# --- Agreed actions, awareness, coverage, law ---------------------------------------------


@rule(
    "agreed-action-recorded",
    "Actions agreed in consultations and reviews are recorded",
    PROBLEM,
    "register",
)
def agreed_actions(rule, facts):
    sources = [
        (f"consultation:{c.pk}", f"Consultation of {c.date:%-d %b %Y}", c.actions_agreed)
        for c in facts.consultations
    ] + [
        (
            f"review:{r.pk}",
            f"Review of {r.date:%-d %b %Y}",
            "\n".join(reading.agreed_in_minutes(r.minutes)),
        )
        for r in facts.reviews
    ]
    for key, reference, text in sources:
        for point in reading.points(text):
            if reading.RESOLVED.search(point):
                continue
            if reading.matching_action(point, facts.live_action_words):
                continue
            yield Finding(
                rule,
                f"{key}:{reading.point_key(point)}",
                reference,
                f"{reference} agreed {reading.quote(point)}, but no action record matches "
                "it. Record it as an action, or mark the point “recorded as action ...” or "
                "“not needed because ...”.",
            )


def _untold_customers(risk, *, serious: bool):
    """The current rating of an open, rated risk with no customer awareness record whose
    seriousness (health and safety, or High) is ``serious``; else None. The problem-level
    rule reads the serious ones, the worth-a-look rule the others."""
    rating = risk.current_rating
    if risk.status != Risk.Status.OPEN or risk.customer_aware or rating is None:
        return None
    is_serious = risk.category == Category.HEALTH_SAFETY or rating.review_level == "high"
    return rating if is_serious == serious else None


@rule(
    "customer-awareness",
    "Customers are told of the safety risks and the High risks that affect them",
    PROBLEM,
)
def customer_awareness(rule, risk, facts):
    rating = _untold_customers(risk, serious=True)
    m = rating and CUSTOMER_WORDS.search(risk.affected)
    if m:
        why = (
            "a health and safety risk"
            if risk.category == Category.HEALTH_SAFETY
            else f"{rating.level_label}{' and escalated' if rating.escalated else ''}"
        )
        yield risk_finding(
            rule,
            risk,
            facts,
            f"{_name(risk)} is {why} and affects {reading.quote(risk.affected, 60)} (it "
            f"names “{m.group(0)}”), but no record says how customers were made aware of "
            "it. Add an awareness record for customers.",
        )


@rule(
    "customer-awareness-other",
    "Customers are told of the other risks that affect them, or the register says why not",
    WORTH_A_LOOK,
)
def customer_awareness_other(rule, risk, facts):
    m = _untold_customers(risk, serious=False) and CUSTOMER_WORDS.search(risk.affected)
    if m:
        yield risk_finding(
            rule,
            risk,
            facts,
            f"{_name(risk)} affects {reading.quote(risk.affected, 60)} (it names "
            f"“{m.group(0)}”), but no record says whether customers were made aware of it. "
            "Add an awareness record for customers, or dismiss this with the reason they "
            "need not be told.",
        )


@rule(
    "stage-category-gap",
    "Every stage has a risk of each category, or a note saying why not",
    WORTH_A_LOOK,
    "register",
)
def stage_gaps(rule, facts):
    for category, word in CATEGORY_WORDS.items():
        for stage in stages_without(category, facts.stages, facts.risks):
            yield Finding(
                rule,
                f"stage:{stage.pk}:{category}",
                f"Stage '{stage.name}'",
                f"No {word} risk at stage '{stage.name}'. Record one, or dismiss this with "
                f"a note saying why the stage holds no {word} risk.",
            )


@rule("revoked-law", "No risk cites revoked law", PROBLEM, "risk")
def revoked_law(rule, risk, facts):
    if risk.revoked_reference:
        yield risk_finding(rule, risk, facts, _revoked(_name(risk), risk.revoked_reference))


@rule("revoked-law-action", "No action cites revoked law", PROBLEM, "register")
def revoked_law_actions(rule, facts):
    for action in facts.actions:
        if action.revoked_reference:
            name = f"Action '{reading.quote(action.description, 50)[1:-1]}'"
            yield Finding(
                rule, f"action:{action.pk}", name, _revoked(name, action.revoked_reference)
            )


def _revoked(name: str, reference: str) -> str:
    return (
        f"{name} cites {reference}, which has been revoked. Link the law that replaced it "
        "(see the reference library) instead."
    )


RISK_RULES = [r for r in RULES if r.scope == "risk"]
BY_ID = {r.id: r for r in RULES}


def run(rules: Iterable[Rule], facts: Facts) -> list[Finding]:
    """Every finding of ``rules`` on ``facts``, rule by rule (no queries)."""
    return [finding for r in rules for finding in r.run(facts)]
