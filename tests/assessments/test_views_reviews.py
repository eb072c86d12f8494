"""Review pages: draft, edit, submit; submitted and signed-off reviews are read-only."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from assessments.models import Review
from assessments.reviews import return_review, sign_off_review
from tests.builders import add_member, make_review, make_risk, make_user

LIST_QUERIES = 5
TODAY = dt.datetime(2026, 3, 10, 12, tzinfo=dt.UTC)


def review_post(risks=(), **overrides) -> dict:
    data = {
        "date": "2026-03-10",
        "reviewer": "",
        "attendees": "Mia, Sam",
        "minutes": "Went through every risk.",
        "outcome": "Two actions agreed.",
        "next_review_date": "",
        "risks": [risk.pk for risk in risks],
    }
    data.update(overrides)
    return data


def detail_url(review) -> str:
    return reverse("assessments:review_detail", args=[review.register_id, review.pk])


@time_machine.travel(TODAY, tick=False)
def test_it_defaults_the_next_review_from_the_highest_current_level(client, member, register):
    make_risk(register, rating=(4, 3, 1, 1))  # medium: 3 months
    make_risk(register, rating=(1, 1, 1, 1))
    client.force_login(member)
    html = client.get(reverse("assessments:review_create", args=[register.pk])).content.decode()
    assert 'value="2026-06-10"' in html


@time_machine.travel(TODAY, tick=False)
def test_it_saves_a_draft_and_fills_in_the_next_review(client, member, register):
    high = make_risk(register, rating=(5, 4, 1, 1))
    low = make_risk(register, rating=(1, 1, 1, 1))
    register.review_months_high = 2
    register.save()
    client.force_login(member)
    response = client.post(
        reverse("assessments:review_create", args=[register.pk]),
        review_post([high, low], reviewer=member.pk),
    )
    review = Review.objects.get()
    assert response["Location"] == detail_url(review)
    assert review.state == "draft" and set(review.risks.all()) == {high, low}
    assert review.next_review_date == dt.date(2026, 5, 10)  # the register's cadence for High


def test_it_submits_a_review_with_a_snapshot(client, member, register):
    review = make_review(register)
    client.force_login(member)
    response = client.post(reverse("assessments:review_submit", args=[register.pk, review.pk]))
    assert response["Location"] == detail_url(review)
    review.refresh_from_db()
    assert review.state == "submitted" and len(review.snapshot) == 2
    html = client.get(detail_url(review)).content.decode()
    assert "Submitted for sign-off" in html and "Waiting for a supervisor" in html
    assert "Edit review" not in html


def test_it_explains_why_a_review_cannot_be_submitted(client, member, register):
    review = Review.objects.create(register=register)
    client.force_login(member)
    response = client.post(
        reverse("assessments:review_submit", args=[register.pk, review.pk]), follow=True
    )
    assert "Choose the risks this review covered" in response.content.decode()
    review.refresh_from_db()
    assert review.state == "draft"


@pytest.mark.parametrize("state", ["submitted", "signed_off"])
def test_it_refuses_to_edit_a_submitted_or_signed_off_review(
    client, member, supervisor, register, state
):
    review = make_review(register, submit_by=member)
    if state == "signed_off":
        second = make_user()
        add_member(register.team, second, "supervisor")
        review = sign_off_review(review=review, by=second, comment="Good work")
    client.force_login(member)
    url = reverse("assessments:review_edit", args=[register.pk, review.pk])
    response = client.post(
        url, review_post(minutes="Rewritten", version=review.version), follow=True
    )
    review.refresh_from_db()
    assert review.minutes != "Rewritten"
    assert "cannot be changed here" in response.content.decode()
    assert client.get(url)["Location"] == detail_url(review)
    submit = client.post(
        reverse("assessments:review_submit", args=[register.pk, review.pk]), follow=True
    )
    assert "only a draft or returned review can be submitted" in submit.content.decode()


def test_it_shows_the_sign_off_block(client, member, supervisor, register):
    review = make_review(register, submit_by=member)
    review = sign_off_review(review=review, by=supervisor, comment="Thorough review")
    client.force_login(member)
    html = client.get(detail_url(review)).content.decode()
    assert "Signed off" in html and "Sam Supervisor" in html and "Thorough review" in html
    assert review.content_hash in html and "Unchanged since sign-off" in html


def test_it_shows_the_return_comment_and_allows_editing_again(client, member, supervisor, register):
    review = make_review(register, submit_by=member)
    review = return_review(review=review, by=supervisor, comment="Add the attendees' roles")
    client.force_login(member)
    html = client.get(detail_url(review)).content.decode()
    assert "Returned for changes" in html and "Add the attendees&#x27; roles" in html
    url = reverse("assessments:review_edit", args=[register.pk, review.pk])
    response = client.post(
        url,
        review_post(
            review.risks.all(), attendees="Mia (member), Sam (supervisor)", version=review.version
        ),
    )
    assert response.status_code == 302
    review.refresh_from_db()
    assert review.attendees == "Mia (member), Sam (supervisor)"


def test_it_refuses_a_stale_edit_of_a_review(client, member, supervisor, register):
    review = make_review(register)
    url = reverse("assessments:review_edit", args=[register.pk, review.pk])
    client.force_login(supervisor)
    client.post(url, review_post(review.risks.all(), minutes="Supervisor's minutes", version=1))
    client.force_login(member)
    html = client.post(
        url, review_post(review.risks.all(), minutes="Member's minutes", version=1)
    ).content.decode()
    review.refresh_from_db()
    assert review.minutes == "Supervisor's minutes"
    assert "Someone else saved a change" in html


@pytest.mark.parametrize("count", [2, 30])
def test_it_lists_reviews_in_a_fixed_number_of_queries(
    settings, client, member, register, count, django_assert_num_queries
):
    settings.SESSION_SAVE_EVERY_REQUEST = False  # count the page's own queries
    risks = [make_risk(register), make_risk(register)]
    for n in range(count):
        make_review(
            register, risks=risks, reviewer=member, date=dt.date(2026, 1, 1) + dt.timedelta(days=n)
        )
    client.force_login(member)
    url = reverse("assessments:review_list", args=[register.pk])
    client.get(url)
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(url)
    assert "Mia Member" in response.content.decode()
