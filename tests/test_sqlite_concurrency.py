"""SQLite survives several writers at once (WAL, IMMEDIATE transactions, busy timeout)."""

from __future__ import annotations

import importlib.util
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parents[1] / "benchmarks" / "sqlite_writers.py"


def test_it_loses_no_write_when_four_processes_write_at_once(settings):
    if not settings.DATABASES["default"]["ENGINE"].endswith("sqlite3"):
        pytest.skip("The SQLite leg checks SQLite's settings; PostgreSQL has row locks.")
    spec = importlib.util.spec_from_file_location("sqlite_writers", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    result = module.run(writers=4, writes=25)
    assert result["writes"] == 100
    assert result["failures"] == 0
