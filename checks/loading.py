"""Running the checks on a register: what they read, in a fixed number of queries, and the
report pages, the PDF and ``manage.py check_register`` show.

``register_report(register)`` reads the register as the rows of ``assessments.rows`` (the
reading the coverage page judges too: ten queries whatever its size, no models) and runs
every rule; ``risk_report(register, risk_id)`` reads one risk with its dismissals (1 query)
and runs the risk rules on it. The evidence pack annotates the model rows it reads anyway
with ``assessments.rows.risk_facts()`` and friends and calls ``report_from`` with them
(the dismissals come from the cache when they can: see ``dismissals_of``). The rules read
the same names on a row and on an annotated model instance.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import CharField, OuterRef, Subquery, Value
from django.db.models.functions import Cast, Concat
from django.utils import timezone

from assessments.models import Risk
from assessments.rows import read_rows, risk_facts
from checks import rules as checks
from checks.models import Dismissal


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
    """The full report on model rows already read (annotated with ``risk_facts``,
    ``action_facts`` and ``review_facts``; risks with both ratings selected); reads only
    the dismissals (see ``dismissals_of``)."""
    facts = _facts(
        register,
        today,
        risks=list(risks),
        actions=list(actions),
        consultations=list(consultations),
        reviews=list(reviews),
        stages=list(stages),
    )
    return judge(checks.RULES, facts, dismissals_of(register, cached=cached))


def register_report(register, *, today: dt.date | None = None, rows=None) -> Report:
    """Every check on ``register``, on its rows: ``rows`` when the caller read them
    (``assessments.rows.read_rows``), else read here (eight queries, the SWOT and PESTLE
    items left out); and one query for the dismissals (the matrix comes from its cache).
    Each list is in its model's order."""
    rows = rows or read_rows(register, analysis=False)
    facts = _facts(
        register,
        today,
        risks=rows["risks"],
        actions=rows["actions"],
        consultations=rows["consultations"],
        reviews=rows["reviews"],
        stages=rows["stages"],
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
    facts = _facts(register, today, risks=[risk])
    return judge(checks.RISK_RULES, facts, dismissals)
