"""How a person is named on pages, in emails, the PDF, exports and history: one function,
and the ``person`` filter every template has without a ``{% load %}`` (a builtin)."""

from __future__ import annotations

from django import template

register = template.Library()


def display_name(user, default: str = "") -> str:
    """A user's full name, else their username; ``default`` when there is nobody."""
    if user is None:
        return default
    return user.get_full_name() or user.get_username()


@register.filter
def person(user, fallback: str = "—") -> str:
    """``display_name`` in a template: ``{{ review.submitted_by|person }}``; ``fallback``
    ("—" unless given) when there is nobody."""
    return display_name(user or None, fallback)
