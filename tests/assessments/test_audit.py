"""The audit trail as people read it: who, when, which field, before and after."""

from __future__ import annotations

import datetime as dt

import time_machine
from django.template.loader import render_to_string

from assessments.audit import EMPTY, FieldChange, risk_history
from assessments.models import Action, AwarenessRecord, Reference
from assessments.services import rate_risk
from tests.builders import make_risk, make_stage

T0 = dt.datetime(2026, 3, 2, 9, 0, tzinfo=dt.UTC)


def _edit(obj, user, **fields):
    """Save a change as ``user`` (what the history middleware does for a request)."""
    for name, value in fields.items():
        setattr(obj, name, value)
    obj._history_user = user
    obj.save()


def _grow_history(register, risk, user, rounds: int) -> None:
    stage = make_stage(register, f"Stage for round {rounds}")
    for n in range(rounds):
        _edit(risk, user, title=f"Title {n}", owner=user, stage=stage)
        risk.references.add(Reference.objects.filter(team__isnull=True)[n])
        rate_risk(
            risk=risk,
            tier="residual",
            likelihood=1 + n % 5,
            finance=2,
            reputation=2,
            health_safety=1,
            rationale=f"Round {n}",
            assessed_by=user,
        )
        action = Action.objects.create(register=register, description=f"Action {n}", owner=user)
        action.risks.add(risk)
        _edit(action, user, status=Action.Status.IN_PROGRESS)
        AwarenessRecord.objects.create(risk=risk, audience="staff", method="briefing")


def test_it_shows_each_change_with_user_and_readable_values(register, stage, member, supervisor):
    other_stage = make_stage(register, "Payment")
    with time_machine.travel(T0):  # ticking: the risk, then its rating, then its review date
        risk = make_risk(register, stage=stage, title="Queue too long", rating=(3, 2, 2, 1))
    with time_machine.travel(T0 + dt.timedelta(hours=1), tick=False):
        _edit(risk, member, title="Queue at the desk too long", owner=supervisor, stage=other_stage)
    with time_machine.travel(T0 + dt.timedelta(hours=2), tick=False):
        _edit(risk, member, decision="tolerate", decision_rationale="Short peaks only")

    entries = risk_history(risk)

    assert [(e.kind_label, e.subject) for e in entries] == [
        ("Changed", "Risk R-001"),
        ("Changed", "Risk R-001"),
        ("Changed", "Risk R-001"),  # rate_risk set the next review date
        ("Created", "Rating: Inherent (before new actions)"),
        ("Created", "Risk R-001"),
    ]
    assert FieldChange("Next review date", EMPTY, "2 Jun 2026") in entries[2].changes
    decision, edit = entries[0], entries[1]
    assert decision.user == member
    assert decision.user_display == "Mia Member"
    assert decision.when == T0 + dt.timedelta(hours=2)
    assert FieldChange("Decision", EMPTY, "Tolerate (acceptable as it is)") in decision.changes
    assert set(edit.changes) == {
        FieldChange("Title", "Queue too long", "Queue at the desk too long"),
        FieldChange("Owner", EMPTY, "Sam Supervisor"),
        FieldChange("Stage", "Booking", "Payment"),
    }
    rating = entries[3]
    assert FieldChange("Rating", EMPTY, "L3 x C2 (finance, reputation) = 6 -> Medium") in (
        rating.changes
    )
    created = entries[-1]
    assert created.user is None and created.user_display == "System"
    assert FieldChange("Title", EMPTY, "Queue too long") in created.changes
    assert "Version" not in {change.field for change in created.changes}


def test_it_includes_actions_awareness_and_reference_links(register, stage, member):
    risk = make_risk(register, stage=stage)
    law = Reference.objects.get(title="Equality Act 2010")
    risk._history_user = member
    risk.references.add(law)
    action = Action.objects.create(register=register, description="Put out mats")
    action.risks.add(risk)
    _edit(action, member, status=Action.Status.IN_PROGRESS)

    entries = risk_history(risk)

    links = [e for e in entries if FieldChange("References", EMPTY, law.title) in e.changes]
    assert len(links) == 1
    action_entries = [e for e in entries if e.subject == "Action: Put out mats"]
    assert [e.kind_label for e in action_entries] == ["Changed", "Changed", "Created"]
    assert FieldChange("Status", "Planned", "In progress") in action_entries[0].changes
    assert FieldChange("Risks", EMPTY, str(risk)) in action_entries[1].changes


def test_it_leaves_out_other_risks_history(register, stage, member):
    risk = make_risk(register, stage=stage, title="Mine")
    other = make_risk(register, stage=stage, title="Not mine")
    _edit(other, member, title="Still not mine")
    assert {e.subject for e in risk_history(risk)} == {"Risk R-001"}


def test_it_reads_history_in_a_fixed_number_of_queries(
    register, stage, member, django_assert_num_queries
):
    small = make_risk(register, stage=stage, rating=(2, 2, 2, 2))
    _grow_history(register, small, member, rounds=1)
    large = make_risk(register, stage=stage, rating=(2, 2, 2, 2))
    _grow_history(register, large, member, rounds=4)

    with django_assert_num_queries(12) as small_queries:
        small_entries = risk_history(small)
    with django_assert_num_queries(len(small_queries.captured_queries)):
        large_entries = risk_history(large)
    assert len(large_entries) > len(small_entries) + 10


def test_it_renders_the_history_partial(register, stage, member):
    risk = make_risk(register, stage=stage, title="Old title")
    _edit(risk, member, title="New <b>title</b>")
    html = render_to_string("assessments/_history.html", {"history": risk_history(risk)})
    assert "by Mia Member" in html
    assert "<td>Old title</td>" in html
    assert "<td>New &lt;b&gt;title&lt;/b&gt;</td>" in html
    assert html.count('<th scope="row">Title</th>') == 2  # creation and change


def test_it_says_when_there_is_no_history_yet():
    html = render_to_string("assessments/_history.html", {"history": []})
    assert "No changes recorded yet." in html
