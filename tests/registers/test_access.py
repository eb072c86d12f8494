"""``get_register``: the one way a view fetches a register, through the team scope.

An outsider must get a plain 404: neither the register nor an error that happens to stop
the page (a 500 would still tell that the register exists, and would hide a missing scope).
"""

from __future__ import annotations

import pytest
from django.contrib.auth.models import AnonymousUser
from django.http import Http404
from django.urls import reverse

from registers.access import get_register

pytestmark = pytest.mark.django_db

#: Register pages that take nothing but the register's id and answer GET.
PAGES = [
    "dashboard:register",
    "dashboard:journey_map",
    "dashboard:heatmap",
    "journeys:stage_list",
    "assessments:risk_list",
    "assessments:action_list",
    "assessments:review_list",
    "assessments:analysis",
    "criteria:coverage",
    "evidence:pack",
    "registers:edit",
]


def _request(rf, user):
    request = rf.get("/")
    request.user = user
    return request


def test_it_gives_the_register_to_its_team_with_the_role(rf, member, viewer, register):
    fetched = get_register(_request(rf, member), register.pk)
    assert fetched == register and fetched.viewer_role == "member" and fetched.can_edit
    fetched = get_register(_request(rf, viewer), register.pk)
    assert fetched.viewer_role == "viewer" and not fetched.can_edit


def test_it_raises_404_for_an_outsider(rf, outsider, register):
    with pytest.raises(Http404):
        get_register(_request(rf, outsider), register.pk)


def test_it_raises_404_for_an_anonymous_visitor(rf, register):
    with pytest.raises(Http404):
        get_register(_request(rf, AnonymousUser()), register.pk)


def test_every_register_page_answers_404_to_an_outsider_not_an_error(
    client, outsider, member, supervisor, viewer, register
):
    """The team has three memberships, so a fetch without the scope would not even find one
    row; the pages must still answer 404 (the client reports a 500 instead of raising)."""
    client.raise_request_exception = False
    client.force_login(outsider)
    statuses = {name: client.get(reverse(name, args=[register.pk])).status_code for name in PAGES}
    assert statuses == dict.fromkeys(PAGES, 404)
