"""Importing a rating history (the "ratings" kind): one rating per row, of a risk already
in the register, with its tier, date, status and rationale; every row problem reported."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Assessment, Risk
from interchange import importer, mapping
from tests.builders import as_csv, make_register, make_risk, source_for, statements
from tests.builders import plan_problems as problems

NOW = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)
HEADERS = ["Risk", "Tier", "Date", "Status", "Likelihood", "Impact", "Rationale", "Comment"]


@pytest.fixture
def register(team):
    register = make_register(team, title="Front desk")
    make_risk(register, title="Wet floor", rating=(3, 3, 3, 3))
    make_risk(register, title="Queue", rating=(2, 2, 2, 2))
    return register


def plan_of(register, *rows, headers=HEADERS, **changes) -> importer.Plan:
    data = as_csv([headers, *rows])
    return importer.build_plan(
        source_for(
            data, "history.csv", mapping.RATINGS, register.team, register=register, **changes
        )
    )


def test_it_plans_each_rows_rating_with_its_tier_date_status_and_rationale(register):
    plan = plan_of(
        register,
        ["R-001", "Inherent", "2026-01-10", "Open", "4", "3", "Before the mats", "Sam checked"],
        ["R-002", "Residual", "2026-02-10", "Closed", "1", "2", "", ""],
    )
    assert problems(plan) == [] and plan.can_commit
    read = [
        (
            r.row,
            r.number,
            r.risk_status,
            r.rating.tier,
            r.rating.date,
            r.rating.rationale,
            r.rating.rating.likelihood,
            r.rating.rating.score,
            r.rating.source,
            r.rating.row,
        )
        for r in plan.ratings
    ]
    assert read == [
        (
            2,
            1,
            "open",
            "inherent",
            dt.date(2026, 1, 10),
            "Before the mats\nComment: Sam checked",
            4,
            12,
            "history.csv",
            2,
        ),
        (
            3,
            2,
            "closed",
            "residual",
            dt.date(2026, 2, 10),
            importer.NO_RATIONALE,
            1,
            2,
            "history.csv",
            3,
        ),
    ]


def test_it_writes_the_ratings_and_the_latest_status(register, member):
    source = source_for(
        as_csv(
            [
                HEADERS,
                ["R-002", "Residual", "2026-02-10", "Closed", "1", "2", "", ""],
                ["R-002", "Residual", "2026-01-10", "Open", "2", "2", "", ""],
            ]
        ),
        "history.csv",
        mapping.RATINGS,
        register.team,
        register=register,
    )
    importer.commit_import(source=source, user=member)
    queue = Risk.objects.select_related("residual_rating").get(register=register, number=2)
    assert queue.status == Risk.Status.CLOSED  # the later row's status
    assert queue.residual_rating.likelihood == 1
    assert Assessment.objects.filter(risk=queue, tier="residual").count() == 2


def test_without_a_tier_column_it_takes_the_chosen_tier_else_residual(register):
    headers = ["Risk", "Likelihood", "Impact"]
    (residual,) = plan_of(register, ["R-001", "2", "2"], headers=headers).ratings
    assert residual.rating.tier == Assessment.Tier.RESIDUAL
    (inherent,) = plan_of(
        register, ["R-001", "2", "2"], headers=headers, options={"tier": "inherent"}
    ).ratings
    assert inherent.rating.tier == Assessment.Tier.INHERENT


def test_it_reports_each_row_problem_and_plans_nothing_from_it(register):
    plan = plan_of(
        register,
        ["R-001; R-002", "Residual", "", "", "2", "2", "", ""],
        ["R-001", "Sideways", "", "", "2", "2", "", ""],
        ["R-001", "Residual", "", "Paused", "2", "2", "", ""],
        ["R-001", "Residual", "", "", "", "", "", ""],
        ["R-001", "Residual", "", "", "9", "2", "", ""],
        ["R-001", "Residual", "yesterday-ish", "", "2", "2", "", ""],
        ["R-009", "Residual", "", "", "2", "2", "", ""],
        ["R-001", "Residual", "", "", "2", "", "", ""],
    )
    assert problems(plan) == [
        (2, "Risk reference", "R-001; R-002", "One risk per rating row.", True),
        (3, "Tier (inherent / residual)", "Sideways", "Not mapped to inherent or residual.", True),
        (4, "Status of the risk at that date", "Paused", "Not mapped to open or closed.", True),
        (5, "", "", "No rating in this row.", True),
        (6, "Rating", "", "The likelihood must be between 1 and 5 on this matrix; got 9.", True),
        (
            7,
            "Rating date",
            "yesterday-ish",
            "'yesterday-ish' is not a date (use 2026-03-31 or 31/03/2026).",
            True,
        ),
        (8, "Risk reference", "R-009", "No risk with this reference in the register.", True),
        (
            9,
            "Rating",
            "",
            "Rating is incomplete: no finance consequence, reputation consequence, health and "
            "safety consequence.",
            True,
        ),
    ]
    assert not plan.can_commit


def commit(register, member, *rows, headers=HEADERS):
    source = source_for(
        as_csv([headers, *rows]), "history.csv", mapping.RATINGS, register.team, register=register
    )
    return importer.commit_import(source=source, user=member)


@time_machine.travel(NOW, tick=False)
def test_a_rating_without_a_date_is_dated_now_and_the_later_row_of_a_day_wins(register, member):
    commit(
        register,
        member,
        ["R-001", "Residual", "2026-02-10", "Closed", "1", "2", "", ""],
        ["R-001", "Residual", "2026-02-10", "Open", "2", "2", "", ""],
        ["R-002", "Residual", "", "", "1", "1", "", ""],
    )
    floor, queue = Risk.objects.select_related("residual_rating").filter(register=register)
    assert floor.status == Risk.Status.OPEN  # same day: the file's later row
    assert queue.residual_rating.assessed_at == NOW


def test_it_rates_only_the_risks_of_the_register_it_imports_into(register, member):
    elsewhere = make_register(register.team, title="Stockroom")
    other = make_risk(elsewhere, title="Cash count", rating=(2, 2, 2, 2))
    commit(register, member, ["R-001", "Residual", "2026-02-10", "Closed", "1", "2", "", ""])
    other.refresh_from_db()
    assert (other.status, other.residual_rating_id) == (Risk.Status.OPEN, None)
    assert Assessment.objects.filter(risk=other).count() == 1
    floor = Risk.objects.get(register=register, number=1)
    assert floor.status == Risk.Status.CLOSED and floor.residual_rating.likelihood == 1


def test_it_writes_in_batches_and_records_who_imported_each_change(register, member, monkeypatch):
    make_risk(register, title="Refund", rating=(2, 2, 2, 2))
    monkeypatch.setattr(importer, "BATCH", 2)
    rows = [
        [f"R-00{number}", "Residual", f"2026-0{month}-01", "", "2", "2", "", ""]
        for number in (1, 2, 3)
        for month in (1, 2)
    ]
    with CaptureQueriesContext(connection) as queries:
        commit(register, member, *rows)
    assert statements(queries, "INSERT INTO", Assessment) == 3
    assert statements(queries, "UPDATE", Risk) == 2
    imported = Assessment.objects.filter(risk__register=register, tier="residual")
    assert imported.count() == 6
    assert {a.history.get().history_user for a in imported} == {member}
    for risk in Risk.objects.filter(register=register):
        assert risk.history.latest().history_user == member
        assert risk.history.latest().residual_rating_id == risk.residual_rating_id


@time_machine.travel(NOW, tick=False)
def test_an_older_rating_in_the_file_never_replaces_a_newer_one(register, member):
    floor = Risk.objects.get(register=register, number=1)
    current = floor.inherent_rating
    commit(register, member, ["R-001", "Inherent", "2025-01-10", "", "1", "1", "", ""])
    floor.refresh_from_db()
    assert floor.inherent_rating == current  # rated now, before the file's date
    assert Assessment.objects.filter(risk=floor, tier="inherent").count() == 2


@time_machine.travel(NOW, tick=False)
def test_of_two_ratings_at_the_same_time_the_later_row_is_current(register, member):
    commit(
        register,
        member,
        ["R-002", "Residual", "2026-02-10", "", "1", "1", "", ""],
        ["R-002", "Residual", "2026-02-10", "", "2", "1", "", ""],
        ["R-001", "Residual", "", "Closed", "1", "1", "", ""],
        ["R-001", "Residual", "", "Open", "1", "1", "", ""],
    )
    floor, queue = Risk.objects.select_related("residual_rating").filter(register=register)
    assert queue.residual_rating.likelihood == 2
    assert floor.status == Risk.Status.OPEN


def test_it_reads_the_risks_it_rates_in_a_fixed_number_of_queries(register, member):

    def queries(count: int) -> int:
        rows = [
            [f"R-{number:03d}", "Residual", "2026-02-10", "", "1", "1", "", ""]
            for number in range(1, count + 1)
        ]
        with CaptureQueriesContext(connection) as captured:
            commit(register, member, *rows)
        return len(captured.captured_queries)

    small = queries(2)
    for n in range(3, 7):
        make_risk(register, title=f"Risk {n}", rating=(2, 2, 2, 2))
    assert queries(6) == small
