"""The coverage page in a real browser: accessible, and tagging works without JavaScript help."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from tests.browser.a11y import AXE, WCAG_TAGS
from tests.builders import build_register_meeting_every_criterion, make_annotation, make_stage

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True),
]


def content_violations(opened) -> list[str]:
    """axe-core's WCAG 2.2 A/AA violations in this page's own content.

    The site header, the breadcrumbs and the form error summary are shared includes,
    checked by ``tests/browser/test_accessibility.py``; here only what this page adds is
    judged.
    """
    opened.evaluate(AXE.read_text(encoding="utf-8"))
    result = opened.evaluate(
        """tags => axe.run(
            {include: [["#main"]], exclude: [['nav[aria-label="Breadcrumb"]'], [".error-summary"]]},
            {runOnly: {type: "tag", values: tags}}
        )""",
        WCAG_TAGS,
    )
    return [
        f"{v['id']}: {v['help']} -> {[node['target'] for node in v['nodes'][:5]]}"
        for v in result["violations"]
    ]


def test_it_tags_an_annotation_and_has_no_accessibility_violations(
    page,  # noqa: F811
    sign_in,  # noqa: F811
    member,
    register,
):
    records = build_register_meeting_every_criterion(register, owner=member)
    make_stage(register, "Leave")  # a stage with no risks: four criteria fall short
    note = make_annotation(register, risk=records["slip"], text="Mats cost less than one claim.")
    sign_in(member)
    page.goto(reverse("criteria:coverage", kwargs={"register_id": register.pk}))
    expect(page.get_by_text("No financial risk at stage 'Leave'.").first).to_be_visible()
    assert content_violations(page) == []

    page.get_by_role("link", name="Tag a record to a criterion").click()
    page.get_by_role("button", name="Tag as evidence").click()
    expect(page.get_by_role("alert").get_by_text("There is a problem")).to_be_visible()
    assert content_violations(page) == []

    page.goto(reverse("criteria:coverage", kwargs={"register_id": register.pk}))
    page.get_by_role("link", name="Tag evidence for NOS K9").click()
    expect(page.get_by_role("combobox", name="Criterion")).to_have_value("NOS K9")
    page.get_by_role("combobox", name="Records to list").select_option("annotation")
    page.get_by_role("button", name="List them").click()
    expect(page.get_by_role("combobox", name="Criterion")).to_have_value("NOS K9")
    records = page.get_by_role("combobox", name="Record that evidences it")
    expect(records.locator("optgroup")).to_have_count(1)
    records.select_option(f"annotation:{note.pk}")
    assert content_violations(page) == []
    page.get_by_role("button", name="Tag as evidence").click()
    row = page.locator("#nos-k9")
    expect(row.get_by_text("Tagged by you")).to_be_visible()
    expect(row.get_by_role("link", name="Mats cost less than one claim.")).to_be_visible()


def test_an_explanation_written_in_the_browser_is_in_the_exported_pack(
    page,  # noqa: F811
    sign_in,  # noqa: F811
    member,
    register,
):
    from evidence.pack import PackOptions
    from evidence.services import export_pdf
    from tests.evidence.reading import all_text

    build_register_meeting_every_criterion(register, owner=member)
    words = "Cost/benefit analysis weighs what an action costs against what it saves."
    sign_in(member)
    page.goto(reverse("criteria:coverage", kwargs={"register_id": register.pk}))
    page.get_by_role("link", name="Write your explanation of OCR 3.4").click()
    page.get_by_label("Your explanation").fill(words)
    page.get_by_role("button", name="Save explanation").click()
    page.goto(reverse("criteria:coverage", kwargs={"register_id": register.pk}))
    row = page.locator("#ocr-3-4")
    expect(row.get_by_text("Explained: for the assessor to judge").first).to_be_visible()

    page.goto(reverse("evidence:pack", kwargs={"register_id": register.pk}))
    page.get_by_role("button", name="Preview in the browser").click()
    expect(page.locator("#section-coverage").get_by_text(words)).to_be_visible()

    pdf = export_pdf(register=register, learner=member, options=PackOptions()).pdf
    text = all_text(pdf)
    assert words in text and "Explained: for the assessor to judge" in text
