"""The screen and the PDF read one model of a register: the same heat-map counts, the same
current level, the same coverage statuses (issue: the PDF reads what the screen reads)."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from criteria.models import Criterion
from evidence.pack import PackOptions
from evidence.services import export_pdf
from tests.evidence.reading import page_texts

SECTIONS = ("journey", "heatmaps", "register", "coverage")
#: One heat-map cell as the PDF prints it: its count, its level, the references (<= 6).
PDF_CELL = re.compile(r"(\d+)\s+(Low|Medium|High)((?:\s+R-\d{3})*)")


@pytest.fixture
def pdf_text(register_with_names, member) -> list[str]:
    exported = export_pdf(
        register=register_with_names, learner=member, options=PackOptions(sections=SECTIONS)
    )
    return [" ".join(text.split()) for text in page_texts(exported.pdf)]


def _page(texts: list[str], heading: str) -> str:
    found = [text for text in texts if heading in text]
    assert found, heading
    return found[0]


def _screen_grids(client, register) -> dict[str, list[int]]:
    """Each heat map of the page, its cell counts row by row (most likely first)."""
    grids = client.get(reverse("dashboard:heatmap", args=[register.pk])).context["grids"]
    return {grid.tier: [cell.count for row in grid.rows for cell in row.cells] for grid in grids}


def test_the_heat_maps_count_the_same_risks_on_the_page_and_in_the_pdf(
    client, member, register_with_names, pdf_text
):
    client.force_login(member)
    page = client.get(reverse("dashboard:heatmap", args=[register_with_names.pk])).content.decode()
    screen = _screen_grids(client, register_with_names)
    text = _page(pdf_text, "Heat maps: inherent and current")
    # Both maps, in order; each cell reads "count level [references]", row by row.
    inherent_text, current_text = text.split("Current: ")[0], text.split("Current: ")[1]
    in_pdf = {
        "inherent": [int(n) for n, _, _ in PDF_CELL.findall(inherent_text.split("L \\ C")[1])],
        "current": [int(n) for n, _, _ in PDF_CELL.findall(current_text.split("L \\ C")[1])],
    }
    assert len(in_pdf["current"]) == len(screen["current"]) == 25
    assert in_pdf == screen
    # Two rated risks inherent; the current map holds the card risk at its residual rating
    # and the wet floor, rated only inherent, at that rating (it once was left out on screen).
    assert sum(screen["inherent"]) == sum(screen["current"]) == 2
    caption = "Current rating: residual where rated, else inherent; 1 risk at inherent."
    assert caption in text and caption in " ".join(page.split())
    cells = {
        level_refs.split()[0] for _, _, level_refs in PDF_CELL.findall(current_text) if level_refs
    }
    assert cells == {"R-001", "R-002"}


def test_a_risk_rated_only_inherent_has_the_same_current_level_on_the_page_and_in_the_pdf(
    client, member, register_with_names, pdf_text
):
    floor = register_with_names.risks.get(title="Wet floor at the entrance")
    assert floor.residual_rating is None and floor.inherent_rating is not None
    level = floor.inherent_rating.level_label
    client.force_login(member)
    journey = client.get(reverse("dashboard:journey_map", args=[register_with_names.pk]))
    page = " ".join(journey.content.decode().split())
    assert (
        f'<span class="risk-ref">{floor.reference}</span> <span class="risk-level">{level}' in page
    )
    pdf_journey = _page(pdf_text, "Stages run from left")
    assert f"{floor.reference} {level}" in pdf_journey


def test_the_coverage_statuses_are_the_same_on_the_page_and_in_the_pdf(
    client, member, register_with_names, pdf_text
):
    client.force_login(member)
    response = client.get(reverse("criteria:coverage", args=[register_with_names.pk]))
    on_page = {result.criterion.code: result.status_label for result in response.context["results"]}
    assert len(on_page) == Criterion.objects.count()
    assert len(set(on_page.values())) >= 2  # a mix, so a swapped status would show
    start = next(i for i, text in enumerate(pdf_text) if "Criteria coverage" in text[:300])
    text = " ".join(pdf_text[start:])
    # Each criterion's row runs from its code to the next code; its status is printed there.
    found = sorted(
        (re.search(rf"\b{re.escape(code)}(?!\d)", text).start(), code) for code in on_page
    )
    for (begin, code), (end, _) in zip(found, [*found[1:], (len(text), "")], strict=True):
        assert on_page[code] in text[begin:end], (code, on_page[code])
