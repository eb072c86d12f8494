"""Fixtures of the security tests: team A's world of records, and who attacks it."""

from __future__ import annotations

import pytest

from tests.builders import World, build_world

#: In every free-text field of team A; no response to anybody outside team A may contain it.
MARKER = "ZqxAlpha"


def marked(name: str) -> str:
    return f"{MARKER} {name}"


@pytest.fixture
def world(team, register, member) -> World:
    """Team A's register with one record of every kind, every text field marked."""
    return build_world(team, register, member, marked)
