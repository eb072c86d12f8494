"""Every register page runs a fixed number of queries, at most 15, whatever the register
holds: enumerated from the URL conf, so a new page is held to it the day it is added."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests import builders
from tests.builders import build_world
from tests.security.routes import all_routes, urls_for

pytestmark = pytest.mark.django_db

MAX_QUERIES = 15
#: Register URLs that are not pages, or answer with more queries for a reason, and why.
EXCEPTIONS: dict[str, str] = {
    "evidence:preview": "16: the whole pack on one page; its exhibits are the sixteenth query",
}


def _register_gets(world) -> list[tuple[str, str]]:
    return [
        (route.name, path)
        for route in all_routes()
        if not route.is_admin and "register_id" in route.params
        for path in urls_for(route, world)
    ]


def _count(client, pages) -> dict[str, tuple[int, int, str]]:
    """Queries, status and content type of each page (no page is cached; what every request
    shares, the matrix spec and the criteria, is warmed by a first request)."""
    found = {}
    for _name, path in pages:
        client.get(path)  # fills what any later request finds cached (matrix, criteria)
        with CaptureQueriesContext(connection) as queries:
            response = client.get(path)
        found[path] = (len(queries), response.status_code, response.get("Content-Type", ""))
    return found


def test_every_register_page_runs_a_fixed_number_of_queries_at_most_15(
    client, team, register, member
):
    world = build_world(team, register, member, lambda name: f"First {name}")
    client.force_login(member)
    pages = _register_gets(world)
    before = _count(client, pages)
    for n in range(2, 6):  # four more of every record, by other members of the team
        colleague = builders.make_user()
        builders.add_member(team, colleague)
        build_world(team, register, colleague, lambda name, n=n: f"Record {n} {name}")
    after = _count(client, pages)

    grew = {p: (before[p][0], after[p][0]) for p in before if before[p] != after[p]}
    assert not grew, f"query counts that grew with the data: {grew}"
    over = {
        path: count
        for (name, path) in pages
        for count, status, kind in [after[path]]
        if status == 200
        and kind.startswith("text/html")
        and count > MAX_QUERIES
        and name not in EXCEPTIONS
    }
    assert not over, f"register pages over {MAX_QUERIES} queries: {over}"
