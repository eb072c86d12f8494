"""Importing actions: each row's fields as planned, word for word, with every notice and
error of the row (an unmapped type or status, a done action without a date, bad money)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext

from assessments.models import Action, Risk
from interchange import importer, mapping
from tests.builders import as_csv, make_register, make_risk, source_for, statements
from tests.builders import plan_problems as problems

HEADERS = [
    "Risk",
    "Description",
    "Type",
    "Owner",
    "Due date",
    "Status",
    "Completed on",
    "One-off cost",
    "Annual cost",
    "Annual benefit",
    "Evidence note",
    "Budget line",
]
TODAY = dt.date(2026, 7, 1)


@pytest.fixture
def register(team):
    register = make_register(team, title="Front desk")
    make_risk(register, title="Wet floor")
    make_risk(register, title="Queue")
    return register


def plan_of(register, *rows) -> importer.Plan:
    data = as_csv([HEADERS, *rows])
    with time_machine.travel(dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC), tick=False):
        return importer.build_plan(
            source_for(data, "actions.csv", mapping.ACTIONS, register.team, register=register)
        )


def test_it_plans_every_field_of_an_action(register, member):
    plan = plan_of(
        register,
        [
            "R-001; R-002",
            "Fit non-slip mats",
            "Corrective",
            member.username,
            "2026-03-01",
            "Done",
            "2026-03-05",
            "£100.50",
            "20",
            "500",
            "Invoice 12",
            "Facilities",
        ],
    )
    assert problems(plan) == [] and plan.can_commit
    (action,) = plan.actions
    assert (action.row, action.numbers) == (2, [1, 2])
    assert action.fields == {
        "description": "Fit non-slip mats",
        "kind": "corrective",
        "owner": member,
        "owner_name": "",
        "due_date": dt.date(2026, 3, 1),
        "status": "done",
        "completed_on": dt.date(2026, 3, 5),
        "cost_one_off": Decimal("100.50"),
        "cost_annual": Decimal("20"),
        "benefit_annual": Decimal("500"),
        "evidence_note": "Invoice 12\nBudget line: Facilities",
    }


def test_unmapped_words_fall_back_and_are_kept_in_the_evidence_note(register):
    plan = plan_of(
        register,
        [
            "R-002",
            "Call the supplier",
            "Weird",
            "Duty manager",
            "",
            "Sometime",
            "",
            "",
            "",
            "",
            "",
            "",
        ],
    )
    assert problems(plan) == [
        (
            2,
            "Type",
            "Weird",
            "Not mapped; preventive is used and the value kept in the evidence note.",
            False,
        ),
        (
            2,
            "Status",
            "Sometime",
            "Not mapped; planned is used and the value kept in the evidence note.",
            False,
        ),
    ]
    (action,) = plan.actions
    assert action.numbers == [2]
    assert action.fields == {
        "description": "Call the supplier",
        "kind": "preventive",
        "owner": None,
        "owner_name": "Duty manager",
        "due_date": None,
        "status": "planned",
        "completed_on": None,
        "cost_one_off": Decimal("0"),
        "cost_annual": Decimal("0"),
        "benefit_annual": Decimal("0"),
        "evidence_note": "Type: Weird\nStatus: Sometime",
    }


def test_a_done_action_without_a_date_takes_its_due_date_else_today(register):
    plan = plan_of(
        register,
        ["R-001", "Sweep", "", "", "2026-04-01", "Done", "", "", "", "", "", ""],
        ["R-001", "Mop", "", "", "", "Done", "", "", "", "", "", ""],
    )
    assert problems(plan) == [
        (
            2,
            "Status",
            "done",
            "Done but no completion date; 01 Apr 2026 (the due date) is recorded.",
            False,
        ),
        (
            3,
            "Status",
            "done",
            "Done but no completion date; 01 Jul 2026 (today) is recorded.",
            False,
        ),
    ]
    assert [a.fields["completed_on"] for a in plan.actions] == [dt.date(2026, 4, 1), TODAY]


def test_it_reports_each_bad_cell_and_commits_nothing(register):
    plan = plan_of(
        register,
        ["R-001", "", "", "", "", "", "", "lots", "", "", "", ""],
        ["", "Sweep", "", "", "soon", "", "later", "", "", "", "", ""],
    )
    assert problems(plan) == [
        (2, "Description", "", "No description.", True),
        (2, "One-off cost", "lots", "'lots' is not an amount of money.", True),
        (3, "Risk reference(s)", "", "No risk given.", True),
        (3, "Due date", "soon", "'soon' is not a date (use 2026-03-31 or 31/03/2026).", True),
        (
            3,
            "Completed on",
            "later",
            "'later' is not a date (use 2026-03-31 or 31/03/2026).",
            True,
        ),
    ]
    assert not plan.can_commit


def test_it_writes_actions_in_batches_with_their_risks_as_the_importer(
    register, member, monkeypatch
):
    monkeypatch.setattr(importer, "BATCH", 2)
    blank = ["", "", "", "", "", "", "", "", "", ""]
    rows = [
        ["R-001; R-002; R-001", "Fit mats", *blank],
        ["R-002", "Open a second till", *blank],
        ["R-001", "Sweep hourly", *blank],
    ]
    source = source_for(
        as_csv([HEADERS, *rows]), "actions.csv", mapping.ACTIONS, register.team, register=register
    )
    with CaptureQueriesContext(connection) as queries:
        importer.commit_import(source=source, user=member)
    assert statements(queries, "INSERT INTO", Action) == 2
    mats, till, sweep = Action.objects.filter(register=register).order_by("pk")
    floor, queue = Risk.objects.filter(register=register)
    assert [list(a.risks.order_by("number")) for a in (mats, till, sweep)] == [
        [floor, queue],
        [queue],
        [floor],
    ]
    assert {a.history.get().history_user for a in (mats, till, sweep)} == {member}
    linked = mats.history.get().risks.order_by("risk__number").values_list("risk_id", flat=True)
    assert list(linked) == [floor.pk, queue.pk]
