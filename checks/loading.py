"""Running the checks on a register: what they read, in a fixed number of queries, and the
report pages, the PDF and ``manage.py check_register`` show.

``register_report(register)`` reads the register (6 queries, whatever its size) as the
rows of ``checks.rows`` (``values_list``, no models) and runs every rule;
``risk_report(register, risk_id)`` reads one risk with its dismissals (1 query) and runs
the risk rules. The evidence pack annotates the rows it reads anyway with
``risk_facts()`` and friends and calls ``report_from`` with them (the dismissals come from
the cache when they can: see ``dismissals_of``).
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import CharField, DateField, Exists, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from assessments.models import (
    Action,
    Annotation,
    AwarenessRecord,
    Consultation,
    Review,
    Risk,
)
from checks import rules as checks
from checks.models import Dismissal
from checks.rows import (
    RATING_COLUMNS,
    RISK_COLUMNS,
    ActionRow,
    ConsultationRow,
    ReviewRow,
    RiskRow,
    StageRow,
    rows_of,
)
from journeys.models import Stage


def _revoked(through, column: str) -> Subquery:
    """The title of the first revoked reference a risk or action cites, or None."""
    return Subquery(
        through.objects.filter(**{column: OuterRef("pk")}, reference__revoked_on__isnull=False)
        .order_by("reference__title")
        .values("reference__title")[:1]
    )


def risk_facts() -> dict:
    """The annotations every risk rule reads, as one dict for ``QuerySet.annotate``."""
    live_actions = Action.objects.filter(risks=OuterRef("pk")).exclude(
        status=Action.Status.CANCELLED
    )
    return {
        "has_action": Exists(live_actions),
        "has_done_action": Exists(live_actions.filter(status=Action.Status.DONE)),
        "customer_aware": Exists(
            AwarenessRecord.objects.filter(
                risk=OuterRef("pk"), audience=AwarenessRecord.Audience.CUSTOMERS
            )
        ),
        "last_review": Subquery(
            Review.risks.through.objects.filter(
                risk_id=OuterRef("pk"), review__state__in=checks.HELD_REVIEWS
            )
            .order_by("-review__date")
            .values("review__date")[:1]
        ),
        "residual_explained": Exists(
            Annotation.objects.filter(assessment_id=OuterRef("residual_rating_id"))
        ),
        "revoked_reference": _revoked(Risk.references.through, "risk_id"),
    }


def action_facts() -> dict:
    return {"revoked_reference": _revoked(Action.references.through, "action_id")}


def review_facts() -> dict:
    return {"has_note": Exists(Annotation.objects.filter(review_id=OuterRef("pk")))}


@dataclass(frozen=True)
class RuleResult:
    rule: checks.Rule
    open: int
    dismissed: int

    @property
    def passed(self) -> bool:
        return self.open == 0


@dataclass
class Report:
    """The findings of a run: those still open, those dismissed (each with its
    ``Dismissal``), and every rule that ran with how it came out."""

    rules: list[checks.Rule]
    open: list[checks.Finding] = field(default_factory=list)
    dismissed: list[tuple[checks.Finding, Dismissal]] = field(default_factory=list)

    @property
    def problems(self) -> list[checks.Finding]:
        return [f for f in self.open if f.is_problem]

    @property
    def worth_a_look(self) -> list[checks.Finding]:
        return [f for f in self.open if not f.is_problem]

    @property
    def results(self) -> list[RuleResult]:
        open_ = Counter(f.rule.id for f in self.open)
        dismissed = Counter(f.rule.id for f, _d in self.dismissed)
        return [RuleResult(rule, open_[rule.id], dismissed[rule.id]) for rule in self.rules]


def judge(rules, facts: checks.Facts, dismissals: dict[tuple[str, str], Dismissal]) -> Report:
    """Run ``rules`` on ``facts`` and set aside the findings dismissed (no queries)."""
    report = Report(list(rules))
    for finding in checks.run(rules, facts):
        dismissal = dismissals.get((finding.rule.id, finding.record))
        if dismissal is None:
            report.open.append(finding)
        else:
            report.dismissed.append((finding, dismissal))
    return report


#: Open findings the register overview lists before a "show all" link.
OVERVIEW_FINDINGS = 20

#: The longest a process reuses its copy of a register's dismissals. The services that
#: dismiss and reopen drop the copy when they commit; with a cache of its own (the default
#: in-memory one) another process may go on reading its copy for this long.
DISMISSALS_CACHE_SECONDS = 60


def dismissals_key(register_id) -> str:
    return f"checks:dismissals:{register_id}"


def dismissals_of(register, *, cached: bool = False) -> dict[tuple[str, str], Dismissal]:
    """The register's dismissals by (rule, record), with who dismissed them: one query, or
    none when ``cached`` and a copy is in the cache (the evidence pack, which reads every
    table of the register, has no query to spare)."""
    key = dismissals_key(register.pk)
    found = cache.get(key) if cached else None
    if found is None:
        found = {
            (d.rule, d.record): d
            for d in Dismissal.objects.filter(register=register).select_related("dismissed_by")
        }
        cache.set(key, found, DISMISSALS_CACHE_SECONDS)
    return found


def _facts(register, today: dt.date | None, risks, **rows) -> checks.Facts:
    return checks.Facts(
        register=register,
        spec=register.matrix.spec,
        today=today or timezone.localdate(),
        risks=risks,
        **rows,
    )


def report_from(
    register,
    *,
    risks,
    actions,
    consultations,
    reviews,
    stages,
    today: dt.date | None = None,
    cached: bool = False,
) -> Report:
    """The full report from model rows already read (annotated with ``risk_facts``,
    ``action_facts`` and ``review_facts``; risks with both ratings selected); reads only
    the dismissals (see ``dismissals_of``)."""
    facts = _facts(
        register,
        today,
        risks=[RiskRow.of(risk) for risk in risks],
        actions=rows_of(ActionRow, actions),
        consultations=rows_of(ConsultationRow, consultations),
        reviews=rows_of(ReviewRow, reviews),
        stages=rows_of(StageRow, stages),
    )
    return judge(checks.RULES, facts, dismissals_of(register, cached=cached))


#: A risk's two ratings, each read as the columns of ``checks.rows.RatingRow``.
TIERS = ("inherent_rating", "residual_rating")


def read_risks(register) -> list[RiskRow]:
    """The register's risks as ``RiskRow``s, by number (one query)."""
    # The day a rating was made: the date of its stored (UTC) time, as a loaded model gives
    # it (``assessed_at.date()``).
    made_on = {f"{tier}_on": Cast(f"{tier}__assessed_at", DateField()) for tier in TIERS}
    columns = [*RISK_COLUMNS]
    for tier in TIERS:
        columns += [*(f"{tier}__{name}" for name in RATING_COLUMNS), f"{tier}_on"]
    values = (
        Risk.objects.filter(register=register)
        .annotate(**risk_facts(), **made_on)
        .order_by("number")
        .values_list(*columns)
    )
    return [RiskRow.from_values(row) for row in values]


def _read(row_type, queryset) -> list:
    return [row_type._make(row) for row in queryset.values_list(*row_type._fields)]


def register_report(register, *, today: dt.date | None = None) -> Report:
    """Every check on ``register`` (6 queries; the matrix comes from its cache). Each list
    is in the order of its model's own ordering within the register."""
    actions = Action.objects.filter(register=register).annotate(**action_facts())
    reviews = Review.objects.filter(register=register).annotate(**review_facts())
    facts = _facts(
        register,
        today,
        risks=read_risks(register),
        actions=_read(ActionRow, actions.order_by("due_date", "pk")),
        consultations=_read(
            ConsultationRow, Consultation.objects.filter(register=register).order_by("-date", "pk")
        ),
        reviews=_read(ReviewRow, reviews.order_by("-date", "-pk")),
        stages=_read(StageRow, Stage.objects.filter(register=register).order_by("order", "pk")),
    )
    return judge(checks.RULES, facts, dismissals_of(register))


def risk_report(register, risk_id: int, *, today: dt.date | None = None) -> Report:
    """The risk rules on one risk of ``register`` (one query: the risk with what the rules
    read and, for each rule, the reason it was dismissed, if it was)."""
    record = Concat(Value("risk:"), Cast(OuterRef("pk"), CharField()))
    reasons = {
        f"dismissed_{index}": Subquery(
            Dismissal.objects.filter(register=OuterRef("register"), rule=rule.id, record=record)
            .order_by()
            .values("reason")[:1]
        )
        for index, rule in enumerate(checks.RISK_RULES)
    }
    risk = (
        Risk.objects.filter(register=register, pk=risk_id)
        .with_ratings()
        .annotate(**risk_facts(), **reasons)
        .first()
    )
    if risk is None:
        return Report(list(checks.RISK_RULES))
    dismissals = {
        # Only the reason is read here; who and when show on the register's overview.
        (rule.id, f"risk:{risk.pk}"): Dismissal(
            register=register,
            rule=rule.id,
            record=f"risk:{risk.pk}",
            reason=reason,
            dismissed_at=None,
        )
        for index, rule in enumerate(checks.RISK_RULES)
        if (reason := getattr(risk, f"dismissed_{index}")) is not None
    }
    facts = _facts(register, today, risks=[RiskRow.of(risk)])
    return judge(checks.RISK_RULES, facts, dismissals)
