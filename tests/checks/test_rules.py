"""Each consistency check on a register that breaks it and on one that does not."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from assessments.models import Action, Annotation, AwarenessRecord, Consultation, Reference, Review
from assessments.services import rate_risk
from checks.loading import register_report, risk_report
from checks.models import Dismissal
from checks.rules import BY_ID, PROBLEM, WORTH_A_LOOK
from criteria.coverage import RULES as COVERAGE_RULES
from criteria.coverage import load_records
from tests.builders import force_update, make_risk, make_stage

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def found(register, rule_id: str) -> list:
    """The open findings of one rule (and the loop over the report really ran)."""
    report = register_report(register, today=TODAY)
    assert BY_ID[rule_id] in report.rules
    return [f for f in report.open if f.rule.id == rule_id]


def rated(register, stage, values, rationale="", *, residual=None, residual_rationale="", **fields):
    """A risk rated inherent ``values`` (L, F, R, H) with ``rationale``, and residual."""
    risk = make_risk(register, stage=stage, **fields)
    for tier, numbers, text in (
        ("inherent", values, rationale),
        ("residual", residual, residual_rationale),
    ):
        if numbers:
            likelihood, finance, reputation, health_safety = numbers
            rate_risk(
                risk=risk,
                tier=tier,
                likelihood=likelihood,
                finance=finance,
                reputation=reputation,
                health_safety=health_safety,
                rationale=text or f"{tier} rating",
            )
    risk.refresh_from_db()
    return risk


@pytest.mark.parametrize(
    ("rationale", "likelihood", "fires"),
    [
        ("No-shows: about 8 a week.", 2, True),
        ("No-shows: about 8 a week.", 5, False),
        ("It failed on 5 of 8 Mondays.", 2, True),
        ("It failed on 5 of 8 Mondays.", 4, False),
        ("It happens twice a year.", 5, True),
        ("It happens twice a year.", 3, False),
        ("It happens most months.", 1, True),
        ("It happens most months.", 4, False),
        ("It happens weekly.", 3, True),
        ("Checked weekly by the duty manager.", 3, False),  # a control, not the risk
    ],
)
def test_likelihood_frequency(register, stage, rationale, likelihood, fires):
    risk = rated(register, stage, (likelihood, 2, 2, 1), rationale)
    findings = found(register, "likelihood-frequency")
    assert bool(findings) is fires
    if fires:
        assert findings[0].record == f"risk:{risk.pk}"
        assert risk.reference in findings[0].message and "“" in findings[0].message


@pytest.mark.parametrize(
    ("rationale", "values", "fires"),
    [
        ("One complaint went to the local paper.", (2, 1, 4, 1), True),
        ("One complaint went to the local paper.", (2, 1, 3, 1), False),
        ("A refund of £2,400 at worst.", (2, 2, 1, 1), True),
        ("A refund of £2,400 at worst.", (2, 3, 1, 1), False),
        ("A fall on the stairs could be a fatality.", (1, 1, 1, 3), True),
        ("A fall on the stairs could be a fatality.", (1, 1, 1, 5), False),
        ("The regulator would be told.", (1, 1, 3, 1), True),
        ("No regulator interest is likely.", (1, 1, 3, 1), False),
        ("£5 a visit, at most.", (1, 3, 1, 1), False),  # a rate, not a sum
    ],
)
def test_consequence_words(register, stage, rationale, values, fires):
    rated(register, stage, values, rationale)
    findings = found(register, "consequence-words")
    assert bool(findings) is fires
    if fires:
        assert "C" in findings[0].message and "Change the" in findings[0].message


def test_tolerating_a_medium_risk_goes_against_the_level(register, stage):
    medium = rated(register, stage, (3, 3, 1, 1), decision="tolerate", decision_rationale="ok")
    rated(register, stage, (1, 2, 1, 1), decision="tolerate", decision_rationale="ok")  # Low
    findings = found(register, "decision-tolerate-level")
    assert [f.record for f in findings] == [f"risk:{medium.pk}"]
    assert "Plan actions to reduce it" in findings[0].message


def test_a_treated_risk_needs_a_live_action(register, stage):
    bare = rated(register, stage, (2, 2, 2, 2), decision="treat", decision_rationale="x")
    cancelled = rated(register, stage, (2, 2, 2, 2), decision="treat", decision_rationale="x")
    acted = rated(register, stage, (2, 2, 2, 2), decision="treat", decision_rationale="x")
    Action.objects.create(register=register, description="Gone", status="cancelled").risks.add(
        cancelled
    )
    Action.objects.create(register=register, description="Do it").risks.add(acted)
    records = {f.record for f in found(register, "decision-treat-no-action")}
    assert records == {f"risk:{bare.pk}", f"risk:{cancelled.pk}"}


def test_an_ended_risk_is_closed(register, stage):
    still_open = rated(register, stage, (1, 1, 1, 1), decision="terminate", decision_rationale="x")
    rated(
        register, stage, (1, 1, 1, 1), decision="terminate", decision_rationale="x", status="closed"
    )
    transferred = rated(register, stage, (1, 1, 1, 1), decision="transfer", decision_rationale="x")
    records = {f.record for f in found(register, "ended-still-open")}
    assert records == {f"risk:{still_open.pk}", f"risk:{transferred.pk}"}


def test_a_residual_above_the_inherent_rating_says_why(register, stage):
    silent = rated(register, stage, (2, 2, 2, 2), residual=(3, 2, 2, 2))
    rated(
        register,
        stage,
        (2, 2, 2, 2),
        residual=(3, 2, 2, 2),
        residual_rationale="Higher now the car park closed.",
    )
    noted = rated(register, stage, (2, 2, 2, 2), residual=(3, 2, 2, 2))
    Annotation.objects.create(register=register, assessment=noted.residual_rating, text="Why")
    assert [f.record for f in found(register, "residual-higher")] == [f"risk:{silent.pk}"]


def test_a_residual_below_the_inherent_rating_follows_an_action_done(register, stage):
    planned = rated(register, stage, (4, 3, 3, 3), residual=(2, 3, 3, 3))
    done = rated(register, stage, (4, 3, 3, 3), residual=(2, 3, 3, 3))
    Action.objects.create(register=register, description="Soon").risks.add(planned)
    Action.objects.create(
        register=register, description="Done", status="done", completed_on=TODAY
    ).risks.add(done)
    assert [f.record for f in found(register, "residual-lower-no-action")] == [f"risk:{planned.pk}"]


def _backdate(risk, days: int) -> None:
    moment = timezone.now() - dt.timedelta(days=days)
    force_update(type(risk.inherent_rating).objects.filter(risk=risk), assessed_at=moment)


def _review(register, risks, date, *, next_date=None, minutes="", state="submitted"):
    review = Review.objects.create(
        register=register, date=date, next_review_date=next_date, minutes=minutes
    )
    review.risks.set(risks)
    force_update(Review.objects.filter(pk=review.pk), state=state)
    return review


def test_a_high_risk_is_reviewed_every_month(register, stage):
    unreviewed = rated(register, stage, (5, 4, 1, 1))  # 20, High
    reviewed = rated(register, stage, (5, 4, 1, 1))
    for risk in (unreviewed, reviewed):
        _backdate(risk, 90)
    _review(register, [reviewed], TODAY - dt.timedelta(days=7))
    findings = found(register, "review-cadence")
    assert [f.record for f in findings] == [f"risk:{unreviewed.pk}"]
    assert "every 1 month" in findings[0].message


def test_next_review_dates_follow_the_level_escalated_as_high(register, stage):
    escalated = rated(register, stage, (1, 1, 5, 1))  # 5, Medium, but escalated
    assert escalated.inherent_rating.escalated and escalated.inherent_rating.level_code == "medium"
    assert found(register, "next-review-date") == []  # the rating set a month ahead
    force_update(
        type(escalated).objects.filter(pk=escalated.pk),
        next_review_date=TODAY + dt.timedelta(days=91),
    )
    findings = found(register, "next-review-date")
    assert [f.record for f in findings] == [f"risk:{escalated.pk}"]
    assert "escalated" in findings[0].message


def test_a_late_review_says_why(register, stage):
    first = TODAY - dt.timedelta(days=100)
    _review(register, [], first, next_date=first + dt.timedelta(days=30))
    late = _review(register, [], first + dt.timedelta(days=44), minutes="Went well.")
    findings = found(register, "review-late")
    assert [f.record for f in findings] == [f"review:{late.pk}"]
    assert findings[0].rule.severity == WORTH_A_LOOK and "14 days after" in findings[0].message
    force_update(Review.objects.filter(pk=late.pk), minutes="Postponed: the manager was ill.")
    assert found(register, "review-late") == []


def test_a_review_sets_its_next_date_by_the_highest_level(register, stage):
    high = rated(register, stage, (5, 4, 1, 1))
    held = TODAY - dt.timedelta(days=3)
    review = _review(register, [high], held, next_date=held + dt.timedelta(days=91))
    assert [f.record for f in found(register, "review-next-date")] == [f"review:{review.pk}"]
    force_update(Review.objects.filter(pk=review.pk), next_review_date=held + dt.timedelta(days=28))
    assert found(register, "review-next-date") == []


def test_agreed_actions_are_recorded_or_marked(register, stage):
    consultation = Consultation.objects.create(
        register=register,
        group="team",
        people="Desk team",
        summary="Hearing loop",
        actions_agreed="Fit a hearing loop at the front desk; train every advisor to use the loop",
    )
    Action.objects.create(register=register, description="Hearing loop fitted at the front desk")
    findings = found(register, "agreed-action-recorded")
    assert len(findings) == 1 and findings[0].record.startswith(f"consultation:{consultation.pk}:")
    assert "train every advisor" in findings[0].message
    consultation.actions_agreed = (
        "Fit a hearing loop at the front desk; train every advisor to use the loop: not "
        "needed because the supplier trained them when fitting it"
    )
    consultation.save()
    assert found(register, "agreed-action-recorded") == []
    review = Review.objects.create(
        register=register, minutes="Notes.\nAgreed: repaint the wet-floor signs"
    )
    assert len(found(register, "agreed-action-recorded")) == 1
    review.minutes = "Notes.\nAgreed: repaint the wet-floor signs (recorded as action 7)"
    review.save()
    assert found(register, "agreed-action-recorded") == []


def test_customers_are_told_of_the_safety_risks_that_affect_them(register, stage):
    untold = rated(register, stage, (2, 1, 1, 3), category="health_safety", affected="Customers")
    told = rated(register, stage, (2, 1, 1, 3), category="health_safety", affected="Customers")
    rated(register, stage, (2, 1, 1, 3), category="health_safety", affected="Desk staff")
    AwarenessRecord.objects.create(risk=told, audience="customers", method="signage")
    AwarenessRecord.objects.create(risk=untold, audience="staff", method="briefing")
    assert [f.record for f in found(register, "customer-awareness")] == [f"risk:{untold.pk}"]


def test_customers_affected_by_other_risks_are_told_or_the_finding_is_worth_a_look(register, stage):
    untold = rated(register, stage, (2, 1, 2, 1), category="reputational", affected="Members")
    told = rated(register, stage, (2, 1, 2, 1), category="reputational", affected="Members")
    rated(register, stage, (2, 1, 2, 1), category="reputational", affected="Desk staff")
    serious = rated(register, stage, (2, 1, 1, 3), category="health_safety", affected="Members")
    AwarenessRecord.objects.create(risk=told, audience="customers", method="website")
    findings = found(register, "customer-awareness-other")
    assert [f.record for f in findings] == [f"risk:{untold.pk}"]
    assert findings[0].rule.severity == WORTH_A_LOOK and "“Members”" in findings[0].message
    # The safety risk is the problem-level rule's, not reported twice.
    assert [f.record for f in found(register, "customer-awareness")] == [f"risk:{serious.pk}"]


def test_a_stage_without_a_category_is_the_coverage_gap(register):
    covered, bare = make_stage(register, "Booking"), make_stage(register, "Arrival")
    rated(register, covered, (1, 1, 1, 1), category="financial")
    findings = found(register, "stage-category-gap")
    assert findings and all(f.rule.severity == WORTH_A_LOOK for f in findings)
    # One home: the coverage rule of NOS PC2 names the same stage as the check.
    coverage_gaps = COVERAGE_RULES["NOS PC2"](load_records(register)).gaps
    financial = [f for f in findings if f.record.endswith(":financial")]
    assert [f.record for f in financial] == [f"stage:{bare.pk}:financial"]
    assert coverage_gaps == ["No financial risk at stage 'Arrival'."]


def test_revoked_law_is_not_cited(register, stage):
    revoked = Reference.objects.get(
        title="Consumer Protection from Unfair Trading Regulations 2008"
    )
    current = Reference.objects.get(title="Digital Markets, Competition and Consumers Act 2024")
    assert revoked.revoked_on == dt.date(2025, 4, 6) and "Digital Markets" in revoked.replaced_by
    old, new = rated(register, stage, (1, 1, 1, 1)), rated(register, stage, (1, 1, 1, 1))
    old.references.add(revoked)
    new.references.add(current)
    action = Action.objects.create(register=register, description="Rewrite the terms")
    action.references.add(revoked)
    assert [f.record for f in found(register, "revoked-law")] == [f"risk:{old.pk}"]
    assert [f.record for f in found(register, "revoked-law-action")] == [f"action:{action.pk}"]
    assert "revoked" in found(register, "revoked-law")[0].message


def test_the_library_is_current_and_dated():
    titles = dict(Reference.objects.filter(team=None).values_list("title", "last_checked"))
    assert (
        "Reporting of Injuries, Diseases and Dangerous Occurrences Regulations 2013 (RIDDOR)"
        in titles
    )
    assert "Data Protection Act 2018" in titles
    assert "Food Information (Amendment) (England) Regulations 2019 (Natasha's Law)" in titles
    assert all(titles.values()), "every shared reference carries the date it was last checked"


def test_a_dismissed_finding_is_kept_with_its_reason(register, stage, member):
    risk = rated(register, stage, (2, 1, 4, 1), "One complaint went to the local paper.")
    Dismissal.objects.create(
        register=register,
        rule="consequence-words",
        record=f"risk:{risk.pk}",
        reference=risk.reference,
        reason="The paper printed a correction the same day.",
        dismissed_by=member,
    )
    report = register_report(register, today=TODAY)
    assert [f.rule.id for f in report.open if f.rule.id == "consequence-words"] == []
    [(finding, dismissal)] = report.dismissed
    assert finding.record == f"risk:{risk.pk}" and dismissal.reason.startswith("The paper")
    result = next(r for r in report.results if r.rule.id == "consequence-words")
    assert result.passed and result.dismissed == 1
    # The risk page reads the same rules and the same dismissal.
    own = risk_report(register, risk.pk, today=TODAY)
    assert [f.rule.id for f, _d in own.dismissed] == ["consequence-words"]
    assert own.dismissed[0][1].reason == dismissal.reason


def test_the_risk_page_reads_the_same_findings_as_the_register(register, stage):
    risk = rated(
        register,
        stage,
        (2, 1, 4, 1),
        "8 a week; local paper.",
        decision="treat",
        decision_rationale="x",
    )
    whole = {
        (f.rule.id, f.message)
        for f in register_report(register, today=TODAY).open
        if f.risk_id == risk.pk
    }
    own = {(f.rule.id, f.message) for f in risk_report(register, risk.pk, today=TODAY).open}
    assert len(whole) >= 3 and whole == own


def test_every_rule_has_an_id_a_title_and_a_severity():
    assert len(BY_ID) >= 14
    for rule in BY_ID.values():
        assert rule.title and rule.severity in (PROBLEM, WORTH_A_LOOK)
