"""The learner's explanations and signed declarations, as the coverage rules read them: one
query for both, each with its writer, declarations newest first."""

from __future__ import annotations

from datetime import UTC, datetime

from criteria.coverage import _explanations_and_declarations
from criteria.models import DECLARATION_TEXT, Criterion, Declaration, Explanation
from tests.builders import make_register, make_user

EARLY = datetime(2026, 3, 2, 9, 30, tzinfo=UTC)
LATE = datetime(2026, 5, 14, 16, 0, tzinfo=UTC)


def _writer(user) -> tuple:
    return (user.pk, user.first_name, user.last_name, user.username)


def test_it_reads_each_explanation_with_its_writer(register, member, django_assert_num_queries):
    first, second = Criterion.objects.filter(judged_by_person=True)[:2]
    named = make_user("amara.okafor", first_name="Amara", last_name="Okafor")
    written = Explanation.objects.create(
        register=register,
        criterion=first,
        text="Why it matters",
        written_by=named,
        written_at=EARLY,
    )
    orphan = Explanation.objects.create(
        register=register,
        criterion=second,
        text="Left by a former colleague",
        written_by=None,
        written_at=LATE,
    )
    elsewhere = make_register(register.team, title="Another register of the team")
    Explanation.objects.create(register=elsewhere, criterion=first, text="Not this register")

    with django_assert_num_queries(1):
        found, signed = _explanations_and_declarations(register)

    assert set(found) == {first.pk, second.pk} and signed == []
    read = found[first.pk]
    assert (read.pk, read.register, read.criterion_id, read.text, read.written_at) == (
        written.pk,
        register,
        first.pk,
        "Why it matters",
        EARLY,
    )
    assert _writer(read.written_by) == _writer(named)
    assert found[second.pk].pk == orphan.pk and found[second.pk].written_by is None


def test_it_reads_declarations_newest_first_with_who_signed(register, member):
    member.first_name, member.last_name = "Priya", "Shah"
    member.save()
    plain = make_user("sam.lee")
    old = Declaration.objects.create(
        register=register, signed_by=member, signed_at=EARLY, text="An earlier wording"
    )
    late_first = Declaration.objects.create(register=register, signed_by=plain, signed_at=LATE)
    late_second = Declaration.objects.create(register=register, signed_by=member, signed_at=LATE)
    Declaration.objects.create(
        register=make_register(register.team, title="Another register of the team"),
        signed_by=member,
        signed_at=LATE,
    )

    found, signed = _explanations_and_declarations(register)

    assert found == {}
    assert [d.pk for d in signed] == [late_second.pk, late_first.pk, old.pk]
    newest = signed[0]
    assert (newest.register, newest.text, newest.signed_at) == (register, DECLARATION_TEXT, LATE)
    assert signed[2].text == "An earlier wording"
    assert _writer(newest.signed_by) == _writer(member)
    assert _writer(signed[1].signed_by) == (plain.pk, "", "", "sam.lee")
