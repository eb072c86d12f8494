"""Pages of a long register list the first records, with a link to all of them; totals and
counts still cover every record. The limits are patched small so a few records show it."""

from __future__ import annotations

from decimal import Decimal

from django.urls import reverse

from assessments.models import Action, Decision, Review, SwotItem
from checks.loading import register_report
from tests.builders import make_risk


def test_the_overview_lists_the_first_open_findings_and_links_to_all(
    client, member, register, monkeypatch
):
    monkeypatch.setattr("dashboard.views.OVERVIEW_FINDINGS", 2)
    for _ in range(3):
        make_risk(
            register, rating=(3, 3, 1, 1), decision=Decision.TREAT, decision_rationale="Costly."
        )
    found = len(register_report(register).open)
    assert found > 2
    client.force_login(member)
    url = reverse("dashboard:register", args=[register.pk])
    html = client.get(url).content.decode()
    assert html.count('<li class="check-finding') == 2
    assert f"Show all {found} open findings" in html
    every = client.get(url + "?checks=all").content.decode()
    assert every.count('<li class="check-finding') == found
    assert "Show all" not in every


def test_a_review_lists_its_first_risks_and_links_to_all(client, member, register, monkeypatch):
    monkeypatch.setattr("assessments.views.reviews.RISKS_SHOWN", 2)
    risks = [make_risk(register, title=f"Queue {n}") for n in range(3)]
    review = Review.objects.create(register=register, reviewer=member)
    review.risks.set(risks)
    client.force_login(member)
    url = reverse("assessments:review_detail", args=[register.pk, review.pk])
    html = client.get(url).content.decode()
    assert "Queue 0" in html and "Queue 1" in html and "Queue 2" not in html
    assert "2 of 3 risks listed" in html
    every = client.get(url + "?risks=all").content.decode()
    assert "Queue 2" in every and "risks listed" not in every


def test_analysis_lists_the_best_actions_and_totals_every_one(
    client, member, register, monkeypatch
):
    monkeypatch.setattr("assessments.views.analysis.ACTIONS_SHOWN", 1)
    monkeypatch.setattr("assessments.views.analysis.RISKS_SHOWN", 1)
    first, second = make_risk(register), make_risk(register)
    item = SwotItem.objects.create(register=register, quadrant="threat", text="Rival opens")
    item.risks.set([first, second])
    for description, benefit in (("Small gain", "100"), ("Big gain", "5000")):
        Action.objects.create(
            register=register, description=description, benefit_annual=Decimal(benefit)
        )
    client.force_login(member)
    url = reverse("assessments:analysis", args=[register.pk])
    html = client.get(url).content.decode()
    table = html.split('class="totals"')[1]
    assert "Big gain" in table and "Small gain" not in table
    assert "£5,100.00" in table.split("</dl>")[0]  # the totals cover both
    assert "Show all 2 actions" in html
    assert ">R-001</a>" in html and ">R-002</a>" not in html
    assert "1 of 2 linked risks shown" in html
    every = client.get(url + "?actions=all").content.decode()
    assert "Small gain" in every and "Show all" not in every
