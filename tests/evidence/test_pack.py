"""The pack's content: a fixed number of queries, a hash that follows the evidence."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from assessments.models import Action, Annotation, AwarenessRecord, Consultation, Review
from criteria.coverage import evaluate_register
from criteria.models import Criterion, CriterionTag
from evidence.pack import SECTION_CODES, PackOptions, build_pack
from registers.models import Register
from tests import builders

WITHOUT_COVERAGE = tuple(code for code in SECTION_CODES if code != "coverage")


def _fresh(register) -> Register:
    return Register.objects.select_related("team", "matrix", "owner").get(pk=register.pk)


def _grow(register, stage, n: int = 5) -> None:
    """More of every kind of row."""
    for i in range(n):
        risk = builders.make_risk(register, stage=stage, title=f"Extra {i}", rating=(3, 3, 3, 3))
        action = Action.objects.create(
            register=register, description=f"Extra action {i}", cost_one_off=Decimal("10")
        )
        action.risks.add(risk)
        Consultation.objects.create(
            register=register, risk=risk, group="team", people=f"Person {i}", summary="x"
        )
        AwarenessRecord.objects.create(risk=risk, audience="staff", method="briefing")
        Annotation.objects.create(register=register, risk=risk, text=f"Extra note {i}")
        review = Review.objects.create(register=register, date=dt.date(2026, 3, 1))
        review.risks.add(risk)


@pytest.mark.parametrize(
    ("options", "queries"),
    [
        # The consistency checks read the pack's rows again (their dismissals are cached);
        # the exhibits are one query (exhibits.pack); the coverage rules still run for the
        # criterion codes in the margin.
        (PackOptions(sections=WITHOUT_COVERAGE), 13),
        # The coverage rules read the pack's rows again only for the criterion tags and the
        # learner's explanations and declarations (one query).
        (PackOptions(), 13),
        # Redacting names reads the team's members too.
        (PackOptions(redact_names=True), 14),
    ],
    ids=["without coverage", "everything", "redacted"],
)
def test_it_reads_the_register_with_a_fixed_number_of_queries(
    register_with_names, member, django_assert_num_queries, options, queries
):
    register_with_names.matrix.spec  # noqa: B018  (the matrix spec is cached after a first use)
    build_pack(_fresh(register_with_names), learner=member, options=options)  # criteria cached
    register = _fresh(register_with_names)
    with django_assert_num_queries(queries):  # the matrix spec comes from the cache
        build_pack(register, learner=member, options=options)

    _grow(register_with_names, register_with_names.stages.first())
    register = _fresh(register_with_names)
    with django_assert_num_queries(queries):  # the matrix spec comes from the cache
        pack = build_pack(register, learner=member, options=options)
    assert len(pack.content.risks) == 8


def test_its_coverage_judges_as_the_coverage_page_does(register_with_names, member):
    """The pack hands the rows it read to the coverage rules; the page reads its own."""
    CriterionTag.objects.create(
        register=register_with_names,
        criterion=Criterion.objects.get(code="NOS K11"),
        target=register_with_names.risks.first(),
        tagged_by=member,
    )
    pack = build_pack(_fresh(register_with_names), learner=member, options=PackOptions())
    in_pack = {
        row.code: (row.status, row.status_label, len(row.evidence) + row.more)
        for group in pack.content.coverage
        for row in group.rows
    }
    on_page = {
        result.criterion.code: (
            result.status,
            result.status_label,
            len(result.evidence),
        )
        for result in evaluate_register(_fresh(register_with_names))
    }
    assert in_pack == on_page
    assert len(in_pack) == Criterion.objects.count()
    assert {status for status, *_ in in_pack.values()} >= {"evidenced", "missing"}


def test_it_hashes_the_evidence_the_same_way_until_it_changes(make_pack, register_with_names):
    first, again = make_pack(), make_pack()
    assert first.content_hash == again.content_hash
    assert len(first.content_hash) == 64

    risk = register_with_names.risks.first()
    risk.cause = "A different cause."
    risk.save()
    assert make_pack().content_hash != first.content_hash
    assert make_pack(redact_names=True).content_hash != make_pack().content_hash


def test_it_leaves_out_what_was_not_chosen(make_pack):
    pack = make_pack(sections=("reviews",), annotations=False)
    content = pack.content
    assert [code for code, _ in pack.sections] == ["reviews"]
    assert content.reviews and not content.risks and not content.actions
    assert not content.stages and content.matrix is None
    assert all(not review.notes for review in content.reviews)


def test_it_puts_a_shared_action_and_its_note_in_one_place_only(make_pack):
    with_log = make_pack()
    uses = [use for risk in with_log.content.risks for use in risk.actions]
    assert uses and not any(use.primary for use in uses)  # the action log holds them
    assert [a.description for a in with_log.content.actions if a.notes] == ["Buy a 4G card reader"]

    without_log = make_pack(sections=("risks",))
    primary = [
        (risk.reference, use.entry.description)
        for risk in without_log.content.risks
        for use in risk.actions
        if use.primary
    ]
    assert primary == [("R-001", "Buy a 4G card reader"), ("R-002", "Brief staff on the mats")]


def test_it_rejects_an_unknown_section():
    with pytest.raises(ValueError, match="Unknown sections: nonsense"):
        PackOptions(sections=("risks", "nonsense"))


def test_it_round_trips_options_through_json():
    options = PackOptions(sections=("risks", "context"), annotations=False, redact_names=True)
    assert PackOptions.from_json(options.to_json()) == options
    assert options.sections == ("context", "risks")  # document order
