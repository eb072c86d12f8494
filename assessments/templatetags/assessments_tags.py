"""Presentation helpers for risk pages: rating badges, money, payback.

Each filter is a plain function so it can be unit-tested without a template.
"""

from __future__ import annotations

from decimal import Decimal, InvalidOperation

from django import template
from django.utils.html import format_html

from registers.rating import explain_stored
from registers.templatetags.levels import level_badge

register = template.Library()

# Pages that load these tags draw levels with the one badge of ``registers``.
register.filter("level_badge", level_badge)


@register.filter
def rating_badge(rating) -> str:
    """The level badge of an ``Assessment`` (or ``None``), with its score for context."""
    if rating is None:
        return level_badge(None)
    return format_html(
        '{} <span class="score text-body-secondary">score {}</span>',
        level_badge(rating.level_code, rating.level_label),
        rating.score,
    )


@register.filter
def rating_words(values: dict | None) -> str:
    """A rating kept as plain data (a review's snapshot entry) in words, by the one rating
    function; "" for none. Snapshots are sealed, so their words are never stored anew."""
    if not values:
        return ""
    try:
        return explain_stored(values)
    except KeyError:  # a snapshot from a file that lacks the numbers: its own words
        return values.get("explanation", "")


@register.filter
def money(value) -> str:
    """Pounds with thousands separators and pence: ``£1,234.50``, ``-£20.00``; "" for None."""
    if value is None or value == "":
        return ""
    try:
        amount = Decimal(value)
    except (InvalidOperation, TypeError, ValueError):
        return str(value)
    sign = "-" if amount < 0 else ""
    return f"{sign}£{abs(amount):,.2f}"


@register.filter
def payback(action) -> str:
    """An action's payback period in words (``Action.payback``), "—" when it has none."""
    return action.payback or "—"


@register.filter
def short_decision(code: str | None) -> str:
    """ "Treat", "Tolerate"...: the decision's verb without its explanation; "Not decided"."""
    return code.capitalize() if code else "Not decided"


@register.filter
def stored_rows(form, stored) -> list[tuple[str, str]]:
    """Label and display value of each of ``form``'s visible fields as ``stored`` holds them.

    Shown after a refused stale save, so the user can compare the newer record with
    their own input. Many-to-many fields cost one query each.
    """
    rows = []
    for field in form.visible_fields():
        name = field.name
        value = getattr(stored, name, None)
        display = getattr(stored, f"get_{name}_display", None)
        if display is not None:
            text = display()
        elif hasattr(value, "all"):
            text = ", ".join(str(item) for item in value.all())
        elif isinstance(value, bool):
            text = "Yes" if value else "No"
        elif isinstance(value, list):
            text = ", ".join(str(item) for item in value)
        elif value is None:
            text = ""
        else:
            text = str(value)
        rows.append((str(field.label), text))
    return rows
