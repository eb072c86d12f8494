"""Template filters naming and linking the records that evidence a criterion."""

from django import template

from criteria import presentation

register = template.Library()

register.filter("evidence_kind", presentation.evidence_kind)
register.filter("evidence_label", presentation.evidence_label)
register.filter("evidence_url", presentation.evidence_url)
