"""The admin risk list shows the level as text and colour, and which risks await a
supervisor, in a number of queries that does not grow with the rows."""

from __future__ import annotations

from django.urls import reverse

from assessments.reviews import sign_off_review
from tests.builders import make_review, make_risk

CHANGELIST = "admin:assessments_risk_changelist"


def _listed(response) -> list[str]:
    return [risk.reference for risk in response.context["cl"].result_list]


def test_it_filters_the_risks_awaiting_a_supervisor(
    client, admin_supervisor, second_supervisor, register, stage, member
):
    review = make_review(register, stage=stage, submit_by=member)  # R-001 High, R-002 Low
    make_risk(register, stage=stage, title="Escalated", rating=(1, 5, 1, 1))
    client.force_login(admin_supervisor)

    awaiting = client.get(reverse(CHANGELIST), {"awaiting": "1"})
    assert _listed(awaiting) == ["R-001", "R-003"]
    html = awaiting.content.decode()
    assert '<span class="level level-high">High</span>' in html
    assert "Awaiting supervisor</td>" in html
    assert _listed(client.get(reverse(CHANGELIST), {"awaiting": "0"})) == ["R-002"]

    sign_off_review(review=review, by=second_supervisor)
    assert _listed(client.get(reverse(CHANGELIST), {"awaiting": "1"})) == ["R-003"]


def test_it_pins_the_query_count_of_the_risk_list(
    client, admin_supervisor, register, stage, django_assert_num_queries
):
    make_risk(register, stage=stage, rating=(4, 4, 4, 4), residual=(2, 2, 2, 2))
    client.force_login(admin_supervisor)
    client.get(reverse(CHANGELIST))

    with django_assert_num_queries(8) as few:
        client.get(reverse(CHANGELIST))
    for _ in range(5):
        make_risk(register, stage=stage, rating=(4, 4, 4, 4), residual=(2, 2, 2, 2))
    with django_assert_num_queries(len(few.captured_queries)):
        response = client.get(reverse(CHANGELIST))
    assert len(_listed(response)) == 6
