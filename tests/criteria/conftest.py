"""The register that evidences every coverage rule (tests/builders.py builds it)."""

from __future__ import annotations

import pytest

from tests.builders import build_register_meeting_every_criterion


@pytest.fixture
def complete(register, member):
    return build_register_meeting_every_criterion(register, owner=member)
