"""Fixtures for import and export: the real PMO register files and a register with history."""

from __future__ import annotations

import pytest

from interchange import importer, mapping
from tests.builders import (
    PMO_CATEGORIES,
    build_register_with_history,
    pmo_bytes,
    preset,
    source_for,
)


@pytest.fixture
def import_risks_from_pmo(team, member):
    """Import the PMO risk register into a new register of ``team``; returns it."""

    def run(title: str = "PMO register", **changes):
        source = source_for(
            pmo_bytes("risk_register.csv"),
            "risk_register.csv",
            mapping.RISKS,
            team,
            new_register={"title": title, "matrix": preset().pk},
            values={"category": PMO_CATEGORIES},
            **changes,
        )
        register, _ = importer.commit_import(source=source, user=member)
        return register

    return run


@pytest.fixture
def register_with_history(register, stage, member, supervisor):
    """A register with every kind of record, made through the services over three dates so
    that its history is real (tests.builders.build_register_with_history)."""
    return build_register_with_history(register, stage, member, supervisor)
