"""How a person is named on pages, in the PDF, exports and history: one function."""

from __future__ import annotations


def display_name(user, default: str = "") -> str:
    """A user's full name, else their username; ``default`` when there is nobody."""
    if user is None:
        return default
    return user.get_full_name() or user.get_username()
