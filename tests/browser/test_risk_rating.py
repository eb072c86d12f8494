"""In a real browser: add a risk, watch the level change while rating it, add an action."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from assessments.models import Risk
from tests.builders import make_stage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def pick(page, field: str, value: int) -> None:
    page.locator(f"label[for=id_{field}_{value}]").click()


def test_it_rates_a_risk_live_and_logs_an_action(page, sign_in, member, register):
    make_stage(register, "Booking")
    make_stage(
        register, "Arrival", is_moment_of_truth=True, moment_of_truth_note="First impression"
    )
    sign_in(member)

    page.goto(f"/registers/{register.pk}/risks/")
    page.get_by_role("link", name="Add a risk").first.click()
    page.get_by_label("Title").fill("Long queues at the desk")
    page.get_by_label("Category").select_option("reputational")
    page.get_by_label("Stage", exact=True).select_option(label="Arrival")
    page.get_by_label("Cause", exact=True).fill("Too few staff at opening time")
    page.get_by_label("Event", exact=True).fill("Customers queue for twenty minutes")
    page.get_by_label("Consequence", exact=True).fill("Complaints and bad reviews")

    result = page.locator("#rating-result")
    expect(result).to_contain_text("Pick the likelihood")
    pick(page, "likelihood", 4)
    expect(result).to_contain_text("Choose a finance consequence.")
    pick(page, "consequence_finance", 1)
    pick(page, "consequence_reputation", 3)
    pick(page, "consequence_health_safety", 1)
    expect(result).to_contain_text("Likelihood 4 × consequence 3 (reputation) = 12: Medium")
    expect(result.locator(".level")).to_have_text("Medium")
    # The rating is live, so the button for pages without scripts is not shown.
    assert page.get_by_role("button", name="Check rating").count() == 0
    fallback = page.evaluate("[...document.querySelectorAll('noscript')].map(n => n.textContent)")
    assert [text for text in fallback if 'name="check"' in text and "Check rating" in text]
    pick(page, "likelihood", 5)
    expect(result.locator(".level")).to_have_text("High")  # changed before anything is saved
    assert not Risk.objects.exists()

    page.get_by_label("Why these values?").fill("Queues every morning in the holidays")
    page.get_by_role("button", name="Add risk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("R-001 Long queues at the desk")
    risk = Risk.objects.get()
    assert risk.inherent_rating.level_code == "high"

    # Re-rate as residual on the risk's page: the level changes live, then it is saved.
    page.get_by_text("Re-rate this risk").click()
    page.get_by_label("Residual: with the actions in place").check()
    result = page.locator("#rating-result")
    pick(page, "likelihood", 2)
    pick(page, "consequence_reputation", 2)
    expect(result.locator(".level")).to_have_text("Low")
    page.get_by_label("Why these values?").fill("Extra staff on the early shift")
    page.get_by_role("button", name="Save rating").click()
    expect(page.locator(".rating-history")).to_contain_text(
        "Likelihood 2 × consequence 2 (reputation) = 4: Low"
    )
    risk.refresh_from_db()
    assert risk.residual_rating.score == 4

    page.get_by_role("link", name="Add an action").first.click()
    page.get_by_label("Description").fill("Put a second person on the desk from 7am")
    page.get_by_label("Due date").fill("2030-01-31")
    page.get_by_label("Expected annual benefit (£)").fill("1200")
    page.get_by_role("button", name="Add action").click()
    expect(page.locator("#actions")).to_contain_text("Put a second person on the desk")

    page.goto(f"/registers/{register.pk}/actions/")
    log = page.locator("#action-results")
    expect(log).to_contain_text("Put a second person on the desk from 7am")
    expect(log).to_contain_text("R-001")
    expect(log).to_contain_text("£1,200.00")
