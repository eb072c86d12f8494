"""The spreadsheet import's commit and its checks at the edges: a write that fails halfway
leaves nothing behind; a text exactly at its length limit is taken and one character more
is an error; a score written as "12.0" is the same score as 12."""

from __future__ import annotations

import pytest

from assessments.models import Risk
from interchange import importer, mapping
from tests.builders import (
    PMO_CATEGORIES,
    as_csv,
    pmo_rows,
    preset,
    row_counts,
    source_for,
)

pytestmark = pytest.mark.django_db


def risks_source(rows, team, name="risks.csv", **changes) -> importer.Source:
    changes.setdefault("values", {"category": PMO_CATEGORIES})
    return source_for(
        as_csv(rows),
        name,
        mapping.RISKS,
        team,
        new_register={"title": "Imported", "matrix": preset().pk},
        **changes,
    )


def test_a_write_that_fails_at_the_300th_row_leaves_nothing_behind(team, member, monkeypatch):
    header, *body = pmo_rows()
    rows = [header] + [[f"R{i:04d}"] + body[i % len(body)][1:] for i in range(1, 301)]
    source = risks_source(rows, team)
    real = importer._apply_latest
    calls = []

    def fail_at_the_300th(risk, assessments, register):
        calls.append(risk.number)
        if len(calls) == 300:
            raise RuntimeError("disk full")
        return real(risk, assessments, register)

    monkeypatch.setattr(importer, "_apply_latest", fail_at_the_300th)
    before = row_counts()
    with pytest.raises(RuntimeError, match="disk full"):
        importer.commit_import(source=source, user=member)
    assert len(calls) == 300  # the risks and their ratings were written by then
    assert row_counts() == before


def _title_rows(title: str) -> list[list[str]]:
    header, first, *_ = pmo_rows()
    first = list(first)
    first[2] = title
    return [header, first]


def test_a_title_exactly_at_the_limit_is_imported(team, member):
    limit = Risk._meta.get_field("title").max_length
    source = risks_source(_title_rows("T" * limit), team)
    plan = importer.build_plan(source)
    assert not plan.errors
    register, _ = importer.commit_import(source=source, user=member)
    assert register.risks.get().title == "T" * limit


def test_a_title_one_over_the_limit_is_an_error_not_a_notice(team, member):
    limit = Risk._meta.get_field("title").max_length
    source = risks_source(_title_rows("T" * (limit + 1)), team)
    plan = importer.build_plan(source)
    (problem,) = [p for p in plan.problems if "Longer than" in p.message]
    assert problem.error and problem.row == 2
    assert problem.message == f"Longer than {limit} characters."
    assert (problem.column, problem.value) == ("Title", "T" * 40)  # the start of the text
    before = row_counts()
    with pytest.raises(importer.ImportRejected):
        importer.commit_import(source=source, user=member)
    assert row_counts() == before


@pytest.mark.parametrize("given", ["12", "12.0", "12.00", " 12.0 ", "1.2e1"])
def test_a_score_written_as_a_decimal_is_the_same_score(team, given):
    header, first, *_ = pmo_rows()
    first = list(first)
    first[5], first[6] = "4", "3"  # 4 x 3 = 12
    rows = [[*header, "inherent_score"], [*first, given]]
    source = risks_source(rows, team, columns={"inherent_score": "inherent_score"})
    assert "inherent_score" in importer.mapped_columns(source.mapping).values()
    plan = importer.build_plan(source)
    assert not plan.errors
    assert not [p for p in plan.notices if "The file says" in p.message]


@pytest.mark.parametrize("given", ["13", "12.5", "twelve"])
def test_a_score_that_differs_is_reported(team, given):
    header, first, *_ = pmo_rows()
    first = list(first)
    first[5], first[6] = "4", "3"
    rows = [[*header, "inherent_score"], [*first, given]]
    source = risks_source(rows, team, columns={"inherent_score": "inherent_score"})
    plan = importer.build_plan(source)
    (notice,) = [p for p in plan.notices if "The file says" in p.message]
    assert notice.row == 2 and "= 12: Medium" in notice.message
