"""Every status a criterion can have, and every way into and out of it, from the one rule
(``criteria.coverage.judge``) that the coverage page, the pack and the command all read."""

from __future__ import annotations

import json
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command
from django.urls import reverse

from assessments.models import Category, Consultation, Identification
from assessments.reviews import sign_off_review
from criteria.coverage import (
    EVIDENCED,
    EXPLAIN_GAP,
    EXPLAINED,
    EXPLANATION_NEEDED,
    MISSING,
    PARTIAL,
    STATUS_LABELS,
    WITNESSED,
    evaluate_register,
)
from criteria.models import Criterion, Explanation
from criteria.services import tag_record
from evidence.pack import PackOptions, build_pack
from registers.access import get_register
from tests.builders import (
    force_update,
    make_annotation,
    make_consultation,
    make_register,
    make_review,
    make_risk,
    make_stage,
)

pytestmark = pytest.mark.django_db


def result(register, code: str):
    (found,) = [r for r in evaluate_register(register) if r.criterion.code == code]
    return found


def explain(register, code: str, text: str = "In my own words...", by=None) -> Explanation:
    return Explanation.objects.create(
        register=register, criterion=Criterion.objects.get(code=code), text=text, written_by=by
    )


def test_a_rule_criterion_goes_missing_partial_evidenced_and_back(register):
    arrive, pay = make_stage(register, "Arrive"), make_stage(register, "Pay")
    assert result(register, "NOS PC4").status == MISSING
    make_risk(register, stage=arrive, category=Category.HEALTH_SAFETY)
    assert result(register, "NOS PC4").status == PARTIAL
    last = make_risk(register, stage=pay, category=Category.HEALTH_SAFETY)
    assert result(register, "NOS PC4").status == EVIDENCED
    last.delete()
    assert result(register, "NOS PC4").status == PARTIAL


def test_a_person_judged_criterion_needs_then_has_an_explanation(register, member):
    costed = result(register, "OCR 3.4")
    assert (costed.status, costed.gaps[0]) == (EXPLANATION_NEEDED, EXPLAIN_GAP)
    written = explain(register, "OCR 3.4", "Cost/benefit weighs what an action costs...", member)
    done = result(register, "OCR 3.4")
    assert (done.status, done.gaps, done.explanation) == (EXPLAINED, [], written)
    assert done.status_label == "Explained: for the assessor to judge"
    written.delete()
    assert result(register, "OCR 3.4").status == EXPLANATION_NEEDED


def test_a_tag_alone_never_completes_a_person_judged_criterion(register, member):
    note = make_annotation(register, risk=make_risk(register))
    for code in ("NOS K1", "NOS K7", "OCR 3.5", "OCR ER4"):
        tag_record(
            register=register, criterion=Criterion.objects.get(code=code), record=note, by=member
        )
        tagged = result(register, code)
        assert (tagged.status, note in tagged.evidence) == (EXPLANATION_NEEDED, True), code


def test_records_alone_never_complete_a_person_judged_criterion(register):
    make_risk(register, category=Category.FINANCIAL)
    make_risk(register, category=Category.REPUTATIONAL)
    make_risk(register, category=Category.HEALTH_SAFETY)
    knowledge = result(register, "NOS K4")
    assert knowledge.rule_evidence and knowledge.status == EXPLANATION_NEEDED


def test_real_work_is_witnessed_only_by_a_signed_off_witness_statement(
    register, stage, member, supervisor
):
    assert result(register, "OCR ER1").status == MISSING
    review = make_review(register, stage=stage, submit_by=member)
    assert result(register, "OCR ER1").status == MISSING  # submitted, not signed off
    review = sign_off_review(
        review=review,
        by=supervisor,
        comment="Well done.",
        witness_statement="I watched Mia warn customers about the wet floor at the entrance.",
        witnessed_criteria=["OCR ER1", "NOS PC6"],
    )
    witnessed = result(register, "OCR ER1")
    assert (witnessed.status, witnessed.witnesses, witnessed.gaps) == (WITNESSED, [review], [])
    # The ticked performance criterion and the OCR criterion worded as it are witnessed too;
    # what the supervisor did not tick is not.
    assert [result(register, code).status for code in ("NOS PC6", "OCR 1.6")] == [WITNESSED] * 2
    for code in ("NOS PC7", "OCR 1.7", "NOS PC11", "OCR 2.4", "NOS PC13"):
        assert result(register, code).status != WITNESSED, code


def test_a_statement_witnesses_only_the_criteria_ticked(register, stage, member, supervisor):
    review = make_review(register, stage=stage, submit_by=member)
    sign_off_review(review=review, by=supervisor, witness_statement="I saw Mia at the desk.")
    assert result(register, "OCR ER1").status == MISSING  # a statement, nothing ticked


def test_ticks_without_a_statement_or_beyond_the_witnessable_are_refused(
    register, stage, member, supervisor
):
    review = make_review(register, stage=stage, submit_by=member)
    with pytest.raises(ValidationError, match="Write what you saw"):
        sign_off_review(review=review, by=supervisor, witnessed_criteria=["OCR ER1"])
    with pytest.raises(ValidationError, match="cannot be witnessed: NOS K7"):
        sign_off_review(
            review=review, by=supervisor, witness_statement="Saw it.", witnessed_criteria=["NOS K7"]
        )
    review.refresh_from_db()
    assert review.state == review.State.SUBMITTED


def test_a_witnessed_statement_counts_only_once_signed_off(register, stage, member):
    review = make_review(register, stage=stage, submit_by=member)
    force_update(
        type(review).objects.filter(pk=review.pk),
        witness_statement="Typed before sign-off.",
        witnessed_criteria=["OCR ER1"],
    )
    assert result(register, "OCR ER1").status == MISSING


def test_a_signed_off_review_without_a_statement_witnesses_nothing(
    register, stage, member, supervisor
):
    review = make_review(register, stage=stage, submit_by=member)
    sign_off_review(review=review, by=supervisor, comment="Fine.")
    assert result(register, "OCR ER1").status == MISSING


def test_every_status_has_a_label_and_the_summary_counts_them_all(client, register, member):
    explain(register, "NOS K1")
    make_risk(register, identified_how=Identification.INSPECTION)
    make_consultation(register, Consultation.Group.TEAM)
    client.force_login(member)
    summary = client.get(reverse("criteria:coverage", args=[register.pk])).context["summary"]
    assert set(summary) == {*STATUS_LABELS, "total"}
    assert (
        summary["total"]
        == Criterion.objects.count()
        == sum(summary[status] for status in STATUS_LABELS)
    )
    assert summary[EXPLAINED] == 1 and summary[EXPLANATION_NEEDED] == 20
    assert summary[EVIDENCED] >= 1 and summary[MISSING] >= 1


# --- The command, the page and the pack agree -------------------------------------------


def run_coverage(*args) -> list[dict]:
    out = StringIO()
    call_command("coverage", *args, "--json", stdout=out)
    return json.loads(out.getvalue())


def test_the_command_prints_the_statuses_of_the_page_and_the_pack(
    rf, register, stage, member, supervisor
):
    explain(register, "OCR 3.5")
    found = make_risk(register, stage=stage, identified_how=Identification.RECORDS)
    review = make_review(register, stage=stage, submit_by=member)
    sign_off_review(
        review=review,
        by=supervisor,
        comment="Fine.",
        witness_statement="Saw it.",
        witnessed_criteria=["OCR ER1"],
    )
    by_id = run_coverage(str(register.pk))
    assert by_id == run_coverage(register.title)
    assert [row["code"] for row in by_id] == list(Criterion.objects.values_list("code", flat=True))
    assert set(by_id[0]) == {"code", "status", "records", "gaps"}
    statuses = {row["code"]: row["status"] for row in by_id}
    assert statuses["OCR 3.5"] == EXPLAINED
    assert statuses["OCR ER1"] == WITNESSED
    assert statuses["OCR ER5a"] == EVIDENCED
    assert statuses["NOS K1"] == EXPLANATION_NEEDED
    assert {row["code"]: row["records"] for row in by_id}["OCR ER5a"] == [
        f"Risk: {found.reference} {found.title}"
    ]

    request = rf.get("/")
    request.user = member
    pack = build_pack(get_register(request, register.pk), learner=member, options=PackOptions())
    in_pack = {row.code: row.status for group in pack.content.coverage for row in group.rows}
    assert in_pack == statuses
    page = {r.criterion.code: r.status for r in evaluate_register(register)}
    assert page == statuses


def test_the_command_refuses_an_unknown_or_ambiguous_register(register, other_team):
    with pytest.raises(CommandError, match="No register is called 'Nope'"):
        run_coverage("Nope")
    make_register(other_team, title=register.title)
    with pytest.raises(CommandError, match="give the register's id"):
        run_coverage(register.title)


# --- The pack's coverage section, written for the assessor -----------------------------


def test_the_pack_prints_explanations_and_witness_statements_never_the_to_do_list(
    register, stage, member, supervisor
):
    from evidence.services import export_pdf
    from tests.evidence.reading import all_text

    make_risk(register, title="Queue")  # unrated: PC8's to-do names it
    explain(register, "OCR 3.5", "SWOT stands for strengths, weaknesses...", member)
    review = make_review(register, stage=stage, submit_by=member)
    sign_off_review(
        review=review,
        by=supervisor,
        comment="Fine.",
        witness_statement="I saw Mia brief staff.",
        witnessed_criteria=["NOS PC7"],
    )
    todo = next(r for r in evaluate_register(register) if r.criterion.code == "NOS PC8").gaps
    assert todo and "Queue" in todo[0]
    exported = export_pdf(register=register, learner=member, options=PackOptions())
    text = " ".join(all_text(exported.pdf).split())
    assert "Assessor: accepted / referred" in text and "Assessor's comments" in text
    assert "SWOT stands for strengths, weaknesses..." in text
    assert "I saw Mia brief staff." in text
    assert "Explained: for the assessor to judge" in text and "Witnessed" in text
    for gap in [todo[0], EXPLAIN_GAP]:
        assert " ".join(gap.split()) not in text
