"""The checks an import makes before reading any row (a register or matrix chosen, a new
register's title, risks to rate, the required columns mapped), the words of a rejection,
a score or level in the file that differs from the engine's, and a mapping saved without
its value or option parts."""

from __future__ import annotations

import pytest

from interchange import importer, mapping
from tests.builders import as_csv, make_register, make_risk, preset, source_for
from tests.builders import plan_problems as problems

RISK_ROWS = [["Title", "Category", "Likelihood", "Impact"], ["Wet floor", "Financial", "4", "3"]]


def new_register_source(team, rows=RISK_ROWS, **new_register):
    return source_for(as_csv(rows), "risks.csv", mapping.RISKS, team, new_register=new_register)


def test_it_needs_a_register_or_the_matrix_of_a_new_one(team):
    plan = importer.build_plan(new_register_source(team, title="Imported"))
    assert problems(plan) == [
        (0, "", "", "Choose the register (or the matrix of a new one) to import into.", True)
    ]
    assert plan.headers == ["Title", "Category", "Likelihood", "Impact"]


@pytest.mark.parametrize("title", [None, "", "   "])
def test_a_new_register_needs_a_title(team, title):
    new = {"matrix": preset().pk} | ({} if title is None else {"title": title})
    plan = importer.build_plan(new_register_source(team, **new))
    assert problems(plan) == [(0, "", "", "Give the new register a title.", True)]


def test_a_new_register_may_not_take_a_title_the_team_has(team):
    make_register(team, title="Front desk")
    plan = importer.build_plan(new_register_source(team, title=" Front desk ", matrix=preset().pk))
    assert problems(plan) == [
        (0, "", "Front desk", f"{team} already has a register called 'Front desk'.", True)
    ]


@pytest.mark.parametrize("kind", [mapping.ACTIONS, mapping.RATINGS])
def test_actions_and_ratings_need_risks_in_the_register_first(team, kind):
    register = make_register(team, title="Front desk")
    rows = [["Risk", "Description", "Likelihood"], ["R-001", "Fit mats", "2"]]
    plan = importer.build_plan(source_for(as_csv(rows), "x.csv", kind, team, register=register))
    assert problems(plan)[0] == (
        0,
        "",
        "",
        "This register has no risks yet: import the risks first.",
        True,
    )


def test_it_names_each_required_column_left_unmapped(team):
    register = make_register(team, title="Front desk")
    make_risk(register, title="Wet floor")
    rows = [["Ref", "What"], ["R-001", "Fit mats"]]
    source = source_for(as_csv(rows), "a.csv", mapping.ACTIONS, team, register=register)
    source.mapping["columns"] = {}
    plan = importer.build_plan(source)
    assert problems(plan) == [
        (0, "", "", "Map a column to 'Risk reference(s)': every row needs it.", True),
        (0, "", "", "Map a column to 'Description': every row needs it.", True),
    ]
    assert plan.risks == plan.actions == plan.ratings == []


def test_a_rejected_import_says_why_and_keeps_its_plan(team, member):
    source = new_register_source(team, title="Imported")
    with pytest.raises(importer.ImportRejected) as rejected:
        importer.commit_import(source=source, user=member)
    assert str(rejected.value) == "1 problem(s) stop this import; nothing was written."
    assert rejected.value.plan.errors[0].message.startswith("Choose the register")
    empty = new_register_source(team, rows=RISK_ROWS[:1], title="Imported", matrix=preset().pk)
    with pytest.raises(importer.ImportRejected) as rejected:
        importer.commit_import(source=empty, user=member)
    assert str(rejected.value) == "The file has no rows to import; nothing was written."
    assert rejected.value.plan.problems == []


@pytest.mark.parametrize(("column", "given"), [("Score", "13"), ("Inherent level", "low")])
def test_a_score_or_level_in_the_file_that_differs_is_a_notice(team, column, given):
    rows = [[*RISK_ROWS[0], column], [*RISK_ROWS[1], given]]
    plan = importer.build_plan(new_register_source(team, rows, title="I", matrix=preset().pk))
    label = {"Score": "Inherent score", "Inherent level": "Inherent level"}[column]
    assert problems(plan) == [
        (
            2,
            f"{label} in the file (checked, not used)",
            given,
            f"The file says {given}; this register's matrix gives Likelihood 4 × consequence 3 "
            "(finance, reputation and health and safety) = 12: Medium, which is what will be "
            "stored.",
            False,
        )
    ]
    assert plan.can_commit


def test_a_mapping_saved_with_its_columns_only_maps_no_words(team):
    source = new_register_source(team, title="Imported", matrix=preset().pk)
    source.mapping = {"columns": source.mapping["columns"]}
    plan = importer.build_plan(source)
    assert problems(plan) == [
        (
            2,
            "Category",
            "Financial",
            "No category: map this value to one of ours, or choose a category for unmapped values.",
            True,
        )
    ]


def test_another_teams_register_of_the_same_title_is_no_clash(team, other_team):
    make_register(other_team, title="Front desk")
    plan = importer.build_plan(new_register_source(team, title="Front desk", matrix=preset().pk))
    assert problems(plan) == [] and plan.can_commit


def test_a_saved_mapping_naming_a_column_the_file_lacks_is_ignored(team):
    source = new_register_source(team, title="Imported", matrix=preset().pk)
    source.mapping["columns"] = {"0": "", "1": "category", "4": "title"}
    plan = importer.build_plan(source)
    assert problems(plan) == [(0, "", "", "Map a column to 'Title': every row needs it.", True)]


def test_rows_below_the_table_are_left_out_with_a_notice_and_short_rows_are_read(team):
    rows = [*RISK_ROWS, ["Queue", "Financial"], [], ["Checked by the duty manager"], ["2026"]]
    plan = importer.build_plan(new_register_source(team, rows, title="I", matrix=preset().pk))
    assert problems(plan) == [
        (
            5,
            "",
            "",
            "2 row(s) below the table (after its first empty row) were left out: they look "
            "like notes, not data.",
            False,
        )
    ]
    assert plan.left_out == [5, 6]
    assert [(r.row, r.fields["title"], len(r.ratings)) for r in plan.risks] == [
        (2, "Wet floor", 1),
        (3, "Queue", 0),
    ]


def test_a_column_without_a_heading_is_named_by_its_letter(team):
    header = ["Title", *[""] * 26, "Likelihood"]
    rows = [header, ["Wet floor", *["x"] * 26, "2"]]
    plan = importer.build_plan(new_register_source(team, rows, title="I", matrix=preset().pk))
    assert plan.headers[:3] == ["Title", "Column B", "Column C"]
    assert plan.headers[26:] == ["Column AA", "Likelihood"]


@pytest.mark.parametrize("kind", [mapping.RISKS, mapping.ACTIONS])
def test_an_owner_outside_the_team_is_kept_as_written_up_to_its_limit(team, member, kind):
    register = make_register(team, title="Front desk")
    make_risk(register, title="Wet floor")
    limit = 120
    rows = [
        ["Title", "Risk", "Description", "Owner"],
        ["Queue", "R-001", "Open a till", "O" * limit],
        ["Refund", "R-001", "Call back", "P" * (limit + 1)],
        ["Spill", "R-001", "Mop", member.email.upper()],
    ]
    options = {"default_category": "financial"}
    source = source_for(as_csv(rows), "o.csv", kind, team, register=register, options=options)
    plan = importer.build_plan(source)
    assert problems(plan) == [(3, "Owner", "P" * 40, f"Longer than {limit} characters.", True)]
    planned = plan.risks or plan.actions
    assert planned[0].fields["owner_name"] == "O" * limit
    assert (planned[2].fields["owner"], planned[2].fields["owner_name"]) == (member, "")


def _inherent(team, rows, **options):
    header = ["Title", "Category", "Likelihood", "Impact", "Inherent rating rationale"]
    source = new_register_source(team, [header, *rows], title="I", matrix=preset().pk)
    source.mapping["options"].update(options)
    plan = importer.build_plan(source)
    dims = [
        (
            r.ratings[0].rating.finance,
            r.ratings[0].rating.reputation,
            r.ratings[0].rating.health_safety,
        )
        if r.ratings
        else None
        for r in plan.risks
    ]
    return plan, dims


def test_one_consequence_applies_to_all_three_dimensions_or_to_the_one_chosen(team):
    row = ["Wet floor", "Financial", "4", "3", "Seen twice a week"]
    plan, dims = _inherent(team, [row])
    assert dims == [(3, 3, 3)]
    assert plan.risks[0].ratings[0].rationale == "Seen twice a week"
    plan, dims = _inherent(team, [row], consequence_applies_to="reputation")
    assert dims == [(1, 3, 1)]


def test_a_rating_cell_is_read_with_a_notice_or_refused_with_its_column(team):
    plan, dims = _inherent(
        team,
        [
            ["Wet floor", "Financial", " 4 ", "3", ""],
            ["Queue", "Financial", "3-4", "3", ""],
        ],
    )
    assert problems(plan) == [
        (2, "Inherent likelihood", "4", "spaces around the value removed", False),
        (
            3,
            "Inherent likelihood",
            "3-4",
            "'3-4' is not a likelihood number and is not mapped to one; choose its value on "
            "the mapping page or correct the file.",
            True,
        ),
    ]
    assert dims == [(3, 3, 3), None]


def test_the_columns_of_a_mapping_without_any_are_none():
    assert importer.mapped_columns({}) == {}
    assert importer.mapped_columns({"columns": {"0": "title", "1": "", "2": "stage"}}) == {
        0: "title",
        2: "stage",
    }


def test_a_first_visit_maps_the_headings_it_knows_and_sets_the_default_options(team):
    rows = [["Title", "Whatever", "Impact"], ["Wet floor", "x", "Major"]]
    source = new_register_source(team, rows, title="I", matrix=preset().pk)
    found = importer.default_mapping(source)
    assert found["columns"] == {"0": "title", "1": "", "2": "inherent_consequence"}
    assert found["options"] == {
        "default_category": "",
        "consequence_applies_to": "all",
        "stage": "",
        "stage_name": "",
        "tier": "residual",
    }
    # A consequence word of the register's matrix is guessed by its label, in any case.
    assert found["values"] == {"consequence": {"Major": 4}}


def test_the_values_to_map_are_each_words_once_per_list_numbers_left_out(team):
    rows = [
        ["Title", "Category", "Notes", "Likelihood", "Impact", "Decision"],
        ["A", "Money", "n", "Rare", "2", "Treat"],
        ["B", "", "n", "2", "Huge", ""],
        ["C", "Money", "n", "Rare", "1.5", "Accept"],
        ["D", "Safety", "n", "Often", "3.0.1", "Treat"],
    ]
    source = new_register_source(team, rows, title="I", matrix=preset().pk)
    columns = importer.mapped_columns(importer.default_mapping(source))
    assert importer.distinct_values(source, columns) == {
        "category": ["Money", "Safety"],
        "likelihood": ["Rare", "Often"],
        "consequence": ["Huge", "3.0.1"],
        "decision": ["Treat", "Accept"],
    }


def test_an_options_list_without_how_one_consequence_applies_applies_it_to_all(team):
    row = ["Wet floor", "Financial", "4", "3", ""]
    source_rows = [["Title", "Category", "Likelihood", "Impact", "Inherent rating rationale"], row]
    source = new_register_source(team, source_rows, title="I", matrix=preset().pk)
    del source.mapping["options"]["consequence_applies_to"]
    (risk,) = importer.build_plan(source).risks
    rating = risk.ratings[0].rating
    assert (rating.finance, rating.reputation, rating.health_safety) == (3, 3, 3)


def test_the_rater_the_file_names_is_kept_up_to_its_fields_length(team):
    from assessments.models import Assessment

    limit = Assessment._meta.get_field("rated_by_name").max_length
    rows = [
        ["Title", "Category", "Likelihood", "Impact", "Rated by"],
        ["A", "Financial", "2", "2", "R" * (limit + 5)],
    ]
    (risk,) = importer.build_plan(
        new_register_source(team, rows, title="I", matrix=preset().pk)
    ).risks
    assert risk.ratings[0].rated_by == "R" * limit


def test_a_source_without_a_mapping_asks_for_the_required_columns(team):
    source = new_register_source(team, title="Imported", matrix=preset().pk)
    source.mapping = {}
    plan = importer.build_plan(source)
    assert problems(plan) == [(0, "", "", "Map a column to 'Title': every row needs it.", True)]


def test_a_word_rating_without_a_value_list_is_reported_not_read(team):
    rows = [["Title", "Category", "Likelihood", "Impact"], ["Wet floor", "Financial", "Rare", "3"]]
    source = new_register_source(team, rows, title="I", matrix=preset().pk)
    del source.mapping["values"]["likelihood"]
    assert problems(importer.build_plan(source)) == [
        (
            2,
            "Inherent likelihood",
            "Rare",
            "'Rare' is not a likelihood number and is not mapped to one; choose its value on "
            "the mapping page or correct the file.",
            True,
        )
    ]


def test_words_are_left_unguessed_until_a_matrix_is_chosen(team):
    rows = [["Title", "Likelihood"], ["Wet floor", "Rare"]]
    source = new_register_source(team, rows, title="I")
    assert importer.default_mapping(source)["values"] == {"likelihood": {"Rare": None}}
