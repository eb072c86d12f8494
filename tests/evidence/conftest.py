"""A register with something in every part of the pack, and names everywhere to redact."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.utils import timezone

from evidence.pack import PackOptions, build_pack
from tests.builders import build_register_with_names_to_redact


@pytest.fixture
def frozen_now():
    with time_machine.travel(dt.datetime(2026, 3, 14, 10, 0, tzinfo=dt.UTC), tick=False):
        yield timezone.now()


@pytest.fixture
def register_with_names(register, member, supervisor, viewer, frozen_now):
    """Two stages (one a moment of truth), three risks, every kind of record; personal
    names in its free text (tests.builders.PERSONAL_NAMES) and a note of each kind."""
    return build_register_with_names_to_redact(register, member, supervisor)


@pytest.fixture
def make_pack(register_with_names, member):
    def _make(**options):
        return build_pack(register_with_names, learner=member, options=PackOptions(**options))

    return _make
