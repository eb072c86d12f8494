"""In a real browser: start a register, map a three-stage journey, see it on the map."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def test_it_builds_a_journey_and_shows_it_on_the_map(page, sign_in, member, team):
    sign_in(member)
    page.get_by_role("link", name="New register").first.click()
    page.get_by_label("Title").fill("Pool reception")
    page.get_by_label("Service").fill("Swimming bookings and arrival")
    page.get_by_role("button", name="Create register").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pool reception")

    page.get_by_role("link", name="Add the first stage").click()
    stages = [
        ("Booking", "Positive", None),
        ("Arrival at the desk", "Negative", "A warm greeting and a short queue set up the swim."),
        ("Changing and swimming", "Very positive", None),
    ]
    for index, (name, emotion, moment) in enumerate(stages):
        page.get_by_label("Name").fill(name)
        page.get_by_label("Customer emotion").select_option(label=emotion)
        if moment:
            page.get_by_label("This stage is a moment of truth").check()
            page.get_by_label("How it can impress or disappoint").fill(moment)
        last = index == len(stages) - 1
        page.get_by_role("button", name="Add stage" if last else "Add and add another").click()
        expect(
            page.get_by_role("status").or_(page.locator(".alert-success")).first
        ).to_contain_text(name)

    # Reorder in place (htmx) and back: the list follows without a page load.
    page.get_by_role("button", name=re.compile("move Changing and swimming earlier")).click()
    expect(page.locator("#stages h2").nth(1)).to_contain_text("Changing and swimming")
    page.get_by_role("button", name=re.compile("move Changing and swimming later")).click()
    expect(page.locator("#stages h2").nth(2)).to_contain_text("Changing and swimming")

    page.get_by_role("link", name="See the journey map").click()
    columns = page.locator(".journey-stage h3")
    expect(columns).to_have_count(3)
    expect(columns.nth(0)).to_contain_text("Booking")
    expect(columns.nth(1)).to_contain_text("Arrival at the desk")
    expect(columns.nth(2)).to_contain_text("Changing and swimming")
    expect(page.locator(".journey-stage.is-mot")).to_have_count(1)
    expect(page.locator(".journey-stage.is-mot")).to_contain_text("Moment of truth")
    expect(page.locator("svg.emotion-line polygon.mot-star")).to_have_count(1)
    expect(page.locator("#emotion-desc")).to_contain_text(
        "Stage 2, Arrival at the desk: customer feels Negative; moment of truth"
    )


def test_it_keeps_the_map_in_its_own_scroll_box_on_a_phone(page, sign_in, member, register):
    from tests.builders import make_stage

    for n in range(6):
        make_stage(register, f"Stage number {n + 1}")
    page.set_viewport_size({"width": 390, "height": 800})
    sign_in(member)
    page.goto(f"/registers/{register.pk}/map/")
    box = page.locator(".journey-scroll")
    assert box.evaluate("el => el.scrollWidth > el.clientWidth")
    assert page.evaluate("document.documentElement.scrollWidth") <= 390


def test_it_has_no_accessibility_violations_on_the_register_pages(page, sign_in, member, register):
    from tests.browser.a11y import axe_violations
    from tests.builders import make_risk, make_stage

    booking = make_stage(register, "Booking", emotion=1)
    arrival = make_stage(
        register, "Arrival", emotion=-1, is_moment_of_truth=True, moment_of_truth_note="Greeting"
    )
    make_risk(register, stage=booking, rating=(5, 5, 1, 1), residual=(2, 2, 1, 1))
    make_risk(register, stage=arrival, rating=(3, 3, 1, 1))
    make_risk(register, stage=arrival)
    sign_in(member)
    base = f"/registers/{register.pk}"
    for path in [
        "/",
        "/registers/",
        "/registers/new/",
        f"{base}/",
        f"{base}/edit/",
        f"{base}/archive/",
        f"{base}/journey/",
        f"{base}/journey/new/",
        f"{base}/map/",
        f"{base}/heatmap/",
    ]:
        page.goto(path)
        assert axe_violations(page) == [], path
    page.goto(f"{base}/journey/new/")
    page.get_by_label("This stage is a moment of truth").check()
    page.get_by_role("button", name="Add stage").click()
    expect(page.get_by_role("alert")).to_contain_text("There is a problem")
    assert axe_violations(page) == []


def test_six_stages_fit_1280_px_and_a_longer_map_scrolls_by_keyboard(
    page, sign_in, member, register
):
    from tests.builders import make_stage

    for number in range(1, 7):
        make_stage(register, f"Stage number {number}")
    sign_in(member)
    page.goto(f"/registers/{register.pk}/map/")
    box = page.locator(".journey-scroll").bounding_box()
    columns = page.locator(".journey-stage")
    expect(columns).to_have_count(6)
    for index in range(6):  # every column, the sixth too, is inside the box: nothing cut
        column = columns.nth(index).bounding_box()
        assert column["x"] + column["width"] <= box["x"] + box["width"]

    for number in range(7, 10):
        make_stage(register, f"Stage number {number}")
    page.goto(f"/registers/{register.pk}/map/")
    expect(page.locator("#journey-map-hint")).to_contain_text("9 stages")
    scroller = page.locator(".journey-scroll")
    assert scroller.evaluate("box => box.scrollWidth > box.clientWidth")
    scroller.focus()
    for _ in range(10):
        page.keyboard.press("ArrowRight")
    # Chromium animates keyboard scrolling: wait for the box to have moved, fail if it never does
    page.wait_for_function(
        "() => document.querySelector('.journey-scroll').scrollLeft > 0", timeout=5000
    )
