"""manage.py check_register: findings printed, exit status 1 while a problem is open."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from checks.models import Dismissal
from tests.builders import make_risk

pytestmark = pytest.mark.django_db


def run(*args) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("check_register", *args, stdout=out)
    except SystemExit as exit:
        return exit.code, out.getvalue()
    return 0, out.getvalue()


def test_it_exits_1_while_a_problem_is_open_and_0_once_dismissed(register, stage, member):
    risk = make_risk(
        register,
        stage=stage,
        rating=(2, 2, 2, 2),
        decision="treat",
        decision_rationale="Cheap to fix.",
    )
    code, text = run(register.title)
    assert code == 1
    assert f"decision-treat-no-action   {risk.reference}:" in text
    assert "is to be treated, but no action is recorded" in text
    Dismissal.objects.create(
        register=register,
        rule="decision-treat-no-action",
        record=f"risk:{risk.pk}",
        reference=risk.reference,
        reason="The action sits in the facilities register.",
    )
    code, text = run(str(register.pk))
    assert code == 0
    assert "DISMISSED" in text and "facilities register" in text


def test_it_prints_json(register, stage):
    risk = make_risk(
        register,
        stage=stage,
        rating=(2, 2, 2, 2),
        decision="terminate",
        decision_rationale="Stopped.",
    )
    code, text = run(register.title, "--json")
    data = json.loads(text)
    assert code == 1 and data["problems"] >= 1
    ended = [f for f in data["findings"] if f["rule"] == "ended-still-open"]
    assert ended == [
        {
            "rule": "ended-still-open",
            "severity": "problem",
            "record": risk.reference,
            "key": f"risk:{risk.pk}",
            "message": ended[0]["message"],
        }
    ]
    assert {c["rule"] for c in data["checks"]} >= {"ended-still-open", "likelihood-frequency"}


def test_worth_a_look_alone_exits_0(register):
    from tests.builders import make_stage

    make_stage(register, "Arrival")  # a stage with no risk at all: gaps, worth a look
    code, text = run(register.title)
    assert code == 0 and "WORTH A LOOK" in text


def test_an_unknown_register_is_a_clear_error(db):
    with pytest.raises(CommandError, match="No register is called 'Nowhere'"):
        call_command("check_register", "Nowhere")
