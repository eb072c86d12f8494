"""Importing risks: each row's fields as planned, word for word, with the notices of words
the mapping leaves out (kept in the notes) and a decision without its rationale."""

from __future__ import annotations

import pytest

from interchange import importer, mapping
from tests.builders import as_csv, make_register, source_for

HEADERS = [
    "Reference",
    "Title",
    "Stage",
    "Category",
    "Tags",
    "Cause",
    "Event",
    "Consequence",
    "Who is affected",
    "Existing controls",
    "Outcome",
    "Owner",
    "Decision",
    "Decision rationale",
    "Status",
    "Notes",
    "Date raised",
    "Mitigation",
    "Supplier",
]


@pytest.fixture
def register(team):
    return make_register(team, title="Front desk")


def plan_of(register, *rows, **changes) -> importer.Plan:
    source = source_for(
        as_csv([HEADERS, *rows]),
        "risks.csv",
        mapping.RISKS,
        register.team,
        register=register,
        **changes,
    )
    return importer.build_plan(source)


def problems(plan) -> list[tuple]:
    return [(p.row, p.column, p.value, p.message, p.error) for p in plan.problems]


def row(**cells) -> list[str]:
    return [cells.get(header, "") for header in HEADERS]


def test_it_plans_every_field_of_a_risk(register, member):
    plan = plan_of(
        register,
        row(
            Reference="R-007",
            Title="Wet floor",
            Stage="Arrive",
            Category="health & SAFETY",  # our own label, in any case: no tag
            Tags="Winter; Floors",
            Cause="Rain",
            Event="A slip",
            Consequence="An injury",
            **{"Who is affected": "Visitors", "Existing controls": "Signs"},
            Outcome="Safe visits",
            Owner=member.username,
            Decision="Treat",
            **{"Decision rationale": "Too likely"},
            Status="Open",
            Notes="Seen in January",
            **{"Date raised": "2026-01-05"},
            Mitigation="Fit mats",
            Supplier="Acme",
        ),
    )
    assert problems(plan) == [] and plan.can_commit
    (risk,) = plan.risks
    assert (risk.row, risk.number, risk.stage, risk.mitigation) == (2, 7, "Arrive", "Fit mats")
    assert risk.fields == {
        "title": "Wet floor",
        "cause": "Rain",
        "event": "A slip",
        "consequence": "An injury",
        "affected": "Visitors",
        "existing_controls": "Signs",
        "outcome": "Safe visits",
        "owner": member,
        "owner_name": "",
        "tags": ["Winter", "Floors"],
        "category": "health_safety",
        "decision": "treat",
        "status": "open",
        "decision_rationale": "Too likely",
        "notes": "Seen in January\nSupplier: Acme",
    }
    assert risk.ratings == []


def test_words_the_mapping_leaves_out_are_noted_and_kept(register):
    plan = plan_of(
        register,
        row(Reference="ABC", Title="Queue", Category="Slips", Decision="Ignore", Status="Paused"),
        row(Title="Refund", Category="Money", Decision="Tolerate", **{"Date raised": "soon"}),
        values={"category": {"Slips": "health_safety"}},
        options={"default_category": "financial"},
    )
    assert problems(plan) == [
        (2, "Treatment decision", "Ignore", "Not mapped; kept in the notes.", False),
        (2, "Status", "Paused", "Not mapped; kept in the notes.", False),
        (
            2,
            "Reference",
            "ABC",
            "Not a reference we can number from; the next free number is used and the "
            "original kept in the notes.",
            False,
        ),
        (
            3,
            "Treatment decision",
            "tolerate",
            "No rationale given for the decision; noted as not recorded.",
            False,
        ),
        (
            3,
            "Date raised (used as the date of the first rating)",
            "soon",
            "'soon' is not a date (use 2026-03-31 or 31/03/2026).",
            True,
        ),
    ]
    queue, refund = plan.risks
    assert (queue.fields["category"], queue.fields["tags"]) == ("health_safety", ["Slips"])
    assert (queue.fields["decision"], queue.fields["status"]) == ("", "open")
    assert queue.fields["notes"] == "Treatment decision: Ignore\nStatus: Paused\nReference: ABC"
    assert (refund.fields["category"], refund.fields["tags"]) == ("financial", ["Money"])
    assert refund.fields["decision_rationale"] == "Not recorded in the imported file."


def test_a_risk_needs_a_title_and_a_category(register):
    plan = plan_of(register, row(Category="Weather"), row(Title="Queue", Stage="S" * 121))
    assert problems(plan) == [
        (2, "Title", "", "No title: every risk needs one.", True),
        (
            2,
            "Category",
            "Weather",
            "No category: map this value to one of ours, or choose a category for unmapped values.",
            True,
        ),
        (
            3,
            "Category",
            "",
            "No category: map this value to one of ours, or choose a category for unmapped values.",
            True,
        ),
        (3, "Stage of the journey", "S" * 40, "Longer than 120 characters.", True),
    ]
