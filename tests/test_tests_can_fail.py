"""The suite's own rule: no test whose every check sits inside a loop that may run zero times.

Such a test passes quietly when the loop is empty (an empty query, a renamed constant).
Compare a collection built in the loop after it instead, or assert the loop ran. A loop over
a literal written in the test (``for name in ("a", "b")``) always runs, so it counts as
straight-line code.
"""

from __future__ import annotations

import ast
from pathlib import Path

TESTS = Path(__file__).resolve().parent

#: Calls that check something, besides ``assert``.
CHECKING_CALLS = {"fail", "raises", "expect", "django_assert_num_queries", "assert_num_queries"}


def _is_check(node: ast.AST) -> bool:
    if isinstance(node, ast.Assert):
        return True
    if isinstance(node, ast.Call):
        func = node.func
        name = func.attr if isinstance(func, ast.Attribute) else getattr(func, "id", "")
        return name in CHECKING_CALLS or name.startswith("assert")
    return False


def _always_runs(loop: ast.AST) -> bool:
    """A ``for`` over a non-empty literal tuple, list, set or dict written in place."""
    iterable = getattr(loop, "iter", None)
    if isinstance(iterable, (ast.Tuple, ast.List, ast.Set)):
        return bool(iterable.elts)
    return isinstance(iterable, ast.Dict) and bool(iterable.keys)


def _checks(node: ast.AST, in_loop: bool = False):
    """``in_loop`` for each check under ``node``; a loop's ``else`` is outside the loop."""
    if _is_check(node):
        yield in_loop
    if isinstance(node, (ast.For, ast.AsyncFor, ast.While)):
        for child in node.body:
            yield from _checks(child, in_loop or not _always_runs(node))
        for child in node.orelse:
            yield from _checks(child, in_loop)
        if not isinstance(node, ast.While):
            yield from _checks(node.iter, in_loop)
        return
    for child in ast.iter_child_nodes(node):
        yield from _checks(child, in_loop)


def loop_only_tests(source: str) -> list[str]:
    """Names of the test functions in ``source`` whose checks all sit inside loops."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith(
            "test"
        ):
            checks = list(_checks(node))
            if checks and all(checks):
                found.append(node.name)
    return found


def test_it_finds_a_test_that_checks_only_inside_a_loop():
    source = """
def test_quiet(rows):
    for row in rows:
        assert row.ok

def test_counted(rows):
    for row in rows:
        assert row.ok
    assert rows

def test_else(pages):
    for page in pages:
        if page.ok:
            break
    else:
        pytest.fail("none")

def test_literal(client):
    for url in ("/a/", "/b/"):
        assert client.get(url).status_code == 404

def test_nested(rows):
    for row in rows:
        for name in ("a", "b"):
            assert getattr(row, name)
"""
    assert loop_only_tests(source) == ["test_quiet", "test_nested"]


def test_no_test_checks_only_inside_a_loop():
    files = sorted(TESTS.rglob("test_*.py"))
    assert len(files) > 50
    quiet = [
        f"{path.relative_to(TESTS)}::{name}"
        for path in files
        for name in loop_only_tests(path.read_text(encoding="utf-8"))
    ]
    assert quiet == []
