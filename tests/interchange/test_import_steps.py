"""The import's step indicator: steps done, the current one, the ones to come."""

from __future__ import annotations

import re

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

STEPS = ["upload", "sheet", "mapping", "preview"]


@pytest.mark.parametrize("current", STEPS)
def test_it_marks_the_steps_done_current_and_to_come(current):
    html = render_to_string("interchange/_steps.html", {"current": current})
    states = re.findall(r'class="import-step (is-\w+)"', html)
    position = STEPS.index(current)
    assert states == ["is-done"] * position + ["is-current"] + ["is-todo"] * (3 - position)
    assert html.count('aria-current="step"') == 1 and html.count("(done)") == position


@pytest.mark.django_db
def test_the_upload_page_shows_the_steps(client, member, team):
    client.force_login(member)
    html = client.get(reverse("interchange:start")).content.decode()
    assert '<nav aria-label="Import steps"' in html and "Step 4: </span>Preview and confirm" in html
