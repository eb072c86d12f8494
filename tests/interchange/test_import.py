"""Importing the real PMO register (risks, then actions, then rating history) and variants
of it built here: merged cells, title rows, notes below the table, words for numbers."""

from __future__ import annotations

import datetime as dt
import io

import openpyxl
import pytest
import time_machine

from assessments.models import Action, Assessment, Risk
from interchange import importer, mapping
from journeys.models import Stage
from registers.models import Register
from tests.builders import (
    PMO_CATEGORIES,
    as_csv,
    pmo_bytes,
    pmo_rows,
    preset,
    source_for,
)

pytestmark = pytest.mark.django_db
NOW = dt.datetime(2026, 7, 1, 9, 0, tzinfo=dt.UTC)


def new_register_source(data: bytes, name: str, team, **changes) -> importer.Source:
    changes.setdefault("values", {"category": PMO_CATEGORIES})
    return source_for(
        data,
        name,
        mapping.RISKS,
        team,
        new_register={"title": "PMO", "matrix": preset().pk},
        **changes,
    )


@time_machine.travel(NOW, tick=False)
def test_it_imports_the_pmo_risks_actions_and_history(import_risks_from_pmo, team, member):
    register = import_risks_from_pmo()
    assert register.risks.count() == 37
    first = Risk.objects.select_related("inherent_rating").get(register=register, number=1)
    assert first.title == "Key steel fabrication supplier delivery slippage"
    assert first.category == "substandard_delivery"
    assert first.tags == ["Supplier & Delivery"]  # the source category is kept
    assert first.owner is None and first.owner_name == "Supply Chain Lead"
    assert first.inherent_rating.explanation == (
        "Likelihood 4 × consequence 3 (finance, reputation and health and safety) = 12: Medium"
    )
    assert first.inherent_rating.assessed_at.date() == dt.date(2025, 9, 13)
    assert first.next_review_date == dt.date(2025, 12, 13)  # medium: three months on
    assert Risk.objects.get(register=register, number=29).inherent_rating.level_code == "high"

    for kind, name in (
        (mapping.ACTIONS, "mitigation_actions.csv"),
        (mapping.RATINGS, "risk_snapshots.csv"),
    ):
        source = source_for(pmo_bytes(name), name, kind, team, register=register)
        importer.commit_import(source=source, user=member)

    assert Action.objects.filter(register=register).count() == 131
    action = Action.objects.filter(register=register).order_by("pk").first()
    assert action.description == "Implement additional site control / toolbox talk"
    assert list(action.risks.values_list("number", flat=True)) == [1]
    assert (action.status, action.completed_on) == ("done", dt.date(2026, 3, 30))
    assert action.evidence_note == "action_id: A0001\nreport_month: 2026-02"
    assert Assessment.objects.filter(risk__register=register, tier="residual").count() == 196
    first.refresh_from_db()
    latest = pmo_rows("risk_snapshots.csv")
    latest = [row for row in latest if row[0] == "R001"][-1]
    assert first.residual_rating.likelihood == int(latest[4])
    assert first.residual_rating.consequence == int(latest[5])
    assert first.residual_rating.assessed_at.date() == dt.date.fromisoformat(latest[2])
    assert "inherent_score: 12" in first.residual_rating.rationale  # unmapped, kept
    closed = {row[0] for row in pmo_rows("risk_snapshots.csv")[1:] if row[3] == "Closed"}
    assert closed
    assert set(
        Risk.objects.filter(register=register, status="closed").values_list("number", flat=True)
    ) == {int(ref[1:]) for ref in closed}


def test_it_keeps_unmapped_columns_as_notes(team, member):
    source = new_register_source(
        pmo_bytes("risk_register.csv"),
        "risk_register.csv",
        team,
        columns={"owner": "", "date_raised": ""},
    )
    register, _ = importer.commit_import(source=source, user=member)
    risk = register.risks.get(number=1)
    assert risk.notes == "owner: Supply Chain Lead\ndate_raised: 2025-09-13"
    assert risk.owner_name == ""


def test_it_links_owners_who_are_team_members(team, member):
    rows = pmo_rows("risk_register.csv")
    rows[1][3] = "Mia Member"
    source = new_register_source(as_csv(rows), "r.csv", team)
    register, _ = importer.commit_import(source=source, user=member)
    assert register.risks.get(number=1).owner == member


def test_it_previews_everything_and_writes_nothing(team, member):
    source = new_register_source(pmo_bytes("risk_register.csv"), "risk_register.csv", team)
    plan = importer.build_plan(source)
    assert plan.can_commit
    assert (len(plan.risks), plan.rating_count, plan.action_count) == (37, 37, 0)
    assert not Register.objects.filter(title="PMO").exists()
    assert Risk.objects.count() == 0


def test_it_reports_unmapped_categories_row_by_row_and_writes_nothing(team, member):
    source = new_register_source(
        pmo_bytes("risk_register.csv"), "risk_register.csv", team, values={}
    )
    plan = importer.build_plan(source)
    rows = {p.row for p in plan.errors}
    assert rows == set(range(14, 34))  # Engineering, Schedule, Regulatory, Resourcing
    assert all("No category" in p.message for p in plan.errors)
    with pytest.raises(importer.ImportRejected):
        importer.commit_import(source=source, user=member)
    assert not Register.objects.filter(title="PMO").exists()
    assert Risk.objects.count() == Assessment.objects.count() == 0


def test_it_uses_a_default_category_for_unmapped_values(team, member):
    source = new_register_source(
        pmo_bytes("risk_register.csv"),
        "risk_register.csv",
        team,
        values={},
        options={"default_category": "substandard_delivery"},
    )
    register, _ = importer.commit_import(source=source, user=member)
    risk = register.risks.get(number=13)
    assert (risk.category, risk.tags) == ("substandard_delivery", ["Engineering & Design Change"])


def test_it_reports_dirty_rating_values_and_imports_mapped_words(team, member):
    rows = pmo_rows("risk_register.csv")
    rows[1][5] = "Likely"  # a label of our matrix: pre-mapped, shown on the page
    rows[2][5] = "4 "  # trailing space: tidied, with a notice
    rows[3][5] = "3.0"  # tidied, with a notice
    rows[4][6] = "M - H"  # ambiguous: an error until mapped
    rows[5][6] = "High"  # a word of another scale: an error until mapped
    rows[6][5] = "7"  # off the matrix
    source = new_register_source(as_csv(rows), "dirty.csv", team)
    assert source.mapping["values"]["likelihood"] == {"Likely": 4}
    assert source.mapping["values"]["consequence"] == {"M - H": None, "High": None}
    plan = importer.build_plan(source)
    errors = {(p.row, p.value): p.message for p in plan.errors}
    assert set(errors) == {(5, "M - H"), (6, "High"), (7, "")}
    assert "not mapped" in errors[(5, "M - H")]
    assert "between 1 and 5" in errors[(7, "")]
    notices = {(p.row, p.message) for p in plan.notices}
    assert (3, "spaces around the value removed") in notices
    assert (4, "'3.0' read as 3") in notices
    with pytest.raises(importer.ImportRejected):
        importer.commit_import(source=source, user=member)
    assert Risk.objects.count() == 0

    rows[6][5] = "5"
    source = new_register_source(
        as_csv(rows),
        "dirty.csv",
        team,
        values={"category": PMO_CATEGORIES, "consequence": {"M - H": 4, "High": 5}},
    )
    register, plan = importer.commit_import(source=source, user=member)
    ratings = {
        r.number: (r.inherent_rating.likelihood, r.inherent_rating.consequence)
        for r in register.risks.select_related("inherent_rating")
    }
    assert ratings[1] == (4, 3) and ratings[2] == (4, 5) and ratings[3] == (3, 2)
    assert ratings[4] == (4, 4) and ratings[5] == (3, 5)


def test_it_reads_a_workbook_with_title_rows_merged_cells_and_notes_below(team, member):
    rows = pmo_rows("risk_register.csv")
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Programme risk register", None, None])
    sheet.append(["Exported for the board"])
    sheet.append(["Stage"] + rows[0])
    for row in rows[1:6]:
        sheet.append(["Delivery"] + row[:5] + [int(row[5]), int(row[6])])
    sheet.merge_cells("A4:A8")  # one stage for five rows, as people do
    sheet["E4"] = "Supply Chain Lead"
    sheet["D5"] = "Two lines\nof title"
    sheet.append([])
    sheet.append(["Notes: scores reviewed monthly by the PMO."])
    sheet.append(["Source: programme office"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    source = new_register_source(buffer.getvalue(), "board.xlsx", team, header_row=3)
    assert source.mapping["columns"]["0"] == "stage"
    plan = importer.build_plan(source)
    assert plan.left_out == [10, 11]
    assert any("below the table" in p.message for p in plan.notices)
    register, plan = importer.commit_import(source=source, user=member)
    assert register.risks.count() == 5
    assert list(Stage.objects.filter(register=register).values_list("name", flat=True)) == [
        "Delivery"
    ]
    assert register.risks.filter(stage__name="Delivery").count() == 5
    assert register.risks.get(number=2).title == "Two lines\nof title"


def test_it_reports_malformed_rows_and_writes_nothing(team, member):
    rows = pmo_rows("risk_register.csv")
    rows[1][2] = ""  # no title
    rows[2][4] = "sometime in May"  # not a date
    rows[3][0] = "R001"  # the same reference as row 2
    rows[4][5] = ""  # likelihood missing
    source = new_register_source(as_csv(rows), "broken.csv", team)
    plan = importer.build_plan(source)
    by_row = {p.row: p.message for p in plan.errors}
    assert set(by_row) == {2, 3, 4, 5}
    assert "No title" in by_row[2]
    assert "not a date" in by_row[3]
    assert "same reference as row 2" in by_row[4]
    assert "incomplete" in by_row[5]
    with pytest.raises(importer.ImportRejected):
        importer.commit_import(source=source, user=member)
    assert not Register.objects.filter(title="PMO").exists()


def test_it_refuses_actions_for_risks_it_does_not_know(import_risks_from_pmo, team, member):
    register = import_risks_from_pmo()
    rows = pmo_rows("mitigation_actions.csv")
    rows[3][1] = "R999"
    source = source_for(as_csv(rows), "actions.csv", mapping.ACTIONS, team, register=register)
    plan = importer.build_plan(source)
    assert [(p.row, p.value) for p in plan.errors] == [(4, "R999")]
    with pytest.raises(importer.ImportRejected):
        importer.commit_import(source=source, user=member)
    assert not Action.objects.exists()


def test_it_numbers_after_the_existing_risks_and_refuses_taken_references(register, team, member):
    from tests.builders import make_risk

    make_risk(register, rating=(1, 1, 1, 1))
    data = as_csv([["Title", "Category"], ["Queue at the desk", "Reputational"]])
    source = source_for(data, "r.csv", mapping.RISKS, team, register=register)
    importer.commit_import(source=source, user=member)
    assert register.risks.get(title="Queue at the desk").number == 2
    data = as_csv([["Ref", "Title", "Category"], ["R-001", "Clash", "Financial"]])
    source = source_for(data, "r.csv", mapping.RISKS, team, register=register)
    plan = importer.build_plan(source)
    assert [p.message for p in plan.errors] == [
        "This register already has a risk with that reference."
    ]


def test_it_records_history_for_every_row_it_writes(import_risks_from_pmo, member):
    register = import_risks_from_pmo()
    risk = register.risks.get(number=1)
    records = list(risk.history.all())
    assert len(records) == 1 and records[0].history_user == member
    assert records[0].inherent_rating_id == risk.inherent_rating_id
    assert risk.inherent_rating.history.count() == 1


def test_it_runs_a_bounded_number_of_queries_per_batch(team, member):
    """Queries grow with batches of rows (500, or fewer where the database limits the
    parameters of one statement, as SQLite does), never with each row."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    header, *body = pmo_rows("risk_register.csv")

    def count(n):
        rows = [header] + [[f"R{i:04d}"] + body[i % len(body)][1:] for i in range(1, n + 1)]
        source = new_register_source(as_csv(rows), f"big{n}.csv", team)
        source.new_register["title"] = f"PMO {n}"
        with CaptureQueriesContext(connection) as ctx:
            importer.commit_import(source=source, user=member)
        return len(ctx.captured_queries)

    small, large = count(10), count(400)
    assert large - small < (400 - 10) / 5
    if connection.vendor == "postgresql":
        assert large == small
