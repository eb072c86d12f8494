"""The coverage page: who may see it, what it shows, and its fixed number of queries."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from assessments.models import Category, Review
from criteria.models import Criterion, Explanation
from tests.builders import (
    build_register_meeting_every_criterion,
    force_update,
    make_action,
    make_annotation,
    make_awareness,
    make_consultation,
    make_register,
    make_review,
    make_risk,
    make_stage,
)

PAGE_QUERIES = 15  # session, user, register with role, the 12 of load_records (criteria cached)


def url(register) -> str:
    return reverse("criteria:coverage", kwargs={"register_id": register.pk})


# --- Access --------------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "supervisor", "viewer"])
def test_it_shows_the_page_to_the_team(client, register, persona, request):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(url(register))
    assert response.status_code == 200
    assert b"Evidence coverage" in response.content


def test_it_offers_tagging_to_members_not_viewers(client, register, member, viewer):
    tagging = reverse("criteria:tag_create", kwargs={"register_id": register.pk}).encode()
    client.force_login(member)
    assert b'href="' + tagging + b'"' in client.get(url(register)).content
    client.force_login(viewer)
    page = client.get(url(register)).content
    assert tagging not in page
    assert b"Tag evidence" not in page


def test_it_answers_404_to_another_team(client, register, outsider):
    client.force_login(outsider)
    assert client.get(url(register)).status_code == 404


def test_it_sends_anonymous_visitors_to_sign_in(client, register):
    response = client.get(url(register))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def test_it_refuses_other_methods(client, register, member):
    client.force_login(member)
    assert client.post(url(register)).status_code == 405


# --- Content -------------------------------------------------------------------------------


def test_it_shows_status_as_text_and_summary_counts(client, register, member):
    arrive = make_stage(register, "Arrive")
    make_stage(register, "Payment")
    make_risk(register, stage=arrive, category=Category.HEALTH_SAFETY, rating=(2, 2, 2, 2))
    client.force_login(member)
    response = client.get(url(register))
    results = {r.criterion.code: r for r in response.context["results"]}
    summary = response.context["summary"]
    assert summary["total"] == 55
    for status in ("evidenced", "partial", "missing", "explanation_needed"):
        assert summary[status] == sum(r.status == status for r in results.values()), status
    assert summary["partial"] >= 1 and summary["explanation_needed"] == 21
    html = response.content.decode()
    assert "Partly evidenced" in html and "Missing" in html and "Explanation needed" in html
    assert "No health and safety risk at stage &#x27;Payment&#x27;." in html
    assert 'id="nos-pc4"' in html


def test_it_links_evidence_to_the_pages_that_show_it(client, register, member):
    risk = make_risk(register, rating=(2, 2, 2, 2), owner=member)
    make_awareness(risk)
    client.force_login(member)
    html = client.get(url(register)).content.decode()
    assert html.count(f'href="{risk.get_absolute_url()}"') >= 2  # PC8, PC9, PC10, K1...
    assert "Rule</span>" in html
    assert "Tagged by" not in html


def test_it_shows_only_criteria_with_gaps_on_request(client, register, member):
    build_register_meeting_every_criterion(register)
    risk = make_risk(register, title="Lost booking")  # unrated: PC8-10 and friends fall short
    client.force_login(member)
    response = client.get(url(register), {"show": "gaps"})
    shown = {r.criterion.code for r in response.context["results"]}
    assert "NOS PC8" in shown and "NOS PC1" not in shown
    assert response.context["summary"]["total"] == 55
    assert f"R-{risk.number:03d} &#x27;Lost booking&#x27;" in response.content.decode()


# --- Queries -------------------------------------------------------------------------------


def _grow(register, rows: int) -> None:
    for n in range(rows):
        stage = make_stage(register, f"Extra stage {n}")
        risk = make_risk(register, stage=stage, rating=(3, 2, 2, 2))
        make_action(register, risk)
        make_awareness(risk)
        make_consultation(register)
        make_review(register, risks=())
        make_annotation(register, risk=risk)


def test_it_takes_a_fixed_number_of_queries_whatever_the_registers_size(
    client, team, register, member, django_assert_num_queries
):
    build_register_meeting_every_criterion(register, owner=member)
    bigger = make_register(team, title="Bigger register")
    build_register_meeting_every_criterion(bigger, owner=member)
    _grow(bigger, 15)
    client.force_login(member)
    client.get(url(register))  # warm the content-type cache and the cached catalogue
    statuses = []
    for each in (register, bigger):
        with django_assert_num_queries(PAGE_QUERIES):
            statuses.append(client.get(url(each)).status_code)
    assert statuses == [200, 200]


def test_it_says_so_when_no_criterion_has_a_gap(client, register, member):
    build_register_meeting_every_criterion(register, owner=member)
    for criterion in Criterion.objects.filter(judged_by_person=True):
        Explanation.objects.create(register=register, criterion=criterion, text="Because...")
    force_update(  # signed off with a witness statement, as the admin does it
        Review.objects.filter(register=register),
        state=Review.State.SIGNED_OFF,
        signed_off_by=member,
        signed_off_at=timezone.now(),
        content_hash="0" * 64,
        witness_statement="I saw Mia brief the front desk team on the wet floor risk.",
        witnessed_criteria=["OCR ER1"],
    )
    client.force_login(member)
    response = client.get(url(register), {"show": "gaps"})
    assert response.context["results"] == []
    assert "No gaps: every criterion is evidenced." in response.content.decode()
