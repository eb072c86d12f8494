"""How an evidence record is named and linked on the coverage page and in the PDF.

Links use the agreed URL names of the register's pages; a page that does not exist (yet)
gives no link rather than an error. A record may be a model instance or a row of
``assessments.rows`` (the coverage page reads rows): both are named and linked alike.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property, lru_cache

from django.urls import NoReverseMatch, get_script_prefix, get_urlconf, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString

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
from assessments.rows import model_of
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


#: Stands for a whole-number part of an address while its pattern is worked out.
_MARKER = 987_654_321


@lru_cache(maxsize=256)
def _pattern(name: str, fixed: tuple, numbered: tuple, prefix: str, urlconf) -> str | None:
    """The address of URL ``name`` with the ``fixed`` arguments and ``_MARKER`` (and up)
    for each ``numbered`` one, or None when there is no such page. ``prefix`` and
    ``urlconf`` only key the cache: ``reverse`` reads them itself."""
    markers = {key: _MARKER + index for index, key in enumerate(numbered)}
    try:
        url = reverse(name, kwargs={**dict(fixed), **markers})
    except NoReverseMatch:
        return None
    if any(url.count(str(marker)) != 1 for marker in markers.values()):
        return ""  # a marker the address cannot carry once: ``reverse`` each time
    url = url.replace("{", "{{").replace("}", "}}")
    for key, marker in markers.items():
        url = url.replace(str(marker), "{" + key + "}")
    return url


def _reverse(name: str, fragment: str = "", **kwargs) -> str | None:
    """``reverse(name, kwargs=kwargs)`` (None for no such page) with ``#fragment``.

    A page lists thousands of records, and ``reverse`` is slow: the address is worked out
    once per URL name and register (``_pattern``) and each record's numbers put in it."""
    numbered = tuple(sorted(key for key, value in kwargs.items() if isinstance(value, int)))
    fixed = tuple(sorted((k, v) for k, v in kwargs.items() if k not in numbered))
    pattern = _pattern(name, fixed, numbered, get_script_prefix(), get_urlconf())
    if pattern is None:
        return None
    if pattern:
        url = pattern.format(**{key: kwargs[key] for key in numbered})
    else:
        url = reverse(name, kwargs=kwargs)
    return f"{url}#{fragment}" if fragment else url


def shorten(text: str, length: int = 70) -> str:
    """``text`` on one line, cut to ``length`` characters with an ellipsis if longer."""
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"


def _day(day) -> str:
    return f"{day.day} {day:%b %Y}"


def evidence_kind(obj) -> str:
    """A one-word name for the kind of record, e.g. ``Risk`` or ``Rating``."""
    model = model_of(obj)
    if issubclass(model, Risk):
        return "Risk"
    if issubclass(model, Assessment):
        return "Rating"
    if issubclass(model, AwarenessRecord):
        return "Awareness"
    if issubclass(model, Review):
        return "Review"
    if issubclass(model, Annotation):
        return "Annotation"
    return KINDS[model][0]


def evidence_label(obj) -> str:
    """A short description of an evidence record, to follow its ``evidence_kind``."""
    model = model_of(obj)
    if issubclass(model, Risk):
        return f"{obj.reference} {obj.title}"
    if issubclass(model, Assessment):
        return f"{obj.risk.reference} {obj.tier}: {obj.explanation}"
    if issubclass(model, Stage):
        return f"{obj.name} (moment of truth)" if obj.is_moment_of_truth else obj.name
    if issubclass(model, Action):
        return shorten(obj.description)
    if issubclass(model, Consultation):
        return f"{_day(obj.date)} with {obj.get_group_display().lower()}"
    if issubclass(model, AwarenessRecord):
        return f"{obj} about {obj.risk.reference}"
    if issubclass(model, Review):
        return f"Meeting on {_day(obj.date)}"
    if issubclass(model, Annotation):
        return shorten(obj.text, 60)
    if issubclass(model, SwotItem):
        return f"{obj.get_quadrant_display()}: {shorten(obj.text, 60)}"
    if issubclass(model, PestleItem):
        return f"{obj.get_factor_display()}: {shorten(obj.text, 60)}"
    return str(obj)


def evidence_url(obj) -> str | None:
    """The page showing ``obj``: a risk's own page, else the register page listing it.

    ``obj``'s related records (a rating's risk, an annotation's record) must already be
    loaded, as ``criteria.coverage.load_records`` does, or this queries for them.
    """
    model = model_of(obj)
    if issubclass(model, Risk):
        return _reverse("assessments:risk_detail", register_id=obj.register_id, number=obj.number)
    if issubclass(model, Assessment):
        risk = obj.risk
        return _reverse(
            "assessments:risk_detail",
            f"rating-{obj.pk}",
            register_id=risk.register_id,
            number=risk.number,
        )
    if issubclass(model, AwarenessRecord):
        return _reverse("assessments:awareness_list", register_id=obj.risk.register_id)
    if issubclass(model, Review):
        return _reverse("assessments:review_detail", register_id=obj.register_id, review_id=obj.pk)
    if issubclass(model, Annotation):
        target = obj.target
        if target is not None and issubclass(model_of(target), Risk):  # its page shows notes
            return _reverse(
                "assessments:risk_detail",
                f"annotation-{obj.pk}",
                register_id=target.register_id,
                number=target.number,
            )
        return evidence_url(target) if target is not None else None
    _, name, prefix = KINDS[model]
    return _reverse(name, f"{prefix}-{obj.pk}" if prefix else "", register_id=obj.register_id)


@dataclass(frozen=True)
class EvidenceLink:
    """How a record is shown as evidence: its ``evidence_kind``, ``evidence_label`` and
    ``evidence_url``."""

    kind: str
    label: str
    url: str | None

    @cached_property
    def html(self) -> SafeString:
        """ "Kind: label", the label a link to the record's page when it has one."""
        if self.url:
            return format_html('{}: <a href="{}">{}</a>', self.kind, self.url, self.label)
        return format_html("{}: {}", self.kind, self.label)


class EvidenceLinks:
    """The ``EvidenceLink`` of each record a page lists, worked out once per record
    however many criteria list it (one page's worth: make one per request)."""

    def __init__(self) -> None:
        self._found: dict[tuple[type, object], EvidenceLink] = {}

    def of(self, obj) -> EvidenceLink:
        key = (model_of(obj), obj.pk)
        link = self._found.get(key)
        if link is None:
            link = EvidenceLink(evidence_kind(obj), evidence_label(obj), evidence_url(obj))
            self._found[key] = link
        return link
