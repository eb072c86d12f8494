"""Every URL of the project, requested with team A's real ids by people outside team A.

The URLs come from the URL conf itself (``tests.security.routes``), the admin's included,
so a new view is covered the day it is added; a parameter the tests cannot fill fails
them. Each test sends every request, then reports every URL that answered wrongly at once
and checks that team A's records are exactly as they were.

- An outsider (a member of team B) gets 404 from every URL naming team A's objects, by
  GET and by POST, and never sees team A's text anywhere (the admin sends them to sign in).
- An anonymous visitor is sent to sign in from every URL but the public ones.
- A viewer of team A is refused (403) by every view that writes.
- A supervisor of team B with the admin gets 404 for team A's objects there, and sees
  none of team A's rows in the lists.
"""

from __future__ import annotations

import pytest
from django.test import Client, override_settings

from riskportal.admin_scoping import SUPERVISOR_PERMISSIONS, TeamScopedAdminMixin
from tests.security.conftest import MARKER
from tests.security.routes import (
    OWN_ACCOUNT,
    PUBLIC,
    Route,
    all_routes,
    is_login_redirect,
    names_object,
    requests_for,
    urls_for,
)
from tests.security.world import snapshot

pytestmark = pytest.mark.django_db

#: Write views a viewer may use, or that refuse a viewer without a 403, and why.
VIEWER_EXCEPTIONS = {
    "assessments:rating_preview": (
        {200},
        "previews the level of posted values through the rating function; stores nothing",
    ),
    "evidence:pack": (
        {200, 302, 400},
        "exporting the evidence pack reads the register; assessors (viewers) may export",
    ),
    "evidence:preview": (
        {200},
        "the print preview takes the pack options by POST so the CSRF token stays out of "
        "the URL; it reads the register and stores nothing",
    ),
    "interchange:start": (
        {403},
        "imports go only into registers the user may edit: a viewer has none, so the page "
        "refuses them",
    ),
    "interchange:sheet": ({404}, "an import belongs to the person who started it"),
    "interchange:mapping": ({404}, "an import belongs to the person who started it"),
    "interchange:preview": ({404}, "an import belongs to the person who started it"),
}


def body(response) -> str:
    if getattr(response, "streaming", False):
        return b"".join(response.streaming_content).decode(errors="replace")
    return response.content.decode(errors="replace")


def send(client: Client, method: str, path: str):
    return client.get(path) if method == "GET" else client.post(path)


def report(problems: list[str]) -> str:
    return f"{len(problems)} URL(s) answered wrongly:\n  " + "\n  ".join(problems)


def test_it_enumerates_every_view_of_every_app_and_the_admin(world):
    routes = all_routes()
    names = {route.name for route in routes}
    expected = {
        "healthz",
        "login",
        "registers:edit",
        "journeys:stage_move",
        "assessments:risk_edit",
        "assessments:annotation_create",
        "evidence:download",
        "criteria:tag_delete",
        "interchange:preview",
        "interchange_register:download",
        "dashboard:heatmap",
        "admin:view_on_site",
        "admin:assessments_risk_change",
        "admin:assessments_review_decide",
        "admin:assessments_risk_simple_history",
    }
    assert expected <= names, expected - names
    paths = [path for route in routes for path in urls_for(route, world)]
    assert len(paths) > len(routes) > 150
    annotation_targets = [p for p in paths if "/annotations/new/" in p]
    assert len(annotation_targets) == 6  # every kind of record a note explains


def outsider_problems(client: Client, world) -> list[str]:
    problems = []
    for route, path in requests_for(world):
        for method in ("GET", "POST"):
            if method == "POST" and route.name in OWN_ACCOUNT:
                continue  # signing out or changing one's own password: tested in test_sign_in
            response = send(client, method, path)
            problem = _outsider_problem(route, response)
            if problem:
                problems.append(f"{method} {path} ({route.name}): {problem}")
    return problems


def test_it_answers_404_to_an_outsider_for_every_url_of_team_a(client, world, outsider):
    before = snapshot(world)
    client.force_login(outsider)
    problems = outsider_problems(client, world)
    assert not problems, report(problems)
    assert snapshot(world) == before


@override_settings(ROOT_URLCONF="tests.security.leaky_urls")
def test_it_would_catch_a_new_view_that_skips_the_tenant_boundary(client, world, outsider):
    client.force_login(outsider)
    problems = outsider_problems(client, world)
    leak = f"GET /registers/{world.register.pk}/leak/ (leak): 200 shows team A's text"
    assert leak in problems


def test_it_fails_on_a_url_parameter_it_cannot_fill(world, settings):
    from tests.security import leaky_urls

    settings.ROOT_URLCONF = type("urls", (), {"urlpatterns": leaky_urls.mystery_urlpatterns})
    with pytest.raises(pytest.fail.Exception, match="mystery_id"):
        requests_for(world)


def _outsider_problem(route: Route, response) -> str:
    status = response.status_code
    if status >= 500:
        return f"server error {status}"
    if MARKER in body(response):
        return f"{status} shows team A's text"
    if route.name in PUBLIC or route.name in OWN_ACCOUNT:
        return ""
    if route.is_admin:  # the outsider is not staff
        ok = is_login_redirect(response) or status in (403, 404, 405)
        return "" if ok else f"{status}, expected the admin's sign-in, 403 or 404"
    if names_object(route) and status not in (404, 405):
        return f"{status}, expected 404"
    return ""


def test_it_sends_anonymous_visitors_to_sign_in_from_every_url(client, world):
    before = snapshot(world)
    problems = []
    for route, path in requests_for(world):
        for method in ("GET", "POST"):
            response = send(client, method, path)
            status = response.status_code
            if status >= 500:
                problems.append(f"{method} {path}: server error {status}")
            elif MARKER in body(response):
                problems.append(f"{method} {path}: {status} shows team A's text")
            elif route.name in PUBLIC:
                continue
            elif not (is_login_redirect(response) or status == 405):
                problems.append(f"{method} {path} ({route.name}): {status}, not sign-in")
    assert not problems, report(problems)
    assert snapshot(world) == before


def test_it_refuses_every_write_of_a_viewer(client, world, viewer):
    before = snapshot(world)
    client.force_login(viewer)
    problems, writes = [], 0
    for route, path in requests_for(world):
        if route.name in OWN_ACCOUNT:
            continue
        response = client.post(path)
        status = response.status_code
        if status == 405:
            continue  # not a write view
        writes += 1
        if route.is_admin:
            expected, why = {302}, "the viewer is not staff"
            if not is_login_redirect(response):
                problems.append(f"POST {path}: {status}, expected the admin's sign-in ({why})")
            continue
        expected, why = VIEWER_EXCEPTIONS.get(route.name, ({403}, "a write"))
        if status not in expected:
            problems.append(f"POST {path} ({route.name}): {status}, expected {expected} ({why})")
    assert not problems, report(problems)
    assert writes > 60  # the app's write views and the admin's, not only 405s
    assert snapshot(world) == before


def _to_change_page(path: str, response) -> bool:
    """Django's old admin URL ``<id>/`` only redirects to ``<id>/change/``, which decides."""
    return response.status_code == 302 and response["Location"] == f"{path}change/"


def _supervisor_may_view(model) -> bool:
    return model._meta.model_name in SUPERVISOR_PERMISSIONS["view"].get(model._meta.app_label, [])


def test_it_keeps_another_teams_supervisor_out_of_team_a_in_the_admin(
    client, world, other_supervisor
):
    from django.contrib import admin

    before = snapshot(world)
    client.force_login(other_supervisor)
    problems, scoped_objects = [], 0
    for route, path in requests_for(world):
        if not route.is_admin or route.name in OWN_ACCOUNT:
            continue
        team_object = names_object(route) and (
            route.name == "admin:view_on_site" or route.admin_model not in world.shared
        )
        model_admin = admin.site._registry.get(route.admin_model)
        scoped = isinstance(model_admin, TeamScopedAdminMixin) and _supervisor_may_view(
            route.admin_model
        )
        for method in ("GET", "POST"):
            response = send(client, method, path)
            status = response.status_code
            if status >= 500:
                problems.append(f"{method} {path}: server error {status}")
            elif MARKER in body(response):
                problems.append(f"{method} {path} ({route.name}): {status} shows team A's text")
            elif _to_change_page(path, response):
                continue
            elif team_object and scoped and status not in (404, 405):
                problems.append(f"{method} {path} ({route.name}): {status}, expected 404")
            elif team_object and status not in (403, 404, 405):
                problems.append(f"{method} {path} ({route.name}): {status}, expected 403/404")
        scoped_objects += bool(team_object and scoped)
    assert not problems, report(problems)
    assert scoped_objects > 40
    assert snapshot(world) == before


def test_it_ignores_team_a_ids_smuggled_into_an_admin_bulk_action(client, world, other_supervisor):
    before = snapshot(world)
    client.force_login(other_supervisor)
    for model, obj in (("review", world.submitted_review), ("risk", world.risk)):
        for action in ("delete_selected", "sign_off_selected", "return_selected"):
            response = client.post(
                f"/admin/assessments/{model}/",
                {"action": action, "_selected_action": [obj.pk], "post": "yes"},
            )
            assert response.status_code < 500
            assert MARKER not in body(response)
    assert snapshot(world) == before
