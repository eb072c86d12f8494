"""How evidence records are named and linked, with their related records loaded once."""

from __future__ import annotations

from django.urls import reverse, set_script_prefix

from assessments.models import AwarenessRecord, Consultation
from criteria import presentation
from criteria.coverage import load_records
from tests.builders import (
    make_action,
    make_annotation,
    make_awareness,
    make_consultation,
    make_pestle,
    make_register,
    make_review,
    make_risk,
    make_swot,
)


def test_it_names_and_links_every_kind_of_evidence(register, stage, django_assert_num_queries):
    risk = make_risk(register, stage=stage, title="Wet floor", rating=(4, 3, 2, 1))
    action = make_action(register, risk, description="Mop the entrance hourly")
    consultation = make_consultation(register, Consultation.Group.MANAGERS)
    review = make_review(register, risks=())
    make_awareness(risk)
    make_annotation(register, risk=risk, text="Why I rated it so")
    make_annotation(register, action=action, text="Why this action")
    make_swot(register, risk, text="Icy car park")
    make_pestle(register, risk, text="New licensing rules")
    records = load_records(register)
    register_id = register.pk

    def page(name: str, **kwargs) -> str:
        return reverse(name, kwargs={"register_id": register_id, **kwargs})

    risk_page = page("assessments:risk_detail", number=risk.number)
    rating = records.risks[0].inherent_rating
    risk_note, action_note = records.annotations
    expected = [
        (records.risks[0], "Risk", "R-001 Wet floor", risk_page),
        (
            rating,
            "Rating",
            "R-001 inherent: Likelihood 4 × consequence 3 (finance) = 12: Medium",
            f"{risk_page}#rating-{rating.pk}",
        ),
        (records.stages[0], "Stage", "Booking", f"{page('journeys:stage_list')}#stage-{stage.pk}"),
        (
            records.actions[0],
            "Action",
            "Mop the entrance hourly",
            f"{page('assessments:action_list')}#action-{action.pk}",
        ),
        (
            records.consultations[0],
            "Consultation",
            "2 Mar 2026 with supervisors or managers",
            f"{page('assessments:consultation_list')}#consultation-{consultation.pk}",
        ),
        (
            records.awareness[0],
            "Awareness",
            "Customers told by signs about R-001",
            page("assessments:awareness_list"),
        ),
        (
            records.reviews[0],
            "Review",
            "Meeting on 2 Mar 2026",
            page("assessments:review_detail", review_id=review.pk),
        ),
        (risk_note, "Annotation", "Why I rated it so", f"{risk_page}#annotation-{risk_note.pk}"),
        (
            action_note,
            "Annotation",
            "Why this action",
            f"{page('assessments:action_list')}#action-{action.pk}",
        ),
        (records.swot[0], "SWOT", "Threat: Icy car park", page("assessments:analysis")),
        (records.pestle[0], "PESTLE", "Legal: New licensing rules", page("assessments:analysis")),
    ]
    with django_assert_num_queries(0):
        found = [
            (
                obj,
                presentation.evidence_kind(obj),
                presentation.evidence_label(obj),
                presentation.evidence_url(obj),
            )
            for obj, *_ in expected
        ]
    assert found == expected


def test_it_gives_no_link_for_a_page_that_does_not_exist():
    assert presentation._reverse("assessments:no_such_page", register_id="x") is None


def test_it_shortens_long_text_with_an_ellipsis():
    assert presentation.shorten("short") == "short"
    assert presentation.shorten("word " * 30, 20) == "word word word word…"


def test_it_words_an_awareness_record_as_the_record_itself_does(register, stage):
    risk = make_risk(register, stage=stage)
    told = make_awareness(risk, method=AwarenessRecord.Method.VERBAL)
    assert presentation.evidence_label(told) == f"Customers told in person about {risk.reference}"


def test_each_record_gets_its_own_numbers_in_an_address_worked_out_once(register, stage):
    """``_reverse`` works an address out once per page and register and puts each record's
    numbers in it: the result is ``reverse``'s, under whatever script prefix is in force."""
    risks = [make_risk(register, stage=stage, title=f"Risk {n}") for n in range(3)]
    other = make_risk(make_register(register.team), title="Elsewhere")

    def expected(risk) -> str:
        kwargs = {"register_id": risk.register_id, "number": risk.number}
        return reverse("assessments:risk_detail", kwargs=kwargs)

    found = [presentation.evidence_url(risk) for risk in [*risks, other]]
    assert found == [expected(risk) for risk in [*risks, other]]
    assert len(set(found)) == 4
    set_script_prefix("/portal/")
    try:
        prefixed = presentation.evidence_url(risks[1])
    finally:
        set_script_prefix("/")
    assert prefixed == "/portal" + expected(risks[1])
    assert (
        presentation._reverse(
            "assessments:review_detail", "why", register_id=register.pk, review_id=7
        )
        == reverse("assessments:review_detail", kwargs={"register_id": register.pk, "review_id": 7})
        + "#why"
    )
