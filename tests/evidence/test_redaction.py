"""Redacting personal names: people become roles, everywhere they appear."""

from __future__ import annotations

import pytest

from evidence.redaction import Redactor
from tests import builders


@pytest.fixture
def people(db):
    return (
        builders.make_user("priya.shah", first_name="Priya", last_name="Shah"),
        builders.make_user("gareth.owen", first_name="Gareth", last_name="Owen"),
        builders.make_user("amy", first_name="Amy", last_name="Stone"),
    )


def test_it_turns_users_into_roles_and_finds_them_in_free_text(people):
    learner, supervisor, colleague = people
    redactor = Redactor(enabled=True)
    redactor.add_user(learner, "member", learner=True)
    redactor.add_user(supervisor, "supervisor")
    redactor.add_user(colleague, "member")

    assert redactor.person(learner) == "Learner"
    assert redactor.person(supervisor) == "Supervisor A"
    assert redactor.person(colleague) == "Colleague A"
    text = redactor.text("Gareth Owen agreed; Priya and Amy told gareth.owen. Mr Owen signed.")
    assert text == (
        "Supervisor A agreed; Learner and Colleague A told Supervisor A. Supervisor A signed."
    )


def test_it_learns_names_typed_into_name_fields(db):
    redactor = Redactor(enabled=True)
    redactor.add_names("Tom Reid (duty manager), Aisha Khan; Dave from CleanCo", "Colleague")
    redactor.add_names("Front desk team and all lifeguards", "Colleague")
    redactor.add_names("Mrs Jones", "Customer")

    assert redactor.text("Tom Reid (duty manager), Aisha Khan") == (
        "Colleague A (duty manager), Colleague B"
    )
    assert redactor.text("Tom said Reid and Aisha agreed; Dave too.") == (
        "Colleague A said Colleague A and Colleague B agreed; Colleague C too."
    )
    assert redactor.text("The front desk team and the Front desk.") == (
        "The front desk team and the Front desk."
    )
    assert redactor.text("Mrs Jones rang.") == "Customer A rang."


def test_it_gives_each_titled_customer_in_free_text_a_label(db):
    redactor = Redactor(enabled=True)
    text = redactor.text("Mrs Jones and Mr Ali Khan complained; Mrs Jones again on Friday.")
    assert text == "Customer A and Customer B complained; Customer A again on Friday."


def test_it_leaves_words_that_merely_contain_a_name(people):
    redactor = Redactor(enabled=True)
    redactor.add_user(people[2], "member")  # Amy
    assert redactor.text("Amyloid and dreamy; Amy's shift.") == (
        "Amyloid and dreamy; Colleague A's shift."
    )


def test_it_shows_names_as_they_are_when_not_redacting(people):
    redactor = Redactor(enabled=False)
    redactor.add_user(people[0], "member", learner=True)
    assert redactor.person(people[0]) == "Priya Shah"
    assert redactor.text("Priya and Mrs Jones") == "Priya and Mrs Jones"
    assert redactor.person(None, "Jo Bloggs") == "Jo Bloggs"
