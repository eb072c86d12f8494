"""The coverage page judges rows (``assessments.rows``), the PDF pack model instances: the
rules decide the same on either, and rows stand for their records."""

from __future__ import annotations

from django.db.models import Exists, OuterRef

from assessments.models import (
    Action,
    Annotation,
    AwarenessRecord,
    Consultation,
    PestleItem,
    Review,
    Risk,
    SwotItem,
)
from assessments.rows import RiskRow, model_of
from criteria import coverage
from criteria.coverage import RULES, assemble_records, evaluate, load_records
from criteria.presentation import evidence_url
from journeys.models import Stage
from tests.builders import (
    make_action,
    make_annotation,
    make_awareness,
    make_consultation,
    make_review,
    make_risk,
    make_swot,
)


def _linked(through, column: str) -> Exists:
    return Exists(through.objects.filter(**{column: OuterRef("pk")}))


def model_records(register):
    """The register's records as model instances, read as the PDF pack reads them."""
    return assemble_records(
        register,
        stages=list(Stage.objects.filter(register=register)),
        risks=list(
            Risk.objects.filter(register=register)
            .select_related("inherent_rating", "residual_rating")
            .annotate(has_references=_linked(Risk.references.through, "risk_id"))
        ),
        actions=list(
            Action.objects.filter(register=register).annotate(
                has_references=_linked(Action.references.through, "action_id")
            )
        ),
        action_risks=list(
            Action.risks.through.objects.filter(action__register=register)
            .order_by("pk")
            .values_list("action_id", "risk_id")
        ),
        consultations=list(Consultation.objects.filter(register=register)),
        awareness=list(AwarenessRecord.objects.filter(risk__register=register)),
        reviews=list(Review.objects.filter(register=register)),
        annotations=list(Annotation.objects.filter(register=register).select_related("assessment")),
        swot=list(
            SwotItem.objects.filter(register=register).annotate(
                is_linked=_linked(SwotItem.risks.through, "swotitem_id")
            )
        ),
        pestle=list(
            PestleItem.objects.filter(register=register).annotate(
                is_linked=_linked(PestleItem.risks.through, "pestleitem_id")
            )
        ),
    )


def judged(records) -> list[tuple]:
    return [
        (
            r.criterion.code,
            r.status,
            [(model_of(obj), obj.pk) for obj in r.evidence],
            [(model_of(obj), obj.pk) for obj in r.rule_evidence],
            r.gaps,
        )
        for r in evaluate(records)
    ]


def _grow(register, stage) -> None:
    """Some records that leave gaps, beside those that close them."""
    wet = make_risk(
        register, stage=stage, title="Wet floor", rating=(4, 3, 2, 1), residual=(2, 2, 1, 1)
    )
    bare = make_risk(register, stage=stage, title="Queue", consequence="")
    make_action(register, wet, bare, description="Mop hourly")
    make_consultation(register)
    make_awareness(wet)
    make_swot(register, wet)
    make_annotation(register, risk=wet, text="Why I rated it so")
    make_annotation(register, assessment=wet.inherent_rating, text="The first rating")


def test_rows_and_model_instances_are_judged_alike(register, stage, complete):
    _grow(register, stage)
    rows = load_records(register)
    assert isinstance(rows.risks[0], RiskRow)
    assert judged(rows) == judged(model_records(register))


def test_a_rule_lists_each_record_once(register, stage, complete):
    _grow(register, stage)
    records = load_records(register)
    listed = {
        code: [(model_of(obj), obj.pk) for obj in rule(records).evidence]
        for code, rule in RULES.items()
    }
    assert sum(map(len, listed.values())) > len(RULES)  # the rules do list evidence
    twice = {code: found for code, found in listed.items() if len(found) != len(set(found))}
    assert twice == {}


def test_a_row_equals_the_model_instance_of_its_record_only(register, stage):
    risk = make_risk(register, stage=stage, title="Wet floor", rating=(4, 3, 2, 1))
    action = make_action(register, risk)
    records = load_records(register)
    row, rating = records.risks[0], records.risks[0].inherent_rating
    assert row == risk and risk == row and rating == risk.inherent_rating
    assert row.current_rating is rating and row.action_list == (records.actions[0],)
    assert records.actions[0] == action
    assert row != action and row != records.actions[0]
    assert (model_of(row), model_of(risk)) == (Risk, Risk)
    assert {row: 1}[risk] == 1


def test_criteria_that_share_a_rule_run_it_once(register, monkeypatch):
    calls = []
    shared = RULES["NOS PC10"]

    def counted(records):
        calls.append(1)
        return shared(records)

    rules = {code: counted if rule is shared else rule for code, rule in RULES.items()}
    monkeypatch.setattr(coverage, "RULES", rules)
    results = {r.criterion.code: r for r in evaluate(load_records(register))}
    assert len(calls) == 1
    assert results["NOS PC10"].gaps == results["OCR 2.3"].gaps


def test_the_packs_records_come_with_what_they_point_to(register, stage, django_assert_num_queries):
    """``assemble_records`` attaches each record's related records in Python, so naming and
    linking the evidence queries nothing more."""
    _grow(register, stage)
    records = model_records(register)
    [wet, bare] = records.risks
    [mop] = records.actions
    [told] = records.awareness
    risk_note, rating_note = records.annotations
    with django_assert_num_queries(0):
        assert (wet.register, bare.register) == (register, register)
        assert wet.stage is records.stages[0] and wet.inherent_rating.risk is wet
        assert wet.residual_rating.risk is wet
        assert mop.risk_list == [wet, bare] and mop.risk_list[0] is wet
        assert wet.action_list == [mop] and bare.action_list[0] is mop
        assert told.risk is wet
        assert risk_note.risk is wet and risk_note.target is wet
        assert rating_note.assessment.risk is wet
        assert [evidence_url(obj) for obj in (wet, mop, told, risk_note, rating_note)]


def test_the_pack_attaches_every_kind_of_record_a_note_explains(
    register, stage, django_assert_num_queries
):
    risk = make_risk(register, stage=stage, title="Wet floor")
    action = make_action(register, risk)
    consultation = make_consultation(register)
    review = make_review(register, risks=())
    for target in ({"action": action}, {"stage": stage}, {"consultation": consultation}):
        make_annotation(register, text="Why", **target)
    make_annotation(register, review=review, text="Why")
    records = model_records(register)
    with django_assert_num_queries(0):
        targets = [note.target for note in records.annotations]
    assert targets == [action, stage, consultation, review]
    assert [type(t) for t in targets] == [type(action), type(stage), type(consultation), Review]
    by_kind = {
        "action": records.actions[0],
        "stage": records.stages[0],
        "consultation": records.consultations[0],
        "review": records.reviews[0],
    }
    assert [t is by_kind[kind] for t, kind in zip(targets, by_kind, strict=True)] == [True] * 4
