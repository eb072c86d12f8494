"""The register overview, the journey map and the heat map: access, content, query counts."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.urls import reverse

from assessments.models import Review
from assessments.reviews import build_snapshot
from tests.builders import make_risk, make_stage

pytestmark = pytest.mark.django_db

PAGES = ["dashboard:register", "dashboard:journey_map", "dashboard:heatmap"]


def _url(name: str, register) -> str:
    return reverse(name, args=[register.pk])


# --- access matrix (all three are read-only pages) ---------------------------------------


@pytest.mark.parametrize("name", PAGES)
@pytest.mark.parametrize("persona", ["member", "supervisor", "viewer"])
def test_it_shows_register_pages_to_the_team(client, request, name, persona, register):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(_url(name, register))
    assert response.status_code == 200
    assert register.title in response.content.decode()


@pytest.mark.parametrize("name", PAGES)
def test_it_answers_404_to_outsiders(client, outsider, name, register):
    client.force_login(outsider)
    assert client.get(_url(name, register)).status_code == 404


@pytest.mark.parametrize("name", PAGES)
def test_it_sends_anonymous_users_to_sign_in(client, name, register):
    response = client.get(_url(name, register))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


@pytest.mark.parametrize("name", PAGES)
def test_it_refuses_other_methods(client, member, name, register):
    client.force_login(member)
    assert client.post(_url(name, register)).status_code == 405


def test_it_shows_edit_buttons_to_members_only(client, member, viewer, register):
    edit_url = reverse("registers:edit", args=[register.pk])
    client.force_login(member)
    assert edit_url in client.get(_url("dashboard:register", register)).content.decode()
    client.force_login(viewer)
    body = client.get(_url("dashboard:register", register)).content.decode()
    assert edit_url not in body
    assert "read-only access" in body


# --- overview ---------------------------------------------------------------------------


def test_it_shows_the_risk_profile_inherent_against_residual(client, member, register, stage):
    make_risk(register, stage=stage, rating=(5, 5, 1, 1), residual=(2, 2, 1, 1))  # H -> L
    make_risk(register, stage=stage, rating=(5, 5, 1, 1))  # H, no residual
    make_risk(register, stage=stage, rating=(3, 2, 1, 1), residual=(3, 2, 1, 1))  # M -> M
    make_risk(register, stage=stage)
    client.force_login(member)
    profile = client.get(_url("dashboard:register", register)).context["profile"]
    table = {row.code: (row.inherent, row.residual, row.current) for row in profile}
    assert table == {
        "high": (2, 0, 1),
        "medium": (1, 1, 1),
        "low": (0, 1, 1),
        "none": (1, 2, 1),
    }


def test_it_shows_the_trend_over_submitted_reviews(client, member, register, stage):
    high = make_risk(register, stage=stage, rating=(5, 5, 1, 1))
    low = make_risk(register, stage=stage, rating=(1, 1, 1, 1))
    snapshot = build_snapshot([high, low])
    for day, state in [(dt.date(2026, 1, 5), "submitted"), (dt.date(2026, 2, 5), "draft")]:
        Review.objects.create(register=register, date=day, state=state, snapshot=snapshot)
    client.force_login(member)
    response = client.get(_url("dashboard:register", register))
    trend = response.context["trend"]
    assert [(p.review.date, p.counts) for p in trend] == [
        (dt.date(2026, 1, 5), {"high": 1, "medium": 0, "low": 1})
    ]
    assert 'aria-label="1 High, 0 Medium, 1 Low"' in response.content.decode()


def test_it_links_every_existing_register_page(client, member, register):
    client.force_login(member)
    body = client.get(_url("dashboard:register", register)).content.decode()
    names = ["journeys:stage_list", "dashboard:journey_map", "dashboard:heatmap"]
    assert [name for name in names if f'href="{_url(name, register)}"' not in body] == []


# --- journey map ------------------------------------------------------------------------


def test_it_draws_stages_risks_and_the_emotion_line(client, member, register):
    booking = make_stage(register, "Booking", emotion=1)
    arrival = make_stage(
        register,
        "Arrival",
        emotion=-2,
        is_moment_of_truth=True,
        moment_of_truth_note="The greeting sets up the visit.",
    )
    high = make_risk(register, stage=arrival, rating=(5, 5, 1, 1), title="Queue at opening")
    make_risk(register, stage=booking, title="Double booking")
    loose = make_risk(register, title="No stage yet", rating=(1, 1, 1, 1))
    client.force_login(member)
    body = client.get(_url("dashboard:journey_map", register)).content.decode()
    assert body.index("Booking") < body.index("Arrival")
    assert "Moment of truth" in body and "The greeting sets up the visit." in body
    assert re.search(rf"{high.reference}</span>\s*<span class=\"risk-level\">High", body)
    assert 'class="risk-badge level-high"' in body
    assert "Not rated" in body  # the unrated risk says so in words
    assert loose.reference in body and "Risks not linked to a stage" in body
    # The emotion line: +1 at the first stage, -2 at the second (a star for the moment).
    assert '<path class="emotion-path" d="M102,52 L306,130"/>' in body
    assert '<polygon class="mot-star"' in body
    assert "Stage 2, Arrival: customer feels Very negative; moment of truth" in body


def test_it_shows_notes_and_risk_titles_in_full_and_folds_only_a_long_note(
    client, member, register
):
    note = "A friendly greeting and a short queue at the desk set up the whole visit for a family."
    long_note = " ".join(["Staff greet every swimmer by name and check the booking at once."] * 4)
    first = make_stage(register, "Arrival", is_moment_of_truth=True, moment_of_truth_note=note)
    make_stage(register, "Changing", is_moment_of_truth=True, moment_of_truth_note=long_note)
    title = "Young children booked into public swims without a supervising adult at the poolside"
    make_risk(register, stage=first, title=title, rating=(3, 1, 1, 4))
    client.force_login(member)
    body = client.get(_url("dashboard:journey_map", register)).content.decode()
    assert note in body and title in body  # nothing cut with "…" where it fits
    stages = body.split('id="journey-map-title"')[1].split("The journey as text")[0]
    assert "…" not in stages.split("<details")[0]  # the first stage, before the folded note
    folded = body.split('<details class="small mot-text mot-more">')[1].split("</details>")[0]
    assert long_note in folded and "Read the whole note" in folded
    assert body.count('class="small mot-text mot-more"') == 1  # only the long one folds
    assert "2 stages." in body and "arrow keys" in body  # how to move along a wide map


def test_it_invites_a_first_stage_on_an_empty_map(client, member, register):
    client.force_login(member)
    body = client.get(_url("dashboard:journey_map", register)).content.decode()
    assert "The journey has no stages yet" in body
    assert reverse("journeys:stage_create", args=[register.pk]) in body


def _fill(register, stages: int, risks: int) -> None:
    made = [make_stage(register) for _ in range(stages)]
    for i in range(risks):
        make_risk(register, stage=made[i % stages], rating=(1 + i % 5, 1 + i % 4, 1, 1))


@pytest.mark.parametrize(
    ("name", "queries"),
    [
        # Each starts with 1 for the register with the user's role; then the page's own.
        # level counts, held reviews, open and overdue actions (one query); the register's
        # rows the checks read (stages, actions, their risks, awareness, notes, risks,
        # reviews, consultations: the stage counts come from them) and the dismissals
        ("dashboard:register", 13),
        ("dashboard:journey_map", 3),  # stages, risks with ratings
        ("dashboard:heatmap", 2),  # the grouped counts; the matrix comes from the cache
    ],
)
def test_it_runs_a_fixed_number_of_queries(
    client, member, register, name, queries, request_overhead, django_assert_num_queries
):
    client.force_login(member)
    overhead = request_overhead()
    _fill(register, stages=3, risks=10)
    with django_assert_num_queries(overhead + queries):
        client.get(_url(name, register))
    _fill(register, stages=5, risks=190)
    with django_assert_num_queries(overhead + queries):
        response = client.get(_url(name, register))
    assert response.status_code == 200


# --- heat map ---------------------------------------------------------------------------


def test_it_counts_risks_per_cell_inherent_and_current(client, member, register, stage):
    make_risk(register, stage=stage, rating=(4, 3, 1, 1), residual=(2, 1, 1, 1))
    make_risk(register, stage=stage, rating=(4, 1, 3, 1))  # reputation drives C3
    make_risk(register, stage=stage)
    client.force_login(member)
    response = client.get(_url("dashboard:heatmap", register))
    inherent, current = response.context["grids"]
    cells = {
        grid.tier: {
            (c.likelihood.value, c.consequence.value): c.count
            for row in grid.rows
            for c in row.cells
            if c.count
        }
        for grid in (inherent, current)
    }
    # Current: the residual rating where there is one, else the inherent.
    assert cells == {"inherent": {(4, 3): 2}, "current": {(2, 1): 1, (4, 3): 1}}
    assert (inherent.unrated, current.unrated) == (1, 1)
    body = response.content.decode()
    risks = reverse("assessments:risk_list", args=[register.pk])
    assert f'href="{risks}?tier=inherent&amp;likelihood=4&amp;consequence=3"' in body
    assert f'href="{risks}?tier=current&amp;likelihood=2&amp;consequence=1"' in body
    assert "residual where rated, else inherent; 1 risk at inherent." in body
    assert "likelihood=1&amp;consequence=1" not in body  # empty cells are not links


def test_it_lays_the_matrix_out_as_an_accessible_table(client, member, register):
    client.force_login(member)
    response = client.get(_url("dashboard:heatmap", register))
    body = response.content.decode()
    inherent = response.context["grids"][0]
    # Likelihood rows from high to low, consequence columns from low to high.
    assert [row.likelihood.value for row in inherent.rows] == [5, 4, 3, 2, 1]
    assert [step.value for step in inherent.consequences] == [1, 2, 3, 4, 5]
    assert body.count('<th scope="col" class="heatmap-col">') == 10
    assert body.count('<th scope="row" class="heatmap-row">') == 10
    assert "Almost certain" in body and "Severe" in body
    # Each cell carries its level in words as well as the colour class, from the matrix.
    top_right = inherent.rows[0].cells[-1]
    assert (top_right.level.code, top_right.level.label) == ("high", "High")
    assert body.count('<span class="cell-level">High</span>') == 2 * 6  # 15 to 25
    assert body.count('<span class="cell-level">Low</span>') == 2 * 8  # 1 to 4


def test_it_uses_the_registers_own_cell_based_matrix(client, member, team):
    from tests.builders import make_register

    register = make_register(team, title="Four by four", matrix="4x4-cell")
    client.force_login(member)
    inherent = client.get(_url("dashboard:heatmap", register)).context["grids"][0]
    levels = {
        (c.likelihood.value, c.consequence.value): c.level.code
        for row in inherent.rows
        for c in row.cells
    }
    # L1 x C4 scores 4 like L2 x C2, but the grid says Medium for one and Low for the other.
    assert (levels[(1, 4)], levels[(2, 2)]) == ("medium", "low")
    assert len(levels) == 16
