"""The register-building scenario with the mouse: a register, three stages with a moment of
truth, a risk rated live, an action, then the risk found on the journey map and the heat
map. (tests/browser/test_keyboard.py does the same with the keyboard alone.)"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Risk
from tests.builders import preset

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def pick(page, field: str, value: int) -> None:
    page.locator(f"label[for=id_{field}_{value}]").click()


def test_it_builds_a_register_and_finds_the_risk_on_the_map_and_the_heat_map(
    page, sign_in, member, team
):
    sign_in(member)
    page.get_by_role("link", name="New register").first.click()
    page.get_by_label("Title").fill("Pool reception")
    page.get_by_label("Service").fill("Swimming bookings and arrival")
    page.get_by_label("Matrix").select_option(str(preset("5x5-standard").pk))
    page.get_by_role("button", name="Create register").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pool reception")

    page.get_by_role("link", name="Add the first stage").click()
    for name, emotion, moment, button in [
        ("Booking", "Positive", "", "Add and add another"),
        (
            "Arrival at the desk",
            "Negative",
            "A warm greeting sets up the swim.",
            "Add and add another",
        ),
        ("Changing and swimming", "Very positive", "", "Add stage"),
    ]:
        page.get_by_label("Name").fill(name)
        page.get_by_label("Customer emotion").select_option(label=emotion)
        if moment:
            page.get_by_label("This stage is a moment of truth").check()
            page.get_by_label("How it can impress or disappoint").fill(moment)
        page.get_by_role("button", name=button).click()
        expect(page.locator(".messages")).to_contain_text(name)

    page.get_by_role("navigation", name="Register pages").get_by_role("link", name="Risks").click()
    page.get_by_role("link", name="Add a risk").first.click()
    page.get_by_label("Title").fill("Long queues at the desk")
    page.get_by_label("Category").select_option("reputational")
    page.get_by_label("Stage", exact=True).select_option(label="Arrival at the desk")
    page.get_by_label("Cause", exact=True).fill("Too few staff at opening time")
    page.get_by_label("Event", exact=True).fill("Customers queue for twenty minutes")
    page.get_by_label("Consequence", exact=True).fill("Complaints and bad reviews")
    result = page.locator("#rating-result")
    for field, value in [
        ("likelihood", 4),
        ("consequence_finance", 1),
        ("consequence_reputation", 3),
        ("consequence_health_safety", 1),
    ]:
        pick(page, field, value)
    expect(result).to_contain_text("Likelihood 4 × consequence 3 (reputation) = 12: Medium")
    pick(page, "likelihood", 5)
    expect(result.locator(".level")).to_have_text("High")  # before anything is saved
    assert not Risk.objects.exists()
    page.get_by_label("Why these values?").fill("Queues every morning in the holidays")
    page.get_by_role("button", name="Add risk").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("R-001 Long queues at the desk")

    page.get_by_role("link", name="Add an action").first.click()
    page.get_by_label("Description").fill("Put a second person on the desk from 7am")
    page.get_by_role("button", name="Add action").click()
    expect(page.locator("#actions")).to_contain_text("Put a second person on the desk from 7am")

    nav = page.get_by_role("navigation", name="Register pages")
    nav.get_by_role("link", name="Journey map").click()
    stage = page.locator(".journey-stage", has_text="Arrival at the desk")
    expect(stage).to_contain_text("Moment of truth")
    badge = stage.get_by_role("link", name=re.compile(r"^R-001 High\s*: Long queues at the desk$"))
    expect(badge).to_be_visible()
    # The map's text alternative lists the stages, the moment of truth and the risk points.
    expect(
        page.get_by_role("img", name=re.compile("Customer emotion across the journey"))
    ).to_have_attribute("aria-labelledby", "emotion-title emotion-desc")
    expect(page.locator("#emotion-desc")).to_have_text(
        re.compile(
            r"Stage 1, Booking: .*no risks\. "
            r"Stage 2, Arrival at the desk: .*moment of truth \(A warm greeting.*\); "
            r"1 risk: R-001 \(High\)\. "
            r"Stage 3, Changing and swimming: .*no risks\."
        )
    )

    page.get_by_role("navigation", name="Register pages").get_by_role(
        "link", name="Heat map"
    ).click()
    cell = page.locator("#heatmap-inherent").get_by_role("link", name="1 risk, High")
    expect(cell).to_have_count(1)
    cell.click()
    expect(page.get_by_role("status")).to_contain_text("1 risk match these filters")
    expect(page.locator(".risk-table")).to_contain_text("Long queues at the desk")
    risk = Risk.objects.get()
    assert (risk.inherent_rating.level_code, risk.actions.count()) == ("high", 1)
