"""A stage with many risks shows the most severe ones and links to the rest."""

from __future__ import annotations

from django.urls import reverse

from assessments.maps import BADGES_PER_STAGE
from tests.builders import make_risk


def test_it_shows_the_most_severe_risks_and_counts_the_rest(client, member, register, stage):
    low = [make_risk(register, stage=stage, rating=(1, 1, 1, 1)) for _ in range(BADGES_PER_STAGE)]
    high = make_risk(register, stage=stage, rating=(5, 5, 1, 1), title="Flooded plant room")
    client.force_login(member)
    page = client.get(reverse("dashboard:journey_map", args=[register.pk])).content.decode()
    assert "Flooded plant room" in page  # the High risk is drawn although it came last
    assert high.reference in page
    assert "and 1 more risk at this stage" in page
    assert f"?stage={stage.pk}" in page
    drawn = [risk for risk in low if f">{risk.reference}" in page or f"{risk.reference} " in page]
    assert len(drawn) == BADGES_PER_STAGE - 1
