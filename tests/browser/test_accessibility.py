"""axe-core finds no WCAG 2.2 A/AA violation on any page a member, a supervisor or a viewer
reaches, on the supervisors' admin pages, through the import flow, in the error state of
every form, or in the evidence pack's print preview.

The pages are found by following links from the dashboard of the demo site (a register with
one of everything), so a new page is checked as soon as something links to it; the expected
URL names below make sure the crawl does not quietly shrink. An accepted violation is
written down with its reason: none in ``EXCEPTIONS`` (every page) and none in
``PREVIEW_EXCEPTIONS`` (the print preview only).
"""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from assessments.models import Action, Review, Risk
from tests.browser.a11y import axe_violations
from tests.browser.crawl import crawl

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]

#: axe rule id -> why the violation is accepted. Keep it empty unless there is no fix.
EXCEPTIONS: dict[str, str] = {}

#: The print preview shows the PDF's pages on screen, styled by static/css/evidence-print.css.
PREVIEW_EXCEPTIONS: dict[str, str] = {}

READ_PAGES = {
    "dashboard:home",
    "registers:list",
    "password_change",
    "interchange:start",
    "dashboard:register",
    "journeys:stage_list",
    "dashboard:journey_map",
    "dashboard:heatmap",
    "assessments:risk_list",
    "assessments:risk_detail",
    "assessments:action_list",
    "assessments:consultation_list",
    "assessments:awareness_list",
    "assessments:review_list",
    "assessments:review_detail",
    "assessments:analysis",
    "criteria:coverage",
    "evidence:pack",
    "interchange_register:export",
}
WRITE_PAGES = {
    "registers:create",
    "registers:edit",
    "registers:archive",
    "journeys:stage_create",
    "journeys:stage_edit",
    "journeys:stage_delete",
    "assessments:risk_create",
    "assessments:risk_edit",
    "assessments:risk_rate",
    "assessments:action_create",
    "assessments:action_edit",
    "assessments:consultation_create",
    "assessments:consultation_edit",
    "assessments:awareness_create",
    "assessments:awareness_edit",
    "assessments:annotation_create",
    "assessments:annotation_edit",
    "assessments:annotation_delete",
    "assessments:analysis_item_create",
    "assessments:analysis_item_edit",
    "assessments:analysis_item_delete",
    "assessments:review_create",
    "criteria:tag_create",
}
#: Reached through a form rather than a link; ``member_start`` opens them.
FORM_REACHED_PAGES = {"assessments:action_complete", "assessments:review_edit"}

#: Pages with a form, by URL name: submitted with every field emptied, each must show the
#: error summary. (Confirmation pages with nothing to fill in are not listed.)
FORM_PAGES = sorted(
    ({"password_change", "interchange:start"} | WRITE_PAGES | FORM_REACHED_PAGES)
    - {
        "registers:archive",
        "journeys:stage_delete",
        "assessments:annotation_delete",
        "assessments:analysis_item_delete",
    }
)

# Empty every field of the largest form on the page (the page's own form, not a button form).
EMPTY_THE_FORM = """() => {
  const forms = [...document.querySelectorAll("#main form[method=post]")];
  const form = forms.sort((a, b) => b.elements.length - a.elements.length)[0];
  for (const field of form.elements) {
    if (["hidden", "submit", "button"].includes(field.type)) continue;
    if (field.type === "radio" || field.type === "checkbox") field.checked = false;
    else if (field.multiple) [...field.options].forEach(option => { option.selected = false; });
    else field.value = "";
  }
  form.setAttribute("data-emptied", "");
}"""

# The GOV.UK pattern, read from the page: every summary link leads to a field whose own
# message (aria-describedby, shown beside it) is visible.
SUMMARY_LINKS = """() => [...document.querySelectorAll(".error-summary a[href^='#']")].map(link => {
  const target = document.getElementById(link.hash.slice(1));
  const described = target && target.closest("[aria-describedby]");
  const ids = described ? described.getAttribute("aria-describedby").split(/\\s+/) : [];
  const shown = ids.map(id => document.getElementById(id)).filter(el => el
    && el.classList.contains("invalid-feedback") && el.offsetParent !== null
    && el.textContent.trim());
  return {href: link.hash, target: Boolean(target), message: shown.length > 0};
})"""


def member_start(register) -> list[str]:
    """The pages reached by a form, not a link: marking an action done and a review still in
    draft (the demo has none)."""
    action = Action.objects.filter(register=register, status=Action.Status.PLANNED).first()
    draft = Review.objects.create(register=register, minutes="Started; finish after the meeting.")
    return [
        reverse("assessments:action_complete", args=[register.pk, action.pk]),
        reverse("assessments:review_edit", args=[register.pk, draft.pk]),
    ]


def check_pages(page, sign_in_as, who: str, *, start: list[str]) -> tuple[dict, list[str]]:
    sign_in_as(who)
    problems: list[str] = []

    def visit(name: str, url: str) -> None:
        problems.extend(
            f"{name} {url}: {line}" for line in axe_violations(page, exceptions=EXCEPTIONS)
        )

    return crawl(page, ["/", *start], visit), problems


def test_it_finds_no_violations_on_the_pages_a_member_reaches(page, sign_in_as, demo):
    visited, problems = check_pages(page, sign_in_as, "member", start=member_start(demo))
    expected = READ_PAGES | WRITE_PAGES | FORM_REACHED_PAGES
    assert expected <= visited.keys(), expected - visited.keys()
    assert problems == [], "\n".join(problems)


def test_it_finds_no_violations_on_the_pages_a_viewer_reaches(page, sign_in_as, demo):
    visited, problems = check_pages(page, sign_in_as, "viewer", start=[])
    readable = READ_PAGES - {"interchange:start"}  # a viewer has nowhere to import to
    assert visited.keys() >= readable, readable - visited.keys()
    # Read-only: no link to a form that would 403, the import page included.
    assert not visited.keys() & (WRITE_PAGES | {"interchange:start"})
    assert problems == [], "\n".join(problems)


def test_it_finds_no_violations_on_the_pages_and_admin_pages_a_supervisor_reaches(
    page, sign_in_as, demo
):
    submitted = Review.objects.get(register=demo, state=Review.State.SUBMITTED)
    signed_off = Review.objects.filter(register=demo, state=Review.State.SIGNED_OFF).first()
    risk = Risk.objects.filter(register=demo).order_by("number").first()
    admin_pages = [
        reverse("admin:index"),
        reverse("admin:assessments_review_changelist") + "?state=submitted",
        reverse("admin:assessments_review_change", args=[submitted.pk]),
        reverse("admin:assessments_review_change", args=[signed_off.pk]),
        reverse("admin:assessments_review_changelist") + "?state=all&_facets=True",
        reverse("admin:assessments_review_history", args=[submitted.pk]),
        reverse("admin:assessments_risk_changelist"),
        reverse("admin:assessments_risk_changelist") + "?awaiting=1",
        reverse("admin:assessments_risk_change", args=[risk.pk]),
        reverse("admin:assessments_risk_history", args=[risk.pk]),
    ]
    visited, problems = check_pages(page, sign_in_as, "supervisor", start=admin_pages)
    assert visited.keys() >= READ_PAGES | WRITE_PAGES, READ_PAGES | WRITE_PAGES - visited.keys()
    assert problems == [], "\n".join(problems)
    for url in admin_pages:  # the crawl opens the first admin page of each URL name only
        for width in (1280, 390):  # the admin fits a desktop and a phone alike
            page.set_viewport_size({"width": width, "height": 900})
            page.goto(url)
            assert axe_violations(page, exceptions=EXCEPTIONS) == [], (url, width)
            assert page.evaluate("document.documentElement.scrollWidth") <= width, (url, width)
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(admin_pages[2])
    expect(page.get_by_role("heading", name="Your decision")).to_be_visible()
    expect(page.get_by_label("What you saw the learner do")).to_be_visible()

    # The bulk sign-off page, and the review page after a refused return (no comment).
    page.goto(admin_pages[1])
    page.locator("input.action-select").first.check()
    page.get_by_label("Action:").select_option(index=1)
    with page.expect_navigation():
        page.get_by_role("button", name="Go").click()
    assert axe_violations(page, exceptions=EXCEPTIONS) == [], page.url
    page.goto(admin_pages[2])
    with page.expect_navigation():
        page.get_by_role("button", name="Return for changes").click()
    assert axe_violations(page, exceptions=EXCEPTIONS) == [], page.url


def error_state_failures(page, name: str) -> list[str]:
    """Send the page's form with every field emptied; what falls short of the GOV.UK error
    pattern or of WCAG 2.2 AA in the page that comes back."""
    page.evaluate(EMPTY_THE_FORM)
    with page.expect_navigation():
        page.locator(
            "form[data-emptied] button[type=submit]:not([name=check]):not([formmethod])"
        ).first.click()
    summary = page.locator(".error-summary")
    if not summary.count():
        return [f"{name}: no error summary (includes/form_errors.html) after sending it empty"]
    expect(summary).to_have_attribute("role", "alert")
    expect(summary.get_by_role("heading", name="There is a problem")).to_be_visible()
    expect(summary).to_be_focused()
    links = page.evaluate(SUMMARY_LINKS)
    failures = [f"{name}: the summary links to no field"] if not links else []
    failures.extend(
        f"{name}: {link['href']} has no field or no message beside it"
        for link in links
        if not (link["target"] and link["message"])
    )
    failures.extend(f"{name}: {line}" for line in axe_violations(page, exceptions=EXCEPTIONS))
    return failures


def test_it_shows_every_form_error_as_a_gov_uk_summary_without_violations(page, sign_in_as, demo):
    sign_in_as("member")
    visited = crawl(page, ["/", *member_start(demo)], lambda name, url: None)
    failures = []
    for name in FORM_PAGES:
        page.goto(visited[name])
        failures.extend(error_state_failures(page, name))
    assert failures == [], "\n".join(failures)


def test_it_shows_the_evidence_pack_form_error_as_a_gov_uk_summary(page, sign_in_as, demo):
    sign_in_as("member")
    page.goto(reverse("evidence:pack", args=[demo.pk]))
    assert error_state_failures(page, "evidence:pack") == []


def test_it_moves_focus_from_a_summary_link_to_its_field(page, sign_in_as, demo):
    sign_in_as("member")
    page.goto(reverse("assessments:risk_rate", args=[demo.pk, 1]))
    page.evaluate(EMPTY_THE_FORM)
    page.get_by_role("button", name="Save rating").click()
    expect(page.locator(".error-summary")).to_be_focused()
    page.locator(".error-summary").get_by_role("link", name="Likelihood").click()
    expect(page.locator("#id_likelihood_1")).to_be_focused()
    page.locator(".error-summary").get_by_role("link", name="Why these values?").click()
    expect(page.get_by_label("Why these values?")).to_be_focused()


def test_it_finds_no_violations_in_the_import_flow(page, sign_in_as, demo):
    sign_in_as("member")
    page.goto(reverse("interchange:start"))
    page.get_by_label("Spreadsheet (.xlsx or .csv)").set_input_files(
        files=[
            {
                "name": "desk-risks.csv",
                "mimeType": "text/csv",
                "buffer": (
                    b"Ref,Title,Category,Likelihood,Impact\n"
                    b"1,Queue at the desk on Saturday mornings,Reputation,4,3\n"
                    b"2,Wet floor by the pool doors,Safety,9,2\n"
                ),
            }
        ]
    )
    page.get_by_label("What the rows are").select_option("risks")
    page.get_by_label("Import into").select_option(str(demo.pk))
    page.get_by_role("button", name="Upload and continue").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("where is the table?")
    assert axe_violations(page, exceptions=EXCEPTIONS) == [], page.url
    page.get_by_role("button", name="Continue to the columns").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("What do the columns")
    assert axe_violations(page, exceptions=EXCEPTIONS) == [], page.url
    page.get_by_role("button", name="Continue to the preview").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text("Preview")
    expect(page.locator("main table")).not_to_have_count(0)
    assert axe_violations(page, exceptions=EXCEPTIONS) == [], page.url


def test_it_finds_no_violations_in_the_print_preview(page, sign_in_as, demo):
    sign_in_as("viewer")
    page.goto(reverse("evidence:pack", args=[demo.pk]))
    page.get_by_role("button", name="Preview in the browser").click()
    page.wait_for_url("**/evidence/preview/**")
    assert axe_violations(page, exceptions=EXCEPTIONS | PREVIEW_EXCEPTIONS) == [], page.url


def test_it_finds_no_violations_on_the_pages_before_sign_in(page, demo, live_server):
    page.goto("/accounts/login/")
    assert axe_violations(page) == []
    page.get_by_role("button", name="Sign in").click()
    expect(page.locator(".error-summary")).to_be_focused()
    assert axe_violations(page) == []
    with page.expect_navigation():
        page.get_by_role("link", name="Forgotten your password?").click()
    assert axe_violations(page) == [], page.url
    with page.expect_navigation():
        page.get_by_role("button").last.click()
    assert axe_violations(page) == [], page.url
    page.get_by_label("Email").fill("priya@example.org")
    with page.expect_navigation():
        page.get_by_role("button").last.click()
    assert axe_violations(page) == [], page.url
    page.goto("/registers/00000000-0000-0000-0000-000000000000/")
    assert "/accounts/login/?next=" in page.url  # the sign-in page, checked above


def test_it_finds_no_violations_on_the_not_found_page(page, sign_in_as, demo):
    sign_in_as("member")
    response = page.goto("/registers/00000000-0000-0000-0000-000000000000/")
    assert response.status == 404
    assert axe_violations(page) == []
