"""Hypothesis writes nothing into the checkout: its storage is a folder of the run."""

from __future__ import annotations

import tempfile
from pathlib import Path

from hypothesis.configuration import storage_directory

ROOT = Path(__file__).resolve().parents[1]


def test_hypothesis_stores_its_files_in_a_temporary_folder():
    where = storage_directory("constants", intent_to_write=False).path.resolve()
    assert not where.is_relative_to(ROOT), where
    assert where.is_relative_to(Path(tempfile.gettempdir()).resolve()), where
