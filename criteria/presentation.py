"""How an evidence record is named and linked on the coverage page and in the PDF.

Links use the agreed URL names of the register's pages; a page that does not exist (yet)
gives no link rather than an error.
"""

from __future__ import annotations

from django.urls import NoReverseMatch, reverse

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
from journeys.models import Stage

#: What each kind of record is called, the register page that lists it and the prefix of
#: the record's HTML id on that page ("" when the page has none).
KINDS: dict[type, tuple[str, str, str]] = {
    Stage: ("Stage", "journeys:stage_list", "stage"),
    Action: ("Action", "assessments:action_list", "action"),
    Consultation: ("Consultation", "assessments:consultation_list", "consultation"),
    SwotItem: ("SWOT", "assessments:analysis", ""),
    PestleItem: ("PESTLE", "assessments:analysis", ""),
}


def _reverse(name: str, fragment: str = "", **kwargs) -> str | None:
    try:
        url = reverse(name, kwargs=kwargs)
    except NoReverseMatch:
        return None
    return f"{url}#{fragment}" if fragment else url


def shorten(text: str, length: int = 70) -> str:
    """``text`` on one line, cut to ``length`` characters with an ellipsis if longer."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _day(day) -> str:
    return f"{day.day} {day:%b %Y}"


def evidence_kind(obj) -> str:
    """A one-word name for the kind of record, e.g. ``Risk`` or ``Rating``."""
    if isinstance(obj, Risk):
        return "Risk"
    if isinstance(obj, Assessment):
        return "Rating"
    if isinstance(obj, AwarenessRecord):
        return "Awareness"
    if isinstance(obj, Review):
        return "Review"
    if isinstance(obj, Annotation):
        return "Annotation"
    return KINDS[type(obj)][0]


def evidence_label(obj) -> str:
    """A short description of an evidence record, to follow its ``evidence_kind``."""
    if isinstance(obj, Risk):
        return f"{obj.reference} {obj.title}"
    if isinstance(obj, Assessment):
        return f"{obj.risk.reference} {obj.tier}: {obj.explanation}"
    if isinstance(obj, Stage):
        return f"{obj.name} (moment of truth)" if obj.is_moment_of_truth else obj.name
    if isinstance(obj, Action):
        return shorten(obj.description)
    if isinstance(obj, Consultation):
        return f"{_day(obj.date)} with {obj.get_group_display().lower()}"
    if isinstance(obj, AwarenessRecord):
        return f"{obj} about {obj.risk.reference}"
    if isinstance(obj, Review):
        return f"Meeting on {_day(obj.date)}"
    if isinstance(obj, Annotation):
        return shorten(obj.text, 60)
    if isinstance(obj, SwotItem):
        return f"{obj.get_quadrant_display()}: {shorten(obj.text, 60)}"
    if isinstance(obj, PestleItem):
        return f"{obj.get_factor_display()}: {shorten(obj.text, 60)}"
    return str(obj)


def evidence_url(obj) -> str | None:
    """The page showing ``obj``: a risk's own page, else the register page listing it.

    ``obj``'s related records (a rating's risk, an annotation's record) must already be
    loaded, as ``criteria.coverage.load_records`` does, or this queries for them.
    """
    if isinstance(obj, Risk):
        return _reverse("assessments:risk_detail", register_id=obj.register_id, number=obj.number)
    if isinstance(obj, Assessment):
        risk = obj.risk
        return _reverse(
            "assessments:risk_detail",
            f"rating-{obj.pk}",
            register_id=risk.register_id,
            number=risk.number,
        )
    if isinstance(obj, AwarenessRecord):
        return _reverse("assessments:awareness_list", register_id=obj.risk.register_id)
    if isinstance(obj, Review):
        return _reverse("assessments:review_detail", register_id=obj.register_id, review_id=obj.pk)
    if isinstance(obj, Annotation):
        target = obj.target
        if isinstance(target, Risk):  # the risk's page shows its annotations
            return _reverse(
                "assessments:risk_detail",
                f"annotation-{obj.pk}",
                register_id=target.register_id,
                number=target.number,
            )
        return evidence_url(target) if target is not None else None
    _, name, prefix = KINDS[type(obj)]
    return _reverse(name, f"{prefix}-{obj.pk}" if prefix else "", register_id=obj.register_id)
