"""The learner's explanation page: criterion word for word, the question, the study guide's
guidance, their own records as examples, history kept; tenant-scoped like every page."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.urls import reverse

from criteria.coverage import EXPLAINED, evaluate_register
from criteria.explanations import GUIDANCE, PROMPTS
from criteria.models import Criterion, Explanation
from tests.builders import make_action, make_risk

pytestmark = pytest.mark.django_db

STUDY_GUIDE = Path(__file__).resolve().parents[1] / "data" / "seeds"


def url(register, anchor: str = "ocr-3-4") -> str:
    return reverse("criteria:explain", kwargs={"register_id": register.pk, "anchor": anchor})


def status(register, code: str) -> str:
    return next(r.status for r in evaluate_register(register) if r.criterion.code == code)


def test_every_criterion_judged_by_a_person_has_a_question_and_quoted_guidance():
    judged = set(Criterion.objects.filter(judged_by_person=True).values_list("code", flat=True))
    assert judged == set(PROMPTS) == set(GUIDANCE)
    document = " ".join(
        (STUDY_GUIDE / "study-guide-risk-assessment-in-customer-service.txt").read_text().split()
    )
    quotes = {quote for quotes in GUIDANCE.values() for quote in quotes}
    assert len(quotes) >= 10
    for quote in quotes:
        assert quote in document, quote


def test_it_shows_the_criterion_word_for_word_the_question_and_the_guidance(
    client, register, member
):
    client.force_login(member)
    html = client.get(url(register, "ocr-3-5")).content.decode()
    assert (
        "OCR 3.5: Define SWOT (Strengths, Weaknesses, Opportunities, Threats) and PESTLE "
        "(Political, Economic, Social, Technological, Legal, Environmental) analysis" in html
    )
    assert "Define SWOT (Strengths, Weaknesses, Opportunities, Threats) analysis and PESTLE" in (
        html
    )
    assert "What examiners look for" in html
    assert "Explanation needed" in html
    k11 = client.get(url(register, "nos-k11")).content.decode()
    assert "How do SWOT and PESTLE analyses link to risk management?" in k11


def test_a_member_writes_an_explanation_with_their_own_examples(client, register, member):
    risk = make_risk(register, title="Wet floor")
    action = make_action(register, risk, description="Mats at the entrance")
    client.force_login(member)
    assert status(register, "OCR 3.4") != EXPLAINED
    response = client.post(
        url(register),
        {"text": "Cost/benefit: the mats cost £120...", "risks": [risk.pk], "actions": [action.pk]},
    )
    assert response.status_code == 302
    assert response["Location"].endswith("#ocr-3-4")
    saved = Explanation.objects.get()
    assert (saved.text, saved.written_by) == ("Cost/benefit: the mats cost £120...", member)
    assert list(saved.risks.all()) == [risk] and list(saved.actions.all()) == [action]
    assert status(register, "OCR 3.4") == EXPLAINED
    page = client.get(url(register)).content.decode()
    assert "Explained: for the assessor to judge" in page
    assert "R-001 Wet floor" in page and "Mats at the entrance" in page


def test_rewriting_keeps_every_saved_version(client, register, member):
    client.force_login(member)
    client.post(url(register), {"text": "First try."})
    client.post(url(register), {"text": "Second, better."})
    saved = Explanation.objects.get()
    assert saved.text == "Second, better."
    assert [v.text for v in saved.history.all()] == ["Second, better.", "First try."]
    html = client.get(url(register)).content.decode()
    assert "Saved versions" in html and "First try." in html


def test_it_refuses_an_example_of_another_register_and_saves_nothing(
    client, register, other_register, member
):
    theirs = make_risk(other_register, title="Their risk")
    client.force_login(member)
    response = client.post(url(register), {"text": "Mine", "risks": [theirs.pk]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Explanation.objects.exists()


def test_it_refuses_an_empty_explanation(client, register, member):
    client.force_login(member)
    response = client.post(url(register), {"text": "   "})
    assert response.status_code == 200 and not Explanation.objects.exists()


def test_it_has_no_page_for_a_criterion_the_records_decide(client, register, member):
    client.force_login(member)
    assert client.get(url(register, "nos-pc1")).status_code == 404
    assert client.get(url(register, "ocr-er1")).status_code == 404
    assert client.get(url(register, "no-such-code")).status_code == 404


@pytest.mark.parametrize("persona", ["member", "supervisor"])
def test_the_team_may_write(client, register, persona, request):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(url(register)).status_code == 200
    assert client.post(url(register), {"text": "Mine"}).status_code == 302


def test_a_viewer_reads_but_may_not_write(client, register, member, viewer):
    client.force_login(member)
    client.post(url(register), {"text": "What Mia wrote."})
    client.force_login(viewer)
    page = client.get(url(register))
    assert page.status_code == 200 and "What Mia wrote." in page.content.decode()
    assert b"Save explanation" not in page.content
    assert client.post(url(register), {"text": "Changed"}).status_code == 403
    assert Explanation.objects.get().text == "What Mia wrote."


def test_another_team_gets_404(client, register, outsider):
    client.force_login(outsider)
    assert client.get(url(register)).status_code == 404
    assert client.post(url(register), {"text": "Mine"}).status_code == 404
    assert not Explanation.objects.exists()


def test_anonymous_visitors_sign_in_first_and_other_methods_are_refused(client, register, member):
    response = client.get(url(register))
    assert response.status_code == 302 and response["Location"].startswith(reverse("login"))
    client.force_login(member)
    assert client.put(url(register)).status_code == 405


def test_the_page_takes_a_fixed_number_of_queries(
    client, register, member, django_assert_num_queries
):
    client.force_login(member)
    client.post(url(register), {"text": "Mine", "risks": [make_risk(register).pk]})
    client.get(url(register))  # the catalogue comes from the cache after this
    with django_assert_num_queries(9):
        client.get(url(register))
    for _ in range(5):
        risk = make_risk(register)
        make_action(register, risk)
    client.post(url(register), {"text": "More", "risks": [r.pk for r in register.risks.all()]})
    with django_assert_num_queries(9):
        assert client.get(url(register)).status_code == 200
