"""Consultations, awareness records, annotations and the SWOT / PESTLE / cost-benefit page."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import (
    Action,
    Annotation,
    AwarenessRecord,
    Consultation,
    PestleItem,
    SwotItem,
)
from tests.builders import make_risk, make_stage

CONSULTATION_QUERIES = 7


# --- Consultations ----------------------------------------------------------------------


def consultation_post(**overrides) -> dict:
    data = {
        "date": "2026-03-01",
        "group": "partners",
        "people": "Leisure Co booking team",
        "method": "Call",
        "risk": "",
        "summary": "They can add a reminder email.",
        "actions_agreed": "",
    }
    data.update(overrides)
    return data


def test_it_records_a_consultation_about_a_risk(client, member, register):
    risk = make_risk(register)
    client.force_login(member)
    url = reverse("assessments:consultation_create", args=[register.pk]) + f"?risk={risk.number}"
    response = client.post(url, consultation_post(risk=risk.pk))
    assert response["Location"] == f"{risk.get_absolute_url()}#consultations"
    assert Consultation.objects.get().risk == risk
    assert "They can add a reminder email." in client.get(risk.get_absolute_url()).content.decode()


def test_it_counts_the_groups_the_evidence_rules_want(client, member, register):
    Consultation.objects.create(register=register, group="team", people="Desk", summary="a")
    Consultation.objects.create(register=register, group="customers", people="Members", summary="b")
    client.force_login(member)
    html = client.get(reverse("assessments:consultation_list", args=[register.pk])).content.decode()
    assert "<strong>1 of 3</strong> colleague groups consulted" in html
    assert "Team members: consulted" in html and "Supervisors or managers: not yet" in html
    filtered = client.get(
        reverse("assessments:consultation_list", args=[register.pk]) + "?group=customers"
    )
    assert "Members" in filtered.content.decode() and "With Desk" not in filtered.content.decode()


def test_it_refuses_a_stale_edit_of_a_consultation(client, member, supervisor, register):
    consultation = Consultation.objects.create(
        register=register, group="team", people="Desk", summary="a"
    )
    url = reverse("assessments:consultation_edit", args=[register.pk, consultation.pk])
    client.force_login(supervisor)
    client.post(url, consultation_post(summary="First", version=1))
    client.force_login(member)
    html = client.post(url, consultation_post(summary="Second", version=1)).content.decode()
    consultation.refresh_from_db()
    assert consultation.summary == "First" and "Someone else saved a change" in html


@pytest.mark.parametrize("count", [2, 40])
def test_it_lists_consultations_in_a_fixed_number_of_queries(
    settings, client, member, register, count, django_assert_num_queries
):
    settings.SESSION_SAVE_EVERY_REQUEST = False  # count the page's own queries
    risk = make_risk(register)
    for n in range(count):
        consultation = Consultation.objects.create(
            register=register,
            risk=risk if n % 2 else None,
            group="team",
            people=f"P{n}",
            summary="s",
        )
        Annotation.objects.create(
            register=register, consultation=consultation, text="why", author=member
        )
    client.force_login(member)
    url = reverse("assessments:consultation_list", args=[register.pk])
    client.get(url)
    with django_assert_num_queries(CONSULTATION_QUERIES):
        client.get(url)


# --- Awareness ------------------------------------------------------------------------


def test_it_adds_and_lists_awareness_records(client, member, register):
    risk = make_risk(register, title="Slippery poolside")
    client.force_login(member)
    url = reverse("assessments:awareness_create", args=[register.pk, risk.number])
    data = {
        "audience": "customers",
        "method": "signage",
        "date": "2026-03-01",
        "delivered_by": "Duty manager",
        "details": "Wet floor signs",
    }
    response = client.post(url, data)
    assert response["Location"] == f"{risk.get_absolute_url()}#awareness"
    record = AwarenessRecord.objects.get()
    assert record.risk == risk
    html = client.get(reverse("assessments:awareness_list", args=[register.pk])).content.decode()
    assert "Slippery poolside" in html and "Wet floor signs" in html
    staff_only = client.get(
        reverse("assessments:awareness_list", args=[register.pk]) + "?audience=staff"
    )
    assert "Wet floor signs" not in staff_only.content.decode()


def test_it_refuses_a_stale_edit_of_an_awareness_record(client, member, supervisor, register):
    record = AwarenessRecord.objects.create(
        risk=make_risk(register), audience="staff", method="briefing"
    )
    url = reverse("assessments:awareness_edit", args=[register.pk, record.pk])
    data = {
        "audience": "staff",
        "method": "briefing",
        "date": "2026-03-01",
        "delivered_by": "",
        "version": 1,
    }
    client.force_login(supervisor)
    client.post(url, {**data, "details": "First"})
    client.force_login(member)
    html = client.post(url, {**data, "details": "Second"}).content.decode()
    record.refresh_from_db()
    assert record.details == "First" and "Someone else saved a change" in html


# --- Annotations -----------------------------------------------------------------------


@pytest.mark.parametrize(
    "kind", ["risk", "assessment", "action", "stage", "consultation", "review"]
)
def test_it_annotates_each_kind_of_record(client, member, register, kind):
    from assessments.models import Review

    risk = make_risk(register, rating=(2, 2, 2, 2))
    targets = {
        "risk": risk,
        "assessment": risk.inherent_rating,
        "action": Action.objects.create(register=register, description="Do"),
        "stage": make_stage(register, "Booking"),
        "consultation": Consultation.objects.create(
            register=register, group="team", people="x", summary="y"
        ),
        "review": Review.objects.create(register=register),
    }
    client.force_login(member)
    url = reverse("assessments:annotation_create", args=[register.pk, kind, targets[kind].pk])
    response = client.post(url, {"text": "I chose this because...", "include_in_pdf": "on"})
    assert response.status_code == 302
    note = Annotation.objects.get()
    assert note.target == targets[kind] and note.author == member and note.include_in_pdf


def test_it_shows_a_note_beside_what_it_explains_and_edits_and_deletes_it(client, member, register):
    risk = make_risk(register, rating=(2, 2, 2, 2))
    note = Annotation.objects.create(
        register=register,
        assessment=risk.inherent_rating,
        text="Likelihood 2 because of the new rota",
        author=member,
    )
    client.force_login(member)
    html = client.get(risk.get_absolute_url()).content.decode()
    rating_block = html.split(f'id="rating-{risk.inherent_rating.pk}"')[1].split("</li>")[0]
    assert "Likelihood 2 because of the new rota" in rating_block
    edit = reverse("assessments:annotation_edit", args=[register.pk, note.pk])
    client.post(edit, {"text": "Rewritten", "include_in_pdf": ""})
    note.refresh_from_db()
    assert (note.text, note.include_in_pdf) == ("Rewritten", False)
    delete = reverse("assessments:annotation_delete", args=[register.pk, note.pk])
    assert "Delete this note?" in client.get(delete).content.decode()
    response = client.post(delete)
    assert response["Location"] == f"{risk.get_absolute_url()}#rating-{risk.inherent_rating.pk}"
    assert not Annotation.objects.exists()


def test_it_wants_text_in_a_note(client, member, register):
    risk = make_risk(register)
    client.force_login(member)
    url = reverse("assessments:annotation_create", args=[register.pk, "risk", risk.pk])
    assert "This field is required" in client.post(url, {"text": ""}).content.decode()
    assert (
        client.get(
            reverse("assessments:annotation_create", args=[register.pk, "team", 1])
        ).status_code
        == 404
    )


# --- Analysis ---------------------------------------------------------------------------


def test_it_shows_swot_pestle_and_cost_benefit(client, member, register):
    risk = make_risk(register, title="Queues")
    swot = SwotItem.objects.create(register=register, quadrant="weakness", text="Thin early shift")
    swot.risks.add(risk)
    PestleItem.objects.create(register=register, factor="legal", text="Consumer Rights Act")
    Action.objects.create(
        register=register,
        description="Extra staff",
        cost_one_off=Decimal("1000"),
        cost_annual=Decimal("200"),
        benefit_annual=Decimal("2600"),
    )
    Action.objects.create(
        register=register,
        description="Cancelled idea",
        status="cancelled",
        cost_one_off=Decimal("99999"),
    )
    client.force_login(member)
    html = client.get(reverse("assessments:analysis", args=[register.pk])).content.decode()
    assert "Thin early shift" in html and "Consumer Rights Act" in html and ">R-001</a>" in html
    assert "£2,400.00" in html and "5 months" in html  # 1000 / 2400 a year
    # A cancelled action is an option considered: listed after the actions, outside the totals.
    totals, considered = html.split('id="considered-title"')
    assert "Cancelled idea" not in totals and "£99,999.00" not in totals
    assert "£1,000.00" in totals.split('class="totals"')[1].split("</dl>")[0]
    assert "Cancelled idea" in considered and "£99,999.00" in considered


def test_it_adds_edits_and_deletes_board_items(client, member, register):
    risk = make_risk(register)
    client.force_login(member)
    create = reverse("assessments:analysis_item_create", args=[register.pk, "pestle"])
    assert 'value="economic" selected' in client.get(create + "?factor=economic").content.decode()
    response = client.post(
        create, {"factor": "economic", "text": "Energy prices", "risks": [risk.pk]}
    )
    assert response["Location"].endswith("#pestle")
    item = PestleItem.objects.get()
    assert list(item.risks.all()) == [risk]
    edit = reverse("assessments:analysis_item_edit", args=[register.pk, "pestle", item.pk])
    client.post(edit, {"factor": "social", "text": "Ageing members", "risks": []})
    item.refresh_from_db()
    assert (item.factor, item.text) == ("social", "Ageing members")
    client.post(reverse("assessments:analysis_item_delete", args=[register.pk, "pestle", item.pk]))
    assert not PestleItem.objects.exists()
    assert (
        client.get(
            reverse("assessments:analysis_item_create", args=[register.pk, "moscow"])
        ).status_code
        == 404
    )


def test_it_keeps_dates_in_consultations_ordered_newest_first(client, member, register):
    Consultation.objects.create(
        register=register, group="team", people="Old", summary="a", date=dt.date(2025, 1, 1)
    )
    Consultation.objects.create(
        register=register, group="team", people="New", summary="b", date=dt.date(2026, 1, 1)
    )
    client.force_login(member)
    html = client.get(reverse("assessments:consultation_list", args=[register.pk])).content.decode()
    assert html.index("With New") < html.index("With Old")
