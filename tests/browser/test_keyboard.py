"""The register-building scenario with the keyboard alone: Tab, Shift+Tab, Enter, Space, the
arrow keys and typing. Focus must show at every step and never be trapped; the rating widget
and the heat map work by keyboard and say what changed."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from assessments.models import Risk
from registers.models import Register
from tests.browser.keyboard import Keyboard
from tests.builders import PASSWORD

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def sign_in(keys: Keyboard, user) -> None:
    keys.page.goto("/accounts/login/")
    keys.tab_to("#id_username")
    keys.type(user.get_username())
    keys.tab_to("#id_password")
    keys.type(PASSWORD)
    keys.activate()


def add_stage(keys: Keyboard, name: str, emotion: str, *, moment: str = "", last: bool) -> None:
    keys.tab_to("#id_name")
    keys.type(name)
    keys.tab_to("#id_emotion")
    keys.type(emotion)  # a closed select picks the option its name starts with
    if moment:
        keys.tab_to("#id_is_moment_of_truth")
        keys.page.keyboard.press("Space")
        keys.tab_to("#id_moment_of_truth_note")
        keys.type(moment)
    keys.tab_to("main button[type=submit]:not([name])" if last else "main button[name=add_another]")
    keys.activate()
    expect(keys.page.locator(".messages")).to_contain_text(name)


def test_it_builds_a_register_by_keyboard_alone(page, member, team):
    keys = Keyboard(page)
    sign_in(keys, member)

    # A register.
    keys.tab_to("a[href='/registers/new/']")
    keys.activate()
    keys.tab_to("#id_title")
    keys.type("Pool reception")
    keys.tab_to("#id_service")
    keys.type("Swimming bookings and arrival")
    keys.tab_to("#id_matrix")
    keys.type("5 x 5")
    keys.tab_to("main button[type=submit]")
    keys.activate()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pool reception")
    register = Register.objects.get(title="Pool reception")
    assert register.matrix.slug == "5x5-standard"

    # Three stages, one a moment of truth.
    keys.tab_to(f"a[href='/registers/{register.pk}/journey/new/']")
    keys.activate()
    add_stage(keys, "Booking", "Positive", last=False)
    add_stage(keys, "Arrival at the desk", "Negative", moment="A warm greeting", last=False)
    add_stage(keys, "Changing and swimming", "Very positive", last=True)
    assert list(register.stages.order_by("order").values_list("name", "is_moment_of_truth")) == [
        ("Booking", False),
        ("Arrival at the desk", True),
        ("Changing and swimming", False),
    ]

    # A risk at the moment of truth, rated with the arrow keys in the radio groups.
    keys.tab_to("nav[aria-label='Register pages'] a[href$='/risks/']")
    keys.activate()
    keys.tab_to(f"a[href='/registers/{register.pk}/risks/new/']")
    keys.activate()
    keys.tab_to("#id_title")
    keys.type("Long queues at the desk")
    keys.tab_to("#id_category")
    keys.type("Reputational")
    keys.tab_to("#id_stage")
    keys.type("Arrival")
    for field, text in [
        ("cause", "Too few staff at opening time"),
        ("event", "Customers queue for twenty minutes"),
        ("consequence", "Complaints and bad reviews"),
    ]:
        keys.tab_to(f"#id_{field}")
        keys.type(text)

    result = page.locator("#rating-result")
    expect(result).to_have_attribute("aria-live", "polite")
    expect(result).to_contain_text("Pick the likelihood")
    keys.tab_to("input[name=likelihood]")
    keys.press("Space")  # the first option, 1
    for _ in range(3):
        keys.press("ArrowDown")  # each arrow moves to the next option and checks it
    expect(page.locator("#id_likelihood_4")).to_be_checked()
    expect(result).to_contain_text("Choose a finance consequence.")
    keys.press("Tab")
    keys.press("Space")  # finance 1
    keys.press("Tab")
    keys.press("Space")
    keys.press("ArrowRight")
    keys.press("ArrowRight")  # reputation 3
    keys.press("Tab")
    keys.press("Space")  # health & safety 1
    expect(result).to_contain_text("Likelihood 4 × consequence 3 (reputation) = 12: Medium")
    expect(result.locator(".level")).to_have_text("Medium")

    # Back up to the likelihood with Shift+Tab: one stop per group, on its checked option.
    focus = keys.press("Shift+Tab")
    assert focus.name == "consequence_reputation"
    keys.press("Shift+Tab")
    focus = keys.press("Shift+Tab")
    assert focus.name == "likelihood"
    keys.press("ArrowDown")  # 5: the level changes before anything is saved
    expect(result.locator(".level")).to_have_text("High")
    expect(result).to_contain_text("Likelihood 5 × consequence 3 (reputation) = 15: High")
    assert not Risk.objects.exists()

    keys.tab_to("#id_rationale")
    keys.type("Queues every morning in the holidays")
    keys.tab_to("main button[type=submit]:not([name])")
    keys.activate()
    expect(page.get_by_role("heading", level=1)).to_contain_text("R-001 Long queues at the desk")
    risk = Risk.objects.get()
    assert (risk.inherent_rating.level_code, risk.stage.name) == ("high", "Arrival at the desk")

    # An action for it.
    keys.tab_to("a[href$='/actions/new/?risk=1']")
    keys.activate()
    keys.tab_to("#id_description")
    keys.type("Put a second person on the desk from 7am")
    keys.tab_to("main button[type=submit]")
    keys.activate()
    expect(page.locator("#actions")).to_contain_text("Put a second person on the desk from 7am")

    # The risk on the journey map, at its stage, with its level in words.
    keys.tab_to("nav[aria-label='Register pages'] a[href$='/map/']")
    keys.activate()
    keys.tab_to(".journey-scroll")  # the map's own scroll box takes focus, so arrows scroll it
    badge = keys.tab_to("a.risk-badge")
    assert re.search(r"R-001\s+High", badge.label), badge
    stage = page.locator(".journey-stage", has=page.locator("a.risk-badge"))
    expect(stage.locator("h3")).to_contain_text("Arrival at the desk")
    expect(stage).to_contain_text("Moment of truth")

    # The heat map: the cell is a link that says its count, level and place, and leads to
    # the risk list filtered to it, which announces the result.
    keys.tab_to("nav[aria-label='Register pages'] a[href$='/heatmap/']", back=True)
    keys.activate()
    cell = keys.tab_to("#heatmap-inherent a")
    assert cell.label.startswith("1 risk, High at likelihood 5"), cell
    assert "consequence 3" in cell.label, cell
    keys.activate()
    expect(page.get_by_role("status")).to_contain_text("1 risk match these filters")
    expect(page.locator(".risk-table")).to_contain_text("Long queues at the desk")


def test_it_never_traps_focus_on_the_rating_widget_the_map_or_the_heat_map(
    page, sign_in, member, register
):
    from tests.builders import make_risk, make_stage

    arrival = make_stage(register, "Arrival", is_moment_of_truth=True, moment_of_truth_note="Hi")
    make_risk(register, stage=arrival, rating=(5, 1, 3, 1), residual=(2, 1, 2, 1))
    sign_in(member)
    keys = Keyboard(page)
    for path in ["risks/new/", "risks/1/", "map/", "heatmap/"]:
        page.goto(f"/registers/{register.pk}/{path}")
        stops = keys.cycle()
        assert len(stops) > 10, path
    # The open rating widget on the risk page: its radio groups are stops too.
    page.goto(f"/registers/{register.pk}/risks/1/rate/")
    names = {stop.name for stop in keys.cycle()}
    assert {"likelihood", "consequence_finance", "tier"} <= names


def test_it_starts_a_keyboard_user_on_the_error_summary_and_links_to_the_field(page, member, team):
    keys = Keyboard(page)
    sign_in(keys, member)
    keys.tab_to("a[href='/registers/new/']")
    keys.activate()
    keys.tab_to("main button[type=submit]")
    keys.activate()
    summary = page.locator(".error-summary")
    expect(summary).to_be_focused()
    keys.tab_to(".error-summary a[href='#id_title']")
    keys.press("Enter")
    expect(page.locator("#id_title")).to_be_focused()
    keys.type("Pool reception")
    keys.tab_to("main button[type=submit]")
    keys.activate()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Pool reception")
