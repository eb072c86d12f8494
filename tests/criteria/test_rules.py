"""Each coverage rule, evidenced and not, on small registers built in the test."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest
import time_machine
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache

from assessments.models import (
    Action,
    AwarenessRecord,
    Category,
    Consultation,
    Decision,
    Identification,
    PestleItem,
    SwotItem,
)
from criteria.catalogue import CATALOGUE
from criteria.coverage import (
    CRITERIA_CACHE_KEY,
    CRITERIA_CACHE_SECONDS,
    EVIDENCED,
    EXPLAIN_GAP,
    EXPLANATION_NEEDED,
    MISSING,
    PARTIAL,
    RULES,
    _status,
    catalogue,
    evaluate,
    evaluate_register,
    load_records,
)
from criteria.models import Criterion, CriterionTag
from criteria.services import tag_record
from tests.builders import (
    build_register_meeting_every_criterion,
    health_and_safety_act,
    make_action,
    make_annotation,
    make_awareness,
    make_consultation,
    make_pestle,
    make_register,
    make_review,
    make_risk,
    make_stage,
    make_swot,
    rate_residual,
)

RATED = (3, 2, 2, 2)


def result(register, code: str):
    (found,) = [r for r in evaluate_register(register) if r.criterion.code == code]
    return found


def statuses(register, *codes: str) -> dict[str, str]:
    """The status each rule decides (for a criterion judged by a person, what its records
    show; its own status waits for the learner's explanation, ``test_statuses.py``)."""
    records = load_records(register)
    return {code: RULES[code](records).status for code in codes}


def rule(register, code: str):
    """What the rule of ``code`` alone decides: status, records and gaps."""
    return RULES[code](load_records(register))


# --- A complete register ---------------------------------------------------------------


#: Criteria the register's records alone can never complete: ER1 needs a witness, the
#: others the learner's explanation.
NOT_BY_RECORDS = {"OCR ER1"} | {entry.code for entry in CATALOGUE if entry.judged_by_person}


def test_it_finds_every_rule_satisfied_on_a_complete_register(register, complete):
    results = evaluate_register(register)
    records = load_records(register)
    assert {r.criterion.code for r in results if r.status != EVIDENCED} == NOT_BY_RECORDS
    assert all(
        RULES[r.criterion.code](records).status == EVIDENCED
        for r in results
        if r.criterion.code not in NOT_BY_RECORDS
    )
    judged = [r for r in results if r.criterion.judged_by_person]
    assert len(judged) == 21
    assert {r.status for r in judged} == {EXPLANATION_NEEDED}
    assert [r.gaps for r in judged] == [[EXPLAIN_GAP]] * 21


def test_it_finds_every_criterion_missing_on_an_empty_register(register):
    results = evaluate_register(register)
    judged = {r.criterion.code for r in results if r.criterion.judged_by_person}
    assert {r.status for r in results if r.criterion.code not in judged} == {MISSING}
    assert {r.status for r in results if r.criterion.code in judged} == {EXPLANATION_NEEDED}
    assert all(r.gaps and not r.evidence for r in results)


def test_it_offers_the_results_the_evidence_pack_relies_on(register, complete):
    first = evaluate_register(register)[0]
    assert first.criterion.code == "NOS PC1"
    assert first.criterion.group == "INSCS027 performance criteria"
    assert first.criterion.source.startswith("NOS INSCS027")
    assert first.criterion.text.startswith("identify the stages")
    assert first.status == EVIDENCED
    assert first.evidence == [complete["arrive"]]
    assert first.gaps == [] and first.explanation is None and first.witnesses == []


# --- PC1, K2, OCR 1.1: moments of truth ------------------------------------------------


def test_it_wants_stages_with_a_moment_of_truth(register):
    assert statuses(register, "NOS PC1", "OCR 1.1", "NOS K2") == dict.fromkeys(
        ["NOS PC1", "OCR 1.1", "NOS K2"], MISSING
    )
    pay = make_stage(register, "Pay")
    partly = result(register, "NOS PC1")
    assert partly.status == PARTIAL
    assert partly.evidence == [pay]
    assert partly.gaps == [
        "Mark the stages that can most impress or disappoint customers as moments of truth, "
        "saying how."
    ]
    arrive = make_stage(
        register, "Arrive", is_moment_of_truth=True, moment_of_truth_note="First impression."
    )
    done = result(register, "OCR 1.1")
    assert (done.status, done.evidence, done.gaps) == (EVIDENCED, [arrive], [])


# --- PC2-5, OCR 1.2-1.5: a risk of each category at every stage ----------------------

CATEGORY_CRITERIA = [
    (Category.FINANCIAL, "NOS PC2", "OCR 1.2", "financial"),
    (Category.REPUTATIONAL, "NOS PC3", "OCR 1.3", "reputational"),
    (Category.HEALTH_SAFETY, "NOS PC4", "OCR 1.4", "health and safety"),
    (Category.SUBSTANDARD_DELIVERY, "NOS PC5", "OCR 1.5", "sub-standard delivery"),
]


@pytest.mark.parametrize(("category", "nos", "ocr", "words"), CATEGORY_CRITERIA)
def test_it_names_the_stages_lacking_a_risk_of_each_category(register, category, nos, ocr, words):
    arrive, pay = make_stage(register, "Arrive"), make_stage(register, "Payment")
    other = next(c for c in Category.values if c != category)
    make_risk(register, stage=pay, category=other)
    assert result(register, nos).status == MISSING
    assert result(register, nos).gaps == [
        f"No {words} risk at stage 'Arrive'.",
        f"No {words} risk at stage 'Payment'.",
    ]
    at_arrival = make_risk(register, stage=arrive, category=category)
    partly = result(register, ocr)
    assert (partly.status, partly.evidence) == (PARTIAL, [at_arrival])
    assert partly.gaps == [f"No {words} risk at stage 'Payment'."]
    make_risk(register, stage=pay, category=category)
    assert statuses(register, nos, ocr) == {nos: EVIDENCED, ocr: EVIDENCED}


def test_it_asks_for_stages_when_risks_have_none(register):
    make_risk(register, category=Category.FINANCIAL)
    partly = result(register, "NOS PC2")
    assert partly.status == PARTIAL
    assert partly.gaps == [
        "Map your customer journey into stages and record a financial risk at each."
    ]


def test_it_ties_knowledge_of_sub_standard_delivery_to_every_stage(register):
    stage = make_stage(register, "Arrive")
    make_risk(register, stage=stage, category=Category.FINANCIAL)
    knowledge = result(register, "NOS K5")
    assert knowledge.status == EXPLANATION_NEEDED
    assert knowledge.gaps == [EXPLAIN_GAP, "No sub-standard delivery risk at stage 'Arrive'."]
    make_risk(register, stage=stage, category=Category.SUBSTANDARD_DELIVERY)
    assert rule(register, "NOS K5").status == EVIDENCED


# --- PC6, PC7, OCR 1.6, 1.7: awareness -------------------------------------------------


def test_it_tells_customer_awareness_from_staff_awareness(register):
    risk = make_risk(register)
    assert statuses(register, "NOS PC6", "NOS PC7") == {"NOS PC6": MISSING, "NOS PC7": MISSING}
    briefing = make_awareness(risk, AwarenessRecord.Audience.STAFF)
    assert statuses(register, "NOS PC6", "OCR 1.7") == {"NOS PC6": MISSING, "OCR 1.7": EVIDENCED}
    assert result(register, "NOS PC7").evidence == [briefing]
    assert "customers were made aware" in result(register, "OCR 1.6").gaps[0]
    sign = make_awareness(risk, AwarenessRecord.Audience.CUSTOMERS)
    assert result(register, "NOS PC6").evidence == [sign]
    assert result(register, "OCR 1.6").status == EVIDENCED


# --- PC8-10, OCR 2.1-2.3, K7, OCR 3.2: every risk rated -------------------------------


@pytest.mark.parametrize(
    ("code", "gap"),
    [
        ("NOS PC8", "Rate the probability (likelihood) of R-002 'Queue'."),
        (
            "NOS PC9",
            "Rate the consequence of R-002 'Queue' for finance, reputation and health and safety.",
        ),
        ("NOS PC10", "Rate R-002 'Queue' to classify it as high, medium or low."),
        ("OCR 2.1", "Rate the probability (likelihood) of R-002 'Queue'."),
        ("OCR 2.3", "Rate R-002 'Queue' to classify it as high, medium or low."),
    ],
)
def test_it_wants_every_risk_rated(register, code, gap):
    assert result(register, code).status == MISSING
    rated = make_risk(register, title="Wet floor", rating=RATED)
    unrated = make_risk(register, title="Queue")
    partly = result(register, code)
    assert partly.status == PARTIAL
    assert partly.evidence == [rated.inherent_rating]
    assert partly.gaps == [gap]
    rate_residual(unrated, (2, 2, 2, 2))
    assert result(register, code).status == EVIDENCED


def test_it_asks_for_an_explanation_first_for_a_knowledge_criterion_with_gaps(register):
    make_risk(register, title="Queue")
    assert result(register, "NOS K7").gaps == [
        EXPLAIN_GAP,
        "Rate R-001 'Queue' to classify it as high, medium or low.",
    ]


# --- PC11, OCR 2.4: consultation with colleagues ---------------------------------------


def test_it_wants_colleagues_consulted_about_actions(register):
    make_consultation(register, Consultation.Group.CUSTOMERS)
    assert result(register, "NOS PC11").status == MISSING
    talk = make_consultation(register, Consultation.Group.TEAM)
    partly = result(register, "OCR 2.4")
    assert (partly.status, partly.evidence) == (PARTIAL, [talk])
    assert partly.gaps == ["Record the actions agreed when you consulted colleagues."]
    talk.actions_agreed = "Hourly floor checks"
    talk.save()
    done = result(register, "NOS PC11")
    assert (done.status, done.evidence, done.gaps) == (EVIDENCED, [talk], [])


# --- PC12, OCR 2.5: actions that lower the risk ----------------------------------------


def test_it_wants_actions_carried_out_and_a_lower_residual_rating(register):
    risk = make_risk(register, rating=(4, 3, 3, 3))
    make_action(register, risk, status=Action.Status.CANCELLED)
    assert result(register, "NOS PC12").status == MISSING
    make_action(register, risk, status=Action.Status.PLANNED)
    partly = result(register, "NOS PC12")
    assert (partly.status, partly.evidence) == (PARTIAL, [])
    assert partly.gaps == [
        "Carry out a planned action and record it as in progress or done.",
        "Re-rate a risk after its actions (a residual rating) to show that the risk went down.",
    ]
    doing = make_action(register, risk, status=Action.Status.IN_PROGRESS)
    rate_residual(risk, (4, 3, 3, 3))
    still = result(register, "OCR 2.5")
    assert still.status == PARTIAL
    assert still.evidence == [doing]
    assert still.gaps == [
        "Re-rate a risk after its actions (a residual rating) to show that the risk went down."
    ]
    risk = rate_residual(risk, (2, 3, 3, 3))
    done = result(register, "NOS PC12")
    assert (done.status, done.evidence) == (EVIDENCED, [doing, risk.residual_rating])


# --- PC13, K13: laws and policies ------------------------------------------------------


def test_it_wants_risks_or_actions_linked_to_laws_and_policies(register):
    risk = make_risk(register)
    action = make_action(register, risk)
    assert statuses(register, "NOS PC13", "NOS K13") == {"NOS PC13": MISSING, "NOS K13": MISSING}
    action.references.add(health_and_safety_act())
    assert result(register, "NOS PC13").evidence == [action]
    risk.references.add(health_and_safety_act())
    assert result(register, "NOS K13").evidence == [risk, action]
    assert rule(register, "NOS K13").status == EVIDENCED


# --- Knowledge criteria evidenced by matching records ----------------------------------


def test_it_takes_owners_as_evidence_of_responsibility(register, member):
    risk = make_risk(register)
    action = make_action(register, risk)
    assert rule(register, "NOS K1").status == MISSING
    action.owner = member
    action.save()
    found = rule(register, "NOS K1")
    assert (found.status, found.evidence, found.gaps) == (EVIDENCED, [action], [])
    risk.owner_name = "Duty manager"
    risk.save()
    assert result(register, "NOS K1").evidence == [risk, action]


def test_it_wants_a_rating_technique_and_a_review_process(register):
    risk = make_risk(register, rating=RATED)
    partly = rule(register, "NOS K3")
    assert (partly.status, partly.evidence) == (PARTIAL, [risk.inherent_rating])
    assert partly.gaps == ["Record a review meeting to show how your risks are reviewed over time."]
    review = make_review(register, risks=())
    done = rule(register, "OCR 3.1")
    assert (done.status, done.evidence, done.gaps) == (
        EVIDENCED,
        [risk.inherent_rating, review],
        [],
    )


def test_a_review_without_a_rated_risk_is_half_the_technique(register):
    make_risk(register)
    review = make_review(register, risks=())
    partly = rule(register, "OCR ER4")
    assert (partly.status, partly.evidence) == (PARTIAL, [review])
    assert partly.gaps == ["Rate your risks on the register's likelihood x consequence matrix."]


def test_it_wants_financial_reputational_and_safety_risks(register):
    make_risk(register, category=Category.FINANCIAL)
    make_risk(register, category=Category.SUBSTANDARD_DELIVERY)
    partly = result(register, "NOS K4")
    assert partly.status == EXPLANATION_NEEDED
    assert partly.gaps == [
        EXPLAIN_GAP,
        "No reputational risk recorded yet.",
        "No health and safety risk recorded yet.",
    ]
    make_risk(register, category=Category.REPUTATIONAL)
    make_risk(register, category=Category.HEALTH_SAFETY)
    assert rule(register, "OCR 3.3").status == EVIDENCED


def test_it_wants_each_risk_logged_as_cause_event_and_consequence(register):
    full = make_risk(register, cause="Rain", event="Slip", consequence="Injury")
    queue = make_risk(register, title="Queue", cause="Rush hour")
    partly = rule(register, "NOS K6")
    assert (partly.status, partly.evidence) == (PARTIAL, [full])
    assert partly.gaps == ["Complete the cause, event and consequence of R-002 'Queue'."]
    queue.event, queue.consequence = "A long wait", "Complaints"
    queue.save()
    done = rule(register, "NOS K6")
    assert (done.status, done.evidence, done.gaps) == (EVIDENCED, [full, queue], [])


def test_it_wants_minuted_reviews_as_the_records_of_risk_assessment(register):
    assert rule(register, "NOS K8").status == MISSING
    unminuted = make_review(register, risks=(), minutes="")
    partly = rule(register, "NOS K8")
    assert (partly.status, partly.evidence) == (PARTIAL, [unminuted])
    assert partly.gaps == ["Add the minutes of your review meetings."]
    minuted = make_review(register, risks=())
    done = rule(register, "NOS K8")
    assert (done.status, done.evidence, done.gaps) == (EVIDENCED, [minuted], [])


def test_it_wants_an_action_with_costs_and_benefit(register):
    risk = make_risk(register)
    make_action(register, risk, cost_one_off=Decimal("100"))
    make_action(register, risk, benefit_annual=Decimal("400"))  # a benefit at no cost
    assert statuses(register, "NOS K9", "OCR 3.4") == {"NOS K9": MISSING, "OCR 3.4": MISSING}
    costed = make_action(register, risk, cost_annual=Decimal("50"), benefit_annual=Decimal("400"))
    done = rule(register, "OCR 3.4")
    assert (done.status, done.evidence, done.gaps) == (EVIDENCED, [costed], [])


def test_it_wants_a_swot_and_a_pestle_linked_to_risks(register):
    risk = make_risk(register)
    swot = make_swot(register, risk, quadrant=SwotItem.Quadrant.STRENGTH)
    partly = rule(register, "NOS K10")
    assert (partly.status, partly.evidence) == (PARTIAL, [swot])
    assert partly.gaps == [
        "Add a PESTLE analysis: political, economic, social, technological, legal and "
        "environmental factors."
    ]
    pestle = make_pestle(register, factor=PestleItem.Factor.ECONOMIC)
    assert rule(register, "OCR 3.5").status == EVIDENCED
    linked = rule(register, "NOS K11")
    assert (linked.status, linked.evidence) == (PARTIAL, [swot])
    assert linked.gaps[0] == "Link a PESTLE item to the risks it informs."
    pestle.risks.add(risk)
    assert rule(register, "NOS K11").status == EVIDENCED


def test_it_wants_the_colleagues_who_manage_risk_consulted(register):
    make_consultation(register, Consultation.Group.TEAM)
    assert rule(register, "NOS K12").status == MISSING
    manager = make_consultation(register, Consultation.Group.MANAGERS)
    done = rule(register, "NOS K12")
    assert (done.status, done.evidence, done.gaps) == (EVIDENCED, [manager], [])


# --- OCR evidence requirements 5-8 ------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "ways"),
    [
        ("OCR ER5a", [Identification.OBSERVATION, Identification.RECORDS]),
        ("OCR ER5b", [Identification.INSPECTION]),
        ("OCR ER5c", [Identification.CONSULTATION]),
    ],
)
def test_it_reads_how_each_risk_was_identified(register, code, ways):
    assert result(register, code).status == MISSING
    others = [way for way in Identification.values if way not in ways]
    for way in others:
        make_risk(register, identified_how=way)
    make_risk(register)
    missing = result(register, code)
    assert missing.status == MISSING
    assert missing.gaps[1] == "Say how you identified your risks (1 do not say yet)."
    found = [make_risk(register, identified_how=way) for way in ways]
    done = result(register, code)
    assert (done.status, done.evidence, done.gaps) == (EVIDENCED, found, [])


def test_it_wants_each_risk_with_consequences_probability_and_a_judgement(register):
    judged = make_risk(
        register,
        consequence="Injury",
        rating=RATED,
        decision=Decision.TOLERATE,
        decision_rationale="Rare and minor.",
    )
    make_risk(register, title="Queue", rating=RATED)
    make_risk(register, title="Refund")
    partly = result(register, "OCR ER6")
    assert (partly.status, partly.evidence) == (PARTIAL, [judged])
    assert partly.gaps == [
        "Give R-002 'Queue' its consequences and a decision about action.",
        "Give R-003 'Refund' its consequences, a rating of its probability and consequences "
        "and a decision about action.",
    ]


def test_it_names_the_one_thing_a_risk_lacks_on_its_own(register):
    make_risk(register, title="Queue", consequence="Complaints", rating=RATED)
    assert result(register, "OCR ER6").gaps == ["Give R-001 'Queue' a decision about action."]


def test_it_wants_two_of_the_three_groups_consulted(register):
    make_consultation(register, Consultation.Group.CUSTOMERS)
    make_consultation(register, Consultation.Group.COMPLIANCE)
    assert result(register, "OCR ER7").status == MISSING
    team = make_consultation(register, Consultation.Group.TEAM)
    partly = result(register, "OCR ER7")
    assert (partly.status, partly.evidence) == (PARTIAL, [team])
    assert partly.gaps == [
        "So far you have worked only with team members or colleagues; record a consultation "
        "with suppliers or service partners, or with supervisors, team leaders or managers."
    ]
    partner = make_consultation(register, Consultation.Group.PARTNERS)
    done = result(register, "OCR ER7")
    assert (done.status, set(done.evidence)) == (EVIDENCED, {team, partner})


def test_it_wants_a_treated_and_a_tolerated_risk(register):
    treated = make_risk(register, decision=Decision.TREAT, decision_rationale="Too likely.")
    assert statuses(register, "OCR ER8a", "OCR ER8b") == {"OCR ER8a": MISSING, "OCR ER8b": MISSING}
    make_action(register, treated)
    assert result(register, "OCR ER8a").evidence == [treated]
    assert result(register, "OCR ER8a").status == EVIDENCED
    assert result(register, "OCR ER8b").gaps == [
        "Record a risk you judged tolerable (decision: tolerate) and why."
    ]
    tolerated = make_risk(register, decision=Decision.TOLERATE, decision_rationale="Rare.")
    assert result(register, "OCR ER8b").evidence == [tolerated]
    assert result(register, "OCR ER8b").status == EVIDENCED


def test_it_wants_the_organisation_named_and_reviews_over_time(register):
    register.organisation = ""
    register.save()
    assert statuses(register, "OCR ER2", "OCR ER3") == {"OCR ER2": MISSING, "OCR ER3": MISSING}
    register.organisation = "Riverside Leisure Trust"
    register.save()
    first = make_review(register, risks=())
    assert statuses(register, "OCR ER2", "OCR ER3") == {"OCR ER2": EVIDENCED, "OCR ER3": PARTIAL}
    second = make_review(register, risks=(), date=first.date.replace(day=first.date.day + 7))
    assert rule(register, "OCR ER3").status == EVIDENCED
    assert set(rule(register, "OCR ER3").evidence) == {first, second}


def test_it_wants_two_contrasting_examples_with_actions(register):
    money = make_risk(register, category=Category.FINANCIAL)
    more_money = make_risk(register, category=Category.FINANCIAL)
    safety = make_risk(register, category=Category.HEALTH_SAFETY)
    assert result(register, "TIP 1").status == MISSING
    make_action(register, money, more_money)
    partly = result(register, "TIP 1")
    assert (partly.status, partly.evidence) == (PARTIAL, [money, more_money])
    assert partly.gaps == [
        "Every risk with actions is financial; add actions to a risk of another category for "
        "a contrasting example."
    ]
    make_action(register, safety)
    done = result(register, "TIP 1")
    assert (done.status, done.evidence, done.gaps) == (EVIDENCED, [money, more_money, safety], [])


# --- Scale ------------------------------------------------------------------------------


def test_it_loads_a_register_in_a_fixed_number_of_queries(
    register, team, complete, django_assert_num_queries
):
    evaluate_register(register)  # warm the content-type cache and the cached catalogue
    with django_assert_num_queries(12):
        small = load_records(register)
    bigger = make_register(team, title="Bigger")
    build_register_meeting_every_criterion(bigger)
    for n in range(10):
        stage = make_stage(bigger, f"Extra {n}")
        risk = make_risk(bigger, stage=stage, rating=RATED)
        make_action(bigger, risk)
        make_awareness(risk)
        make_consultation(bigger)
        make_review(bigger, risks=())
        make_swot(bigger, risk)
        make_pestle(bigger, risk)
    with django_assert_num_queries(12):
        large = load_records(bigger)
    assert len(large.risks) == len(small.risks) + 10
    with django_assert_num_queries(0):
        evaluate(large)


# --- The catalogue of criteria, kept in the cache --------------------------------------


def test_it_reads_the_catalogue_once_then_from_the_cache(register, django_assert_num_queries):
    evaluate_register(register)  # warm the content-type cache
    cache.clear()
    with django_assert_num_queries(13):
        load_records(register)
    with django_assert_num_queries(12):
        records = load_records(register)
    assert [c.code for c in records.criteria] == list(
        Criterion.objects.values_list("code", flat=True)
    )


def test_it_sees_a_changed_criterion_at_the_next_evaluation(register):
    before = result(register, "NOS PC1")
    assert before.status == MISSING and EXPLAIN_GAP not in before.gaps
    criterion = Criterion.objects.get(code="NOS PC1")
    criterion.text = "Reworded by a later edition of the standard"
    criterion.judged_by_person = True
    criterion.save()
    after = result(register, "NOS PC1")
    assert after.criterion.text == "Reworded by a later edition of the standard"
    assert after.status == EXPLANATION_NEEDED  # judged by a person now
    assert after.gaps[0] == EXPLAIN_GAP

    Criterion.objects.get(code="TIP 1").delete()
    assert "TIP 1" not in {r.criterion.code for r in evaluate_register(register)}


def test_it_reloads_a_cached_catalogue_that_lacks_a_tagged_criterion(register, member):
    evaluate_register(register)
    # As if another process added NOS K3 after this one cached the catalogue.
    cache.set(CRITERIA_CACHE_KEY, [c for c in cache.get(CRITERIA_CACHE_KEY) if c.code != "NOS K3"])
    note = make_annotation(register, risk=make_risk(register))
    criterion = Criterion.objects.get(code="NOS K3")
    tag_record(register=register, criterion=criterion, record=note, by=member)
    assert note in result(register, "NOS K3").evidence
    assert "NOS K3" in {c.code for c in cache.get(CRITERIA_CACHE_KEY)}


def test_the_cached_catalogue_is_read_again_once_its_time_is_up(
    register, settings, django_assert_num_queries
):
    # The cache's own default timeout is shorter: the catalogue's is its own.
    settings.CACHES = {"default": {**settings.CACHES["default"], "TIMEOUT": 60}}
    start = dt.datetime(2026, 5, 1, 9, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        catalogue()
        traveller.shift(CRITERIA_CACHE_SECONDS - 1)
        with django_assert_num_queries(0):
            catalogue()
        traveller.shift(2)
        with django_assert_num_queries(1):
            catalogue()


def test_tags_are_read_with_their_taggers_and_all_criteria_tagged_need_no_reload(
    register, member, django_assert_num_queries
):
    note = make_annotation(register, risk=make_risk(register))
    note_type = ContentType.objects.get_for_model(note)
    CriterionTag.objects.bulk_create(
        CriterionTag(
            register=register,
            criterion=criterion,
            content_type=note_type,
            object_id=note.pk,
            tagged_by=member,
        )
        for criterion in Criterion.objects.all()
    )
    evaluate_register(register)  # the catalogue cached
    with django_assert_num_queries(12):
        records = load_records(register)
    with django_assert_num_queries(0):
        assert {tag.tagged_by.username for tag in records.tags} == {member.username}
    assert len(records.tags) == Criterion.objects.count()


def test_a_tag_of_a_record_the_rules_do_not_read_is_left_out(register, member):
    note = make_annotation(register, risk=make_risk(register))
    criterion = Criterion.objects.get(code="NOS K3")
    tag_record(register=register, criterion=criterion, record=note, by=member)
    # Only a write behind the model's back (its save refuses it) can tag another kind.
    CriterionTag.objects.bulk_create(
        [
            CriterionTag(
                register=register,
                criterion=criterion,
                content_type=ContentType.objects.get_for_model(Criterion),
                object_id=criterion.pk,
                tagged_by=member,
            )
        ]
    )
    records = load_records(register)
    assert [(tag.kind, tag.target.pk) for tag in records.tags] == [("annotation", note.pk)]


@pytest.mark.parametrize(
    ("done", "total", "status"),
    [(0, 0, MISSING), (0, 2, MISSING), (1, 2, PARTIAL), (2, 2, EVIDENCED)],
)
def test_a_rule_of_parts_is_missing_partial_or_evidenced(done, total, status):
    assert _status(done, total) == status


# --- Each part counted, nothing more -----------------------------------------------------


def test_a_risk_lacking_any_one_of_cause_event_and_consequence_is_not_logged(register):
    full = {"cause": "Rain", "event": "Slip", "consequence": "Injury"}
    for part in full:
        make_risk(register, title=f"No {part}", **(full | {part: "  "}))
    partly = rule(register, "NOS K6")
    assert (partly.status, partly.evidence) == (MISSING, [])
    assert partly.gaps == [
        "Complete the cause, event and consequence of R-001 'No cause'.",
        "Complete the cause, event and consequence of R-002 'No event'.",
        "Complete the cause, event and consequence of R-003 'No consequence'.",
    ]
    logged = make_risk(register, title="Logged", **full)
    assert rule(register, "NOS K6").evidence == [logged]


def test_a_pestle_without_a_swot_is_half_the_analysis_and_both_linked_complete_it(register):
    risk = make_risk(register)
    pestle = make_pestle(register, risk)
    partly = rule(register, "NOS K10")
    assert (partly.status, partly.evidence) == (PARTIAL, [pestle])
    assert partly.gaps == ["Add a SWOT analysis: strengths, weaknesses, opportunities and threats."]
    linked = rule(register, "NOS K11")
    assert (linked.status, linked.evidence) == (PARTIAL, [pestle])
    assert linked.gaps == ["Link a SWOT item to the risks it informs."]
    swot = make_swot(register, risk)
    for code in ("NOS K10", "NOS K11"):
        done = rule(register, code)
        assert (done.status, done.evidence, done.gaps) == (EVIDENCED, [swot, pestle], [])


def test_an_organisation_of_spaces_is_not_named_and_one_review_day_is_not_over_time(register):
    register.organisation = "   "
    register.save()
    assert rule(register, "OCR ER2").status == MISSING
    register.organisation = "Riverside Leisure Trust"
    register.save()
    assert (rule(register, "OCR ER2").status, rule(register, "OCR ER2").gaps) == (EVIDENCED, [])
    morning = make_review(register, risks=())
    evening = make_review(register, risks=(), date=morning.date)
    same_day = rule(register, "OCR ER3")
    assert (same_day.status, same_day.evidence) == (PARTIAL, [evening, morning])  # newest first
    assert same_day.gaps == [
        "Review your register again on another day, to show your work over time."
    ]
