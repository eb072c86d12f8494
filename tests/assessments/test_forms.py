"""Form behaviour that pages rely on: the rating form, tags, risk and review defaults."""

from __future__ import annotations

import datetime as dt

from assessments.forms import RatingForm, RiskForm, TagsField, default_next_review
from tests.builders import make_risk


def test_it_rates_through_the_engine(register):
    form = RatingForm(
        {
            "likelihood": "3",
            "consequence_finance": "2",
            "consequence_reputation": "4",
            "consequence_health_safety": "1",
        },
        spec=register.matrix.spec,
    )
    assert form.is_valid()
    assert form.rating.explanation == "Likelihood 3 × consequence 4 (reputation) = 12: Medium"


def test_it_offers_the_matrix_descriptors_per_dimension(register):
    groups = RatingForm(spec=register.matrix.spec).steps()
    assert [group["legend"] for group in groups] == [
        "Likelihood",
        "Consequence for finance",
        "Consequence for reputation",
        "Consequence for health & safety",
    ]
    assert groups[0]["options"][0] == (
        "1",
        "Rare",
        "Not expected to happen; less than once in five years.",
    )
    assert groups[3]["options"][4][2] == "Fatality or permanent disability."


def test_it_treats_an_untouched_optional_rating_as_none(register):
    form = RatingForm({"title": "x"}, spec=register.matrix.spec, save=True, optional=True)
    assert form.is_valid() and form.is_blank and form.rating is None


def test_it_normalises_tags():
    assert TagsField(required=False).clean(" legal, Legal ,, data protection ") == [
        "legal",
        "data protection",
    ]


def test_it_keeps_the_register_out_of_the_users_hands(register, member, other_register):
    form = RiskForm(
        {"title": "T", "category": "financial", "register": other_register.pk},
        register=register,
        user=member,
    )
    assert form.is_valid(), form.errors
    assert form.instance.register == register


def test_it_takes_the_next_review_from_the_highest_level(register):
    risks = [make_risk(register, rating=(1, 1, 1, 1)), make_risk(register, rating=(5, 5, 1, 1))]
    assert default_next_review(register, risks, dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
    assert default_next_review(register, risks[:1], dt.date(2026, 1, 31)) == dt.date(2026, 7, 31)
    assert default_next_review(register, [], dt.date(2026, 1, 31)) == dt.date(2026, 2, 28)
