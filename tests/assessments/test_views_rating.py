"""The rating widget's server answers: the preview and saving a rating."""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Assessment
from tests.builders import make_register, make_risk

HTMX = {"HX-Request": "true"}


def preview(client, register, **values):
    url = reverse("assessments:rating_preview", kwargs={"register_id": register.pk})
    return client.post(url, values, headers=HTMX)


def values(likelihood, finance, reputation, health_safety) -> dict:
    return {
        "likelihood": likelihood,
        "consequence_finance": finance,
        "consequence_reputation": reputation,
        "consequence_health_safety": health_safety,
    }


@pytest.mark.parametrize(
    ("picked", "level", "score", "explanation"),
    [
        ((4, 3, 2, 1), "Medium", 12, "Likelihood 4 × consequence 3 (finance) = 12: Medium"),
        ((2, 1, 2, 1), "Low", 4, "Likelihood 2 × consequence 2 (reputation) = 4: Low"),
        (
            (5, 1, 4, 4),
            "High",
            20,
            "Likelihood 5 × consequence 4 (reputation and health and safety) = 20: High",
        ),
        (
            (1, 1, 1, 1),
            "Low",
            1,
            "Likelihood 1 × consequence 1 (finance, reputation and health and safety) = 1: Low",
        ),
    ],
)
def test_it_previews_level_score_and_explanation(
    client, member, register, picked, level, score, explanation
):
    client.force_login(member)
    html = preview(client, register, **values(*picked)).content.decode()
    assert f'<span class="level level-{level.lower()}">{level}</span>' in html
    assert f"score <strong>{score}</strong>" in html
    assert explanation in html
    assert "<html" not in html  # a fragment for htmx to swap in


def test_it_says_when_a_rating_needs_a_supervisor(client, member, register):
    client.force_login(member)
    html = preview(client, register, **values(2, 1, 1, 5)).content.decode()
    assert "escalated to a supervisor" in html
    assert "Needs a supervisor" in html


def test_it_uses_the_registers_own_matrix(client, member, team):
    small = make_register(team, title="Small matrix", matrix="3x3-simple")
    client.force_login(member)
    html = preview(client, small, **values(3, 3, 1, 1)).content.decode()
    assert "Likelihood 3 × consequence 3 (finance) = 9" in html
    html = preview(client, small, **values(4, 1, 1, 1)).content.decode()
    assert "The likelihood must be between 1 and 3 on this matrix; got 4." in html


@pytest.mark.parametrize(
    ("picked", "message"),
    [
        ((9, 1, 1, 1), "The likelihood must be between 1 and 5 on this matrix; got 9."),
        (("x", 1, 1, 1), "The likelihood must be a whole number."),
        ((1, 0, 1, 1), "The finance consequence must be between 1 and 5 on this matrix; got 0."),
        ((1, 1, 1, ""), "Choose a health &amp; safety consequence."),
        (("", 1, 1, 1), "Choose a likelihood."),
    ],
)
def test_it_explains_invalid_values(client, member, register, picked, message):
    client.force_login(member)
    response = preview(client, register, **values(*picked))
    html = response.content.decode()
    assert response.status_code == 200  # htmx swaps 200s: the message must reach the page
    assert message in html
    assert "score <strong>" not in html


def test_it_prompts_before_anything_is_picked(client, member, register):
    client.force_login(member)
    url = reverse("assessments:rating_preview", kwargs={"register_id": register.pk})
    html = client.get(url, headers=HTMX).content.decode()
    assert "Pick the likelihood and the three consequences" in html


def test_it_serves_a_whole_page_without_htmx(client, member, register):
    client.force_login(member)
    url = reverse("assessments:rating_preview", kwargs={"register_id": register.pk})
    html = client.get(url, values(3, 3, 1, 1)).content.decode()
    assert "<html" in html and "Check a rating" in html
    assert "Likelihood 3 × consequence 3 (finance) = 9: Medium" in html


def test_it_wires_the_widget_to_the_preview(client, member, register):
    risk = make_risk(register)
    client.force_login(member)
    html = client.get(risk.get_absolute_url()).content.decode()
    preview_url = reverse("assessments:rating_preview", kwargs={"register_id": register.pk})
    assert f'hx-post="{preview_url}"' in html
    assert 'id="rating-result" aria-live="polite"' in html
    assert 'name="check"' in html  # the no-JavaScript route to the same answer


# --- Saving ----------------------------------------------------------------------------


def rate_url(risk) -> str:
    return reverse("assessments:risk_rate", args=[risk.register_id, risk.number])


def test_it_appends_a_rating_and_keeps_the_history(client, member, register):
    risk = make_risk(register, rating=(4, 3, 2, 1))
    client.force_login(member)
    data = {**values(2, 2, 1, 1), "tier": "residual", "rationale": "New till procedure"}
    response = client.post(rate_url(risk), data)
    assert response.status_code == 302
    assert response["Location"] == f"{risk.get_absolute_url()}#ratings"
    risk.refresh_from_db()
    assert risk.assessments.count() == 2
    assert risk.residual_rating.explanation == "Likelihood 2 × consequence 2 (finance) = 4: Low"
    assert risk.residual_rating.assessed_by == member
    assert risk.inherent_rating.score == 12  # the earlier rating is kept as it was
    html = client.get(risk.get_absolute_url()).content.decode()
    assert "New till procedure" in html and "inherent rating for the test" in html


def test_it_wants_a_rationale_and_a_tier(client, member, register):
    risk = make_risk(register)
    client.force_login(member)
    response = client.post(rate_url(risk), values(2, 2, 1, 1))
    html = response.content.decode()
    assert "Give the reason for this rating" in html
    assert "Choose inherent or residual." in html
    assert not Assessment.objects.exists()
    assert 'value="2" checked' in html  # the values picked are kept


def test_it_refuses_values_off_the_matrix(client, member, register):
    risk = make_risk(register)
    client.force_login(member)
    data = {**values(6, 2, 1, 1), "tier": "inherent", "rationale": "Because"}
    html = client.post(rate_url(risk), data).content.decode()
    assert "The likelihood must be between 1 and 5 on this matrix; got 6." in html
    assert not Assessment.objects.exists()


def test_it_checks_without_saving(client, member, register):
    risk = make_risk(register)
    client.force_login(member)
    data = {**values(3, 3, 1, 1), "tier": "inherent", "check": "1"}
    html = client.post(rate_url(risk), data).content.decode()
    assert "Likelihood 3 × consequence 3 (finance) = 9: Medium" in html
    assert "Give the reason" not in html
    assert not Assessment.objects.exists()


def test_it_starts_the_widget_from_the_latest_rating(client, member, register):
    risk = make_risk(register, rating=(4, 3, 2, 1))
    client.force_login(member)
    html = client.get(rate_url(risk)).content.decode()
    assert 'id="id_likelihood_4" value="4" checked' in html
    assert (
        'value="residual"' in html and "Likelihood 4 × consequence 3 (finance) = 12: Medium" in html
    )
