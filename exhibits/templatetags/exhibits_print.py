"""``{{ pack.content.exhibits|shown_at:risk.anchor }}``: the exhibits printed with a record."""

from __future__ import annotations

from django import template

register = template.Library()


@register.filter
def shown_at(section, anchor: str) -> tuple:
    return section.at(anchor) if section is not None else ()
