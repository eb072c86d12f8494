"""Reflow (WCAG 1.4.10): at 320 CSS pixels wide, which is also what a 1280px window shows at
400% zoom, no main page scrolls sideways. Content that needs two dimensions (tables, the
journey map) may scroll inside its own box, and that box can be reached by keyboard and has
a name."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Review

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

WIDTH = 320

# Boxes that scroll sideways, and whether each can take focus (tabindex=0) and has a name;
# a navigation bar is exempt because each of its links scrolls into view when focused.
SCROLL_BOXES = """() => [...document.querySelectorAll("body *")].filter(el => {
    const overflow = getComputedStyle(el).overflowX;
    return (overflow === "auto" || overflow === "scroll") && el.scrollWidth > el.clientWidth + 1;
  }).map(el => ({
    box: el.tagName.toLowerCase() + (el.className ? "." + [...el.classList].join(".") : ""),
    reachable: el.tabIndex === 0
      && Boolean(el.getAttribute("aria-label") || el.getAttribute("aria-labelledby"))
      || el.closest("nav") !== null,
  }))"""


def main_pages(register) -> list[str]:
    args = [register.pk]
    review = Review.objects.filter(register=register).order_by("pk").first()
    return [
        reverse("dashboard:home"),
        reverse("registers:list"),
        reverse("dashboard:register", args=args),
        reverse("journeys:stage_list", args=args),
        reverse("dashboard:journey_map", args=args),
        reverse("dashboard:heatmap", args=args),
        reverse("assessments:risk_list", args=args),
        reverse("assessments:risk_detail", args=[*args, 1]),
        reverse("assessments:risk_create", args=args),
        reverse("assessments:risk_rate", args=[*args, 1]),
        reverse("assessments:action_list", args=args),
        reverse("assessments:consultation_list", args=args),
        reverse("assessments:awareness_list", args=args),
        reverse("assessments:review_list", args=args),
        reverse("assessments:review_detail", args=[*args, review.pk]),
        reverse("assessments:analysis", args=args),
        reverse("criteria:coverage", args=args),
        reverse("evidence:pack", args=args),
        reverse("interchange_register:export", args=args),
        reverse("interchange:start"),
    ]


def test_it_reflows_every_main_page_into_320_pixels(page, sign_in_as, demo):
    page.set_viewport_size({"width": WIDTH, "height": 640})
    sign_in_as("member")
    failures, boxes = [], set()
    for url in main_pages(demo):
        page.goto(url)
        width = page.evaluate("document.documentElement.scrollWidth")
        if width > WIDTH:
            failures.append(f"{url}: the page is {width}px wide")
        for box in page.evaluate(SCROLL_BOXES):
            boxes.add(box["box"])
            if not box["reachable"]:
                failures.append(f"{url}: {box['box']} scrolls sideways, unreachable or unnamed")
    assert failures == [], "\n".join(failures)
    assert "div.journey-scroll" in boxes  # the six-stage map does need its own scroll box


def test_it_reflows_the_sign_in_page_and_its_errors(page):
    page.set_viewport_size({"width": WIDTH, "height": 640})
    page.goto("/accounts/login/")
    page.get_by_role("button", name="Sign in").click()
    expect(page.get_by_role("alert")).to_be_visible()
    assert page.evaluate("document.documentElement.scrollWidth") <= WIDTH
