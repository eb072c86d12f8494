"""Template filters naming and linking the records that evidence a criterion."""

from django import template

from criteria import presentation

register = template.Library()

register.filter("evidence_kind", presentation.evidence_kind)
register.filter("evidence_label", presentation.evidence_label)
register.filter("evidence_url", presentation.evidence_url)


@register.filter
def margin_for(margin: dict, anchor: str) -> tuple[str, ...]:
    """The criterion codes printed beside the record with ``anchor`` (``criteria.margin``)."""
    return margin.get(anchor, ()) if margin else ()
