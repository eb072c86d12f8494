"""Where the findings show: the register overview (count and list), each risk's page (its
own), the dismiss and reopen pages, and the evidence pack's "Consistency checks" section,
read back from the PDF."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.urls import reverse

from assessments.models import Action
from checks.models import Dismissal
from evidence.pack import PackOptions
from evidence.services import export_pdf
from tests.builders import make_risk
from tests.evidence.reading import all_text, page_texts

pytestmark = pytest.mark.django_db


@pytest.fixture
def broken(register, stage):
    """Two risks, each breaking one check."""
    treated = make_risk(
        register,
        stage=stage,
        title="Wet floor by the pool",
        rating=(2, 2, 2, 2),
        decision="treat",
        decision_rationale="Cheap to fix.",
    )
    ended = make_risk(
        register,
        stage=stage,
        title="Cash kept overnight",
        rating=(1, 1, 1, 1),
        decision="terminate",
        decision_rationale="Banked daily now.",
    )
    return treated, ended


def overview(client, register) -> str:
    return client.get(reverse("dashboard:register", args=[register.pk])).content.decode()


def dismiss_url(register, rule: str, record: str) -> str:
    url = reverse("checks:dismiss", args=[register.pk])
    return f"{url}?rule={rule}&record={record}"


def test_the_overview_counts_and_lists_the_findings(client, member, register, broken):
    treated, ended = broken
    client.force_login(member)
    html = overview(client, register)
    assert 'id="checks-heading">Consistency checks' in html
    assert "problems</span>" in html.split('id="checks-summary"')[1].split("</p>")[0]
    assert f"{treated.reference} &#x27;Wet floor by the pool&#x27; is to be treated" in html
    assert f"{ended.reference} &#x27;Cash kept overnight&#x27; is terminated" in html
    assert f"?rule=ended-still-open&amp;record=risk%3A{ended.pk}" in html


def test_a_viewer_sees_the_findings_without_a_dismiss_link(client, viewer, register, broken):
    client.force_login(viewer)
    html = overview(client, register)
    assert "is to be treated" in html and "Dismiss as a false alarm" not in html


def test_a_risk_page_shows_only_its_own_findings(client, member, register, broken):
    treated, ended = broken
    client.force_login(member)
    html = client.get(treated.get_absolute_url()).content.decode()
    assert "is to be treated, but no action is recorded" in html
    assert "is terminated but still open" not in html
    Action.objects.create(register=register, description="Mop rota").risks.add(treated)
    html = client.get(treated.get_absolute_url()).content.decode()
    assert "Consistency checks" not in html  # nothing to say: no section at all


def test_dismissing_keeps_the_reason_and_reopening_takes_it_back(client, member, register, broken):
    _treated, ended = broken
    client.force_login(member)
    url = dismiss_url(register, "ended-still-open", f"risk:{ended.pk}")
    assert client.get(url).status_code == 200
    response = client.post(url, {"reason": "too short"})
    assert response.status_code == 200 and not Dismissal.objects.exists()
    assert "Say in a sentence" in response.content.decode()
    response = client.post(
        url, {"reason": "The safe is emptied by the bank's courier, we hold nothing."}
    )
    assert response.status_code == 302
    dismissal = Dismissal.objects.get()
    assert (dismissal.rule, dismissal.record, dismissal.dismissed_by) == (
        "ended-still-open",
        f"risk:{ended.pk}",
        member,
    )
    html = overview(client, register)
    assert "bank&#x27;s courier" in html and "1 dismissed as false alarm" in html
    reopen = (
        reverse("checks:reopen", args=[register.pk])
        + f"?rule=ended-still-open&record=risk:{ended.pk}"
    )
    assert client.get(reopen).status_code == 200
    assert client.post(reopen).status_code == 302
    assert not Dismissal.objects.exists()
    assert client.get(url).status_code == 200  # open again, so it can be dismissed again


def test_only_an_open_finding_of_ones_own_team_can_be_dismissed(
    client, member, viewer, outsider, register, broken
):
    _treated, ended = broken
    url = dismiss_url(register, "ended-still-open", f"risk:{ended.pk}")
    client.force_login(viewer)
    assert client.post(url, {"reason": "A reason long enough to keep."}).status_code == 403
    client.force_login(outsider)
    assert client.post(url, {"reason": "A reason long enough to keep."}).status_code == 404
    client.force_login(member)
    assert client.get(dismiss_url(register, "ended-still-open", "risk:0")).status_code == 404
    assert not Dismissal.objects.exists()


def test_the_pdf_says_which_checks_ran_passed_and_were_dismissed(register, stage, member, broken):
    _treated, ended = broken
    Dismissal.objects.create(
        register=register,
        rule="ended-still-open",
        record=f"risk:{ended.pk}",
        reference=ended.reference,
        reason="Kept open until the bank confirms the new collection.",
        dismissed_by=member,
    )
    exported = export_pdf(register=register, learner=member, options=PackOptions())
    text = " ".join(all_text(exported.pdf).split())
    section = text[text.index("The app read this register") :]
    assert "checks ran" in section
    assert "A treated risk has an action" in section and "1 open" in section
    assert "A tolerated risk is at a level that allows tolerating Problem Passed" in section
    assert "Kept open until the bank confirms the new collection." in section
    assert "Dismissed by" in section
    assert any("Consistency checks" in page for page in page_texts(exported.pdf)[2:])


def test_the_pdf_money_reads_as_on_screen(register, stage, member):
    risk = make_risk(register, stage=stage, rating=(2, 2, 2, 2))
    action = Action.objects.create(
        register=register,
        description="A loop test kit",
        cost_annual=Decimal("120"),
        benefit_other="A legal duty",
    )
    action.risks.add(risk)
    option = Action.objects.create(
        register=register,
        description="Full-height turnstiles",
        status="cancelled",
        cost_one_off=Decimal("18000"),
    )
    option.risks.add(risk)
    exported = export_pdf(
        register=register, learner=member, options=PackOptions(sections=("analysis",))
    )
    text = " ".join(all_text(exported.pdf).split())
    assert "-£120.00" in text and "£-120" not in text
    assert "no payback: costs more each year than it saves" in text
    assert "Beyond money: A legal duty" in text
    totals = text[text.index("Total") : text.index("Options considered")]
    assert "£18,000.00" not in totals  # the rejected option is outside the totals
    assert "Full-height turnstiles" in text[text.index("Options considered") :]
    assert text.count("Total") == 1


def test_a_risk_page_dates_its_references_and_flags_revoked_law(client, member, register, stage):
    from assessments.models import Reference

    risk = make_risk(register, stage=stage, rating=(1, 1, 1, 1))
    risk.references.add(
        Reference.objects.get(title="Consumer Protection from Unfair Trading Regulations 2008"),
        Reference.objects.get(title="Equality Act 2010"),
    )
    client.force_login(member)
    html = client.get(risk.get_absolute_url()).content.decode()
    assert 'Revoked 6 Apr 2025</span> <span class="small">replaced by Digital Markets' in html
    assert (
        'Equality Act 2010</a> <span class="small text-body-secondary">2010 c. 15</span> '
        '<span class="small text-body-secondary">(checked 5 Dec 2026)</span>' in html
    )
    assert "cites Consumer Protection from Unfair Trading Regulations 2008" in html
