"""The level badge: a risk level drawn as text and colour, the one way every page, the
admin and the PDF draw it."""

from __future__ import annotations

from django import template
from django.utils.html import format_html, format_html_join

from registers.models import RiskLevel

register = template.Library()


@register.filter
def level_badge(code: str | None, label: str | None = None) -> str:
    """``<span class="level level-high">High</span>``: the level as text and colour.

    Unrated (no code) shows ``label`` or "Not rated" in neutral grey, never an empty
    coloured box; an unknown code is drawn neutral too.
    """
    if not code:
        return format_html('<span class="level level-none">{}</span>', label or "Not rated")
    css = code if code in RiskLevel.RANKS else "none"
    return format_html(
        '<span class="level level-{}">{}</span>', css, label or str(code).capitalize()
    )


@register.simple_tag
def level_legend() -> str:
    """A badge for every level, highest first (the key of a diagram)."""
    labels = dict(RiskLevel.Code.choices)
    return format_html_join(
        "", "{}", ((level_badge(code, labels[code]),) for code in RiskLevel.codes_highest_first())
    )
