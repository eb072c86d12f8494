"""Importing risks: each row's fields as planned, word for word, with the notices of words
the mapping leaves out (kept in the notes) and a decision without its rationale."""

from __future__ import annotations

import pytest

from interchange import importer, mapping
from tests.builders import as_csv, make_register, make_risk, make_stage, source_for
from tests.builders import plan_problems as problems

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
    "Next review date",
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
        row(
            Title="Refund",
            Category="Money",
            Decision="Tolerate",
            **{"Date raised": "soon", "Next review date": "whenever"},
        ),
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
        (
            3,
            "Next review date",
            "whenever",
            "'whenever' is not a date (use 2026-03-31 or 31/03/2026).",
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


def test_it_keeps_free_references_and_numbers_the_rest_after_the_highest(register):
    make_risk(register, title="Already here")
    plan = plan_of(
        register,
        row(Title="A"),
        row(Reference="R-001", Title="B"),
        row(Reference="R-005", Title="C"),
        row(Reference="R-005", Title="D"),
        row(Reference="R-004", Title="E"),
        row(Title="F"),
        options={"default_category": "financial"},
    )
    assert problems(plan) == [
        (3, "Reference", "R-001", "This register already has a risk with that reference.", True),
        (5, "Reference", "R-005", "The same reference as row 4.", True),
    ]
    assert [(r.fields["title"], r.number) for r in plan.risks] == [
        ("A", 6),
        ("B", 1),
        ("C", 5),
        ("D", 5),
        ("E", 4),
        ("F", 7),
    ]


def test_a_register_without_risks_numbers_from_one(register):
    plan = plan_of(
        register, row(Title="A"), row(Title="B"), options={"default_category": "financial"}
    )
    assert [r.number for r in plan.risks] == [1, 2]


def test_risks_without_a_stage_go_to_the_stage_chosen_or_a_new_one(register):
    make_stage(register, "Arrive")
    pay = make_stage(register, "Pay")
    rows = [row(Title="A"), row(Title="B", Stage="Leave"), row(Title="C", Stage="leave")]
    options = {"default_category": "financial", "stage": "new", "stage_name": "  Walk-in  "}
    plan = plan_of(register, *rows, options=options)
    assert [r.stage for r in plan.risks] == ["Walk-in", "Leave", "leave"]
    assert plan.new_stages == ["Walk-in", "Leave"]
    options = {"default_category": "financial", "stage": str(pay.pk)}
    plan = plan_of(register, *rows, options=options)
    assert [r.stage for r in plan.risks] == ["Pay", "Leave", "leave"]
    assert plan.new_stages == ["Leave"]
    plan = plan_of(register, *rows, options={"default_category": "financial"})
    assert [r.stage for r in plan.risks] == ["", "Leave", "leave"]
    # A new stage without a name, or a stage since deleted, leaves the risk without one.
    for stage, name in (("new", ""), ("999999", "")):
        options = {"default_category": "financial", "stage": stage, "stage_name": name}
        plan = plan_of(register, *rows, options=options)
        assert [r.stage for r in plan.risks] == ["", "Leave", "leave"]


def test_an_incomplete_rating_names_its_tier(register):
    headers = ["Title", "Category", "Likelihood", "Residual likelihood", "Residual impact"]
    source = source_for(
        as_csv([headers, ["Queue", "Financial", "3", "", "2"]]),
        "risks.csv",
        mapping.RISKS,
        register.team,
        register=register,
    )
    assert problems(importer.build_plan(source)) == [
        (
            2,
            "Inherent rating",
            "",
            "Inherent rating is incomplete: no finance consequence, reputation consequence, "
            "health and safety consequence.",
            True,
        ),
        (
            2,
            "Residual rating",
            "",
            "Residual rating is incomplete: no likelihood.",
            True,
        ),
    ]
