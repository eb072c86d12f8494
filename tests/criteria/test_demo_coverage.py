"""The demo register evidences every criterion except the gap it leaves on purpose."""

from __future__ import annotations

import datetime as dt
from io import StringIO

import pytest
import time_machine
from django.core.management import call_command, get_commands
from django.urls import reverse

from criteria.coverage import EVIDENCED, PARTIAL, evaluate_register
from registers.models import Register

pytestmark = pytest.mark.skipif(
    "seed_demo" not in get_commands(), reason="The seed_demo command does not exist yet."
)

#: The one gap the demo leaves on purpose: Gym induction has no financial risk.
DELIBERATE_GAP = ["No financial risk at stage 'Gym induction'."]


@pytest.fixture
def demo_register(db, settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    from demo.riverside import REGISTER

    with time_machine.travel(dt.datetime(2026, 5, 4, 9, 0, tzinfo=dt.UTC), tick=False):
        call_command("seed_demo", stdout=StringIO(), stderr=StringIO())
    return Register.objects.get(title=REGISTER.title)


def test_it_evidences_every_criterion_but_the_deliberate_gap(demo_register):
    results = evaluate_register(demo_register)
    short = {r.criterion.code: (r.status, r.gaps) for r in results if r.status != EVIDENCED}
    assert short == {
        "NOS PC2": (PARTIAL, DELIBERATE_GAP),
        "OCR 1.2": (PARTIAL, DELIBERATE_GAP),
    }
    assert not any(r.manual for r in results), "rules alone should evidence the demo"


def test_it_explains_the_deliberate_gap_on_the_coverage_page(client, demo_register):
    member = demo_register.team.memberships.filter(role="member").first().user
    client.force_login(member)
    response = client.get(reverse("criteria:coverage", args=[demo_register.pk]))
    assert response.context["summary"] == {
        "evidenced": 46,
        "partial": 2,
        "missing": 0,
        "total": 48,
    }
    assert "No financial risk at stage &#x27;Gym induction&#x27;." in response.content.decode()
