"""Whose work it is: the learner's part in consultations, awareness records and actions,
and how each risk was identified, entered on the forms and shown in lists and the PDF."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Action, AwarenessRecord, Consultation, Identification, LearnerPart
from evidence.pack import PackOptions
from evidence.services import export_pdf
from tests.builders import make_action, make_awareness, make_consultation, make_risk
from tests.evidence.reading import all_text

pytestmark = pytest.mark.django_db


def test_the_forms_take_the_learners_part_and_how_a_risk_was_identified(client, register, member):
    client.force_login(member)
    risk = make_risk(register, title="Wet floor")
    response = client.post(
        reverse("assessments:consultation_create", args=[register.pk]),
        {
            "date": "2026-03-02",
            "group": Consultation.Group.TEAM,
            "people": "Front desk team",
            "summary": "Talked it through.",
            "learner_part": LearnerPart.LED,
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Consultation.objects.get().learner_part == LearnerPart.LED
    page = client.get(reverse("assessments:consultation_list", args=[register.pk]))
    assert "My part: led it" in page.content.decode()

    edit = client.get(reverse("assessments:risk_edit", args=[register.pk, risk.number]))
    assert 'name="identified_how"' in edit.content.decode()


def test_lists_and_the_risk_page_show_the_learners_part(client, register, member):
    risk = make_risk(register, title="Wet floor", identified_how=Identification.INSPECTION)
    make_action(register, risk, learner_part=LearnerPart.PROPOSED)
    make_awareness(risk, AwarenessRecord.Audience.STAFF, learner_part=LearnerPart.TOOK_PART)
    client.force_login(member)
    actions = client.get(reverse("assessments:action_list", args=[register.pk])).content.decode()
    assert "My part: proposed it" in actions
    awareness = client.get(reverse("assessments:awareness_list", args=[register.pk]))
    assert "Took part" in awareness.content.decode()
    detail = client.get(risk.get_absolute_url()).content.decode()
    assert "How it was identified" in detail and "Inspection" in detail
    assert "My part: took part" in detail


def test_the_pdf_prints_the_learners_part_and_how_each_risk_was_identified(register, member):
    risk = make_risk(register, title="Card details on paper", identified_how=Identification.RECORDS)
    make_action(register, risk, description="Pay-by-link", learner_part=LearnerPart.PROPOSED)
    make_consultation(register, risk=risk, learner_part=LearnerPart.INFORMED)
    make_awareness(risk, learner_part=LearnerPart.LED)
    exported = export_pdf(register=register, learner=member, options=PackOptions())
    text = " ".join(all_text(exported.pdf).split())
    assert "How it was identified Records such as complaints, incidents or accounts" in text
    assert "My part: proposed it" in text
    assert "My part: was informed" in text
    assert "my part: led it" in text.lower()
    assert Action.objects.count() == 1
