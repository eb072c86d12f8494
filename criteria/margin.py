"""The criterion codes printed in the margin of the evidence pack beside each record.

An assessor reads a record and the criteria it supports together: beside a risk, its
rating, an action, a consultation, an awareness record, a review, a stage or an analysis
item, the margin lists the codes of the criteria whose evidence (``CriterionResult.evidence``:
what the rules found and what the learner tagged) includes it. The codes come from the
same judgement as the coverage page and the coverage section, whether or not that section
is in the pack.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from assessments.rows import model_of
from criteria.coverage import CriterionResult

#: How a source's codes start; the margin prints the source once, then the bare codes.
PREFIXES = ("NOS ", "OCR ", "TIP ")


def codes_by_record(results: Iterable[CriterionResult]) -> dict[tuple[str, object], list[str]]:
    """The codes each record supports, in catalogue order, keyed by (model label, pk);
    a record may be a model instance or a row of ``assessments.rows``."""
    found: dict[tuple[str, object], list[str]] = {}
    for result in results:
        for record in result.evidence:
            codes = found.setdefault((model_of(record)._meta.label_lower, record.pk), [])
            if result.criterion.code not in codes:
                codes.append(result.criterion.code)
    return found


def margin_lines(codes: Iterable[str]) -> tuple[str, ...]:
    """Codes grouped by source, one line each, compact enough for a margin:
    ("NOS PC2, K4", "OCR 1.2, ER5a")."""
    groups: dict[str, list[str]] = {}
    for code in codes:
        prefix = next((p for p in PREFIXES if code.startswith(p)), "")
        groups.setdefault(prefix.strip(), []).append(code.removeprefix(prefix))
    return tuple(f"{source} {', '.join(items)}".strip() for source, items in groups.items())


def margin_text(codes: Iterable[str]) -> str:
    """``margin_lines`` on one line: "NOS PC2, K4 · OCR 1.2, ER5a"."""
    return " · ".join(margin_lines(codes))


def by_anchor(
    results: list[CriterionResult], anchor_of: Callable[[object], str]
) -> dict[str, tuple[str, ...]]:
    """The margin lines of each record the pack prints, keyed by its anchor there.

    ``anchor_of`` gives the id the pack prints a record under ("" when it does not print it).
    """
    records: dict[tuple[str, object], object] = {}
    for result in results:
        for record in result.evidence:
            records.setdefault((model_of(record)._meta.label_lower, record.pk), record)
    margin = {}
    for key, codes in codes_by_record(results).items():
        anchor = anchor_of(records[key])
        if anchor:
            margin[anchor] = margin_lines(codes)
    return margin
