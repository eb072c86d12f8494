"""Reading a whole register in few queries: every link and analysis item, none of
another register's."""

from __future__ import annotations

import pytest

from assessments.models import Action, PestleItem, Reference, Review, SwotItem
from assessments.reading import analysis_items, register_links
from tests import builders

pytestmark = pytest.mark.django_db


@pytest.fixture
def other(team):
    """A second register of the same team, with links of its own."""
    register = builders.make_register(team, title="Other")
    risk = builders.make_risk(register)
    Action.objects.create(register=register, description="Elsewhere").risks.add(risk)
    SwotItem.objects.create(register=register, quadrant="threat", text="Elsewhere").risks.add(risk)
    return register


def test_it_reads_every_link_of_the_register_in_one_query(
    register, stage, other, django_assert_num_queries
):
    first = builders.make_risk(register, stage=stage, title="First")
    second = builders.make_risk(register, stage=stage, title="Second")
    action = Action.objects.create(register=register, description="Fit a mat")
    action.risks.add(second, first)
    review = Review.objects.create(register=register)
    review.risks.add(first)
    swot = SwotItem.objects.create(register=register, quadrant="weakness", text="Thin cover")
    swot.risks.add(second)
    pestle = PestleItem.objects.create(register=register, factor="legal", text="UK GDPR")
    pestle.risks.add(first, second)
    policy = Reference.objects.create(kind="policy", title="A desk policy")
    law = Reference.objects.create(kind="law", title="Zeta Act")
    code = Reference.objects.create(kind="code", title="B code")
    first.references.add(policy, law, code)

    with django_assert_num_queries(1):
        links = register_links(register)

    assert links.pairs == {
        "action_risk": sorted([(action.pk, first.pk), (action.pk, second.pk)]),
        "review_risk": [(review.pk, first.pk)],
        "swot_risk": [(swot.pk, second.pk)],
        "pestle_risk": sorted([(pestle.pk, first.pk), (pestle.pk, second.pk)]),
        "risk_reference": sorted([(first.pk, policy.pk), (first.pk, law.pk), (first.pk, code.pk)]),
    }
    # In the references' own order: by kind, then title.
    assert links.reference_titles[first.pk] == [
        reference.title for reference in Reference.objects.filter(risks=first)
    ]
    assert links.reference_titles[first.pk] == ["B code", "Zeta Act", "A desk policy"]
    assert links.reference_titles[second.pk] == []


def test_it_reads_the_swot_and_pestle_items_in_one_query(
    register, other, django_assert_num_queries
):
    threat = SwotItem.objects.create(register=register, quadrant="threat", text="Rival gym")
    strength = SwotItem.objects.create(register=register, quadrant="strength", text="Staff")
    legal = PestleItem.objects.create(register=register, factor="legal", text="UK GDPR")
    economic = PestleItem.objects.create(register=register, factor="economic", text="Prices")

    with django_assert_num_queries(1):
        swot, pestle = analysis_items(register)

    assert swot == list(SwotItem.objects.filter(register=register).order_by("quadrant", "pk"))
    assert swot == [strength, threat]
    assert pestle == [economic, legal]
    assert [item.get_quadrant_display() for item in swot] == ["Strength", "Threat"]
    assert [(item.text, item.register_id) for item in pestle] == [
        ("Prices", register.pk),
        ("UK GDPR", register.pk),
    ]
    assert not swot[0]._state.adding  # saved objects, as if read one by one
