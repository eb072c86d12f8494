"""What an import of risks writes: stages reused by name or added after the last, risks,
their ratings and the actions of their mitigation column, in batches, each row's history
recorded as the person who imported it; next review dates from the register's own cadence."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from assessments.models import Action, Assessment, Risk
from interchange import importer, mapping
from journeys.models import Stage
from tests.builders import as_csv, make_register, make_stage, source_for, statements

NOW = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)
HEADERS = [
    "Title",
    "Stage",
    "Category",
    "Likelihood",
    "Impact",
    "Residual likelihood",
    "Residual impact",
    "Mitigation",
    "Next review date",
    "Date raised",
]
ROWS = [
    ["Wet floor", "pay", "Health and safety", "4", "3", "2", "3", "Fit mats", "", "2026-02-01"],
    ["Queue", "Leave", "Reputational", "3", "3", "", "", "", "2026-09-30", "2026-03-01"],
    ["Refund", "Queue area", "Financial", "2", "2", "", "", "", "", ""],
]


@pytest.fixture
def register(team):
    register = make_register(
        team, title="Front desk", review_months_high=1, review_months_medium=2, review_months_low=4
    )
    make_stage(register, "Arrive", order=1)
    make_stage(register, "Pay", order=2)
    return register


@time_machine.travel(NOW, tick=False)
def test_it_writes_risks_stages_ratings_and_actions_in_batches_as_the_importer(
    register, member, monkeypatch
):
    monkeypatch.setattr(importer, "BATCH", 1)
    source = source_for(
        as_csv([HEADERS, *ROWS]), "risks.csv", mapping.RISKS, register.team, register=register
    )
    with CaptureQueriesContext(connection) as queries:
        importer.commit_import(source=source, user=member)

    # One row a statement: two new stages, three risks, four ratings, one action.
    assert statements(queries, "INSERT INTO", Stage) == 2
    assert statements(queries, "INSERT INTO", Risk) == 3
    assert statements(queries, "INSERT INTO", Assessment) == 4
    assert statements(queries, "UPDATE", Risk) == 3
    assert statements(queries, "INSERT INTO", Action) == 1

    stages = list(register.stages.order_by("order").values_list("name", "order"))
    assert stages == [("Arrive", 1), ("Pay", 2), ("Leave", 3), ("Queue area", 4)]
    floor, queue, refund = Risk.objects.filter(register=register).select_related(
        "stage", "inherent_rating", "residual_rating"
    )
    assert [floor.stage.name, queue.stage.name, refund.stage.name] == ["Pay", "Leave", "Queue area"]

    noon = timezone.make_aware(dt.datetime(2026, 2, 1, 12, 0))
    assert floor.inherent_rating.assessed_at == noon
    assert floor.residual_rating.assessed_at == noon
    assert refund.inherent_rating.assessed_at == NOW
    # Medium two months on, low four (this register's cadence); the file's own date wins.
    assert (floor.residual_rating.level_code, refund.inherent_rating.level_code) == (
        "medium",
        "low",
    )
    assert floor.next_review_date == dt.date(2026, 4, 1)
    assert queue.next_review_date == dt.date(2026, 9, 30)
    assert refund.next_review_date == dt.date(2026, 11, 1)

    (action,) = Action.objects.filter(register=register)
    assert action.description == "Fit mats"
    assert list(action.risks.all()) == [floor]
    for record in (
        *Stage.objects.filter(register=register, order__gt=2),
        floor,
        queue,
        refund,
        *Assessment.objects.filter(risk__register=register),
        action,
    ):
        assert record.history.earliest().history_user == member
    assert list(action.history.get().risks.values_list("risk_id", flat=True)) == [floor.pk]


def test_the_stages_of_a_register_without_any_start_at_one(team, member):
    register = make_register(team, title="New desk")
    source = source_for(
        as_csv([HEADERS, *ROWS]), "risks.csv", mapping.RISKS, team, register=register
    )
    importer.commit_import(source=source, user=member)
    stages = list(register.stages.order_by("order").values_list("name", "order"))
    assert stages == [("pay", 1), ("Leave", 2), ("Queue area", 3)]
