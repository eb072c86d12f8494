"""Template filters naming and linking the records that evidence a criterion."""

from django import template
from django.utils.safestring import SafeString, mark_safe

from criteria import presentation

register = template.Library()

register.filter("evidence_kind", presentation.evidence_kind)
register.filter("evidence_label", presentation.evidence_label)
register.filter("evidence_url", presentation.evidence_url)


@register.filter
def evidence_links(objects, links: presentation.EvidenceLinks) -> list[presentation.EvidenceLink]:
    """The ``EvidenceLink`` of each record of ``objects``, from the page's ``links``."""
    return [links.of(obj) for obj in objects]


@register.filter
def evidence_link(obj, links: presentation.EvidenceLinks) -> presentation.EvidenceLink:
    """The ``EvidenceLink`` of ``obj``, from the page's ``links``."""
    return links.of(obj)


RULE_ITEM = (
    '<li class="mb-1"><span class="badge rounded-pill text-bg-light border">Rule</span> {}</li>'
)


@register.filter
def rule_items(links: list[presentation.EvidenceLink]) -> SafeString:
    """A list item for each of ``links``, badged as evidence the rule found."""
    return mark_safe("\n".join(RULE_ITEM.format(link.html) for link in links))  # html escaped


@register.filter
def margin_for(margin: dict, anchor: str) -> tuple[str, ...]:
    """The criterion codes printed beside the record with ``anchor`` (``criteria.margin``)."""
    return margin.get(anchor, ()) if margin else ()
