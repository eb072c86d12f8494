"""Supervisors sign off or return their teams' reviews in the admin, singly or in bulk."""

from __future__ import annotations

import pytest
from django.contrib.messages import get_messages
from django.core import mail
from django.db.models import ProtectedError
from django.urls import reverse

from assessments.models import Review, Risk
from assessments.reviews import integrity, sign_off_review
from tests.builders import force_update, make_review

CHANGELIST = "admin:assessments_review_changelist"


def _change(review) -> str:
    return reverse("admin:assessments_review_change", args=[review.pk])


def _decide(review) -> str:
    return reverse("admin:assessments_review_decide", args=[review.pk])


def _messages(response) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_it_opens_on_the_reviews_awaiting_sign_off(
    client, admin_supervisor, submitted_review, register, other_review
):
    draft = make_review(register, date=submitted_review.date)
    client.force_login(admin_supervisor)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    assert [r.pk for r in response.context["cl"].result_list] == [submitted_review.pk]
    html = response.content.decode()
    for text in ["Front Desk", "Mia Member", "High or escalated", "Awaiting sign-off"]:
        assert text in html
    everything = client.get(reverse(CHANGELIST), {"state": "all"})
    assert {r.pk for r in everything.context["cl"].result_list} == {submitted_review.pk, draft.pk}


def test_it_counts_the_high_or_escalated_risks(client, admin_supervisor, submitted_review):
    client.force_login(admin_supervisor)
    response = client.get(reverse(CHANGELIST))
    assert response.context["cl"].model_admin.high_or_escalated(submitted_review) == 1
    assert '<td class="field-high_or_escalated">1</td>' in response.content.decode()


def test_it_pins_the_query_count_of_the_list(
    client, admin_supervisor, submitted_review, register, member, django_assert_num_queries
):
    client.force_login(admin_supervisor)
    client.get(reverse(CHANGELIST))  # warm the session and content types

    with django_assert_num_queries(8):
        client.get(reverse(CHANGELIST))
    for _ in range(3):
        make_review(register, submit_by=member)
    with django_assert_num_queries(8):
        response = client.get(reverse(CHANGELIST))
    assert response.context["cl"].result_count == 4


def test_it_shows_the_minutes_and_the_snapshot_as_a_table(
    client, admin_supervisor, submitted_review
):
    client.force_login(admin_supervisor)
    response = client.get(_change(submitted_review))
    html = response.content.decode()
    assert "the wet floor needs mats" in html
    assert '<span class="level level-high">High</span>' in html
    assert "R-001 Wet floor at the entrance" in html
    assert 'name="decision" value="sign_off"' in html
    assert 'name="decision" value="return"' in html
    assert 'name="_save"' not in html  # submitted: the content is read-only


def test_it_signs_off_a_review_with_a_comment(
    client, admin_supervisor, submitted_review, django_capture_on_commit_callbacks
):
    client.force_login(admin_supervisor)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            _decide(submitted_review), {"decision": "sign_off", "comment": "Clear minutes."}
        )
    assert response.status_code == 302
    assert response.url == reverse(CHANGELIST)
    submitted_review.refresh_from_db()
    assert submitted_review.state == Review.State.SIGNED_OFF
    assert submitted_review.signed_off_by == admin_supervisor
    assert submitted_review.sign_off_comment == "Clear minutes."
    assert [m.to for m in mail.outbox] == [["mia@example.org"]]
    assert not Risk.objects.awaiting_supervisor().exists()


def test_it_returns_a_review_with_a_comment(client, admin_supervisor, submitted_review):
    client.force_login(admin_supervisor)
    client.post(_decide(submitted_review), {"decision": "return", "comment": "Add attendees."})
    submitted_review.refresh_from_db()
    assert submitted_review.state == Review.State.RETURNED
    assert submitted_review.return_comment == "Add attendees."


def test_it_explains_a_return_without_comment(client, admin_supervisor, submitted_review):
    client.force_login(admin_supervisor)
    response = client.post(_decide(submitted_review), {"decision": "return", "comment": ""})
    assert response.url == _change(submitted_review)
    assert any("Say what needs changing" in m for m in _messages(response))
    submitted_review.refresh_from_db()
    assert submitted_review.state == Review.State.SUBMITTED


def test_it_refuses_and_explains_signing_off_ones_own_review(
    client, admin_supervisor, register, stage
):
    own = make_review(register, stage=stage, submit_by=admin_supervisor)
    client.force_login(admin_supervisor)
    page = client.get(_change(own)).content.decode()
    assert "You cannot sign it off: You submitted this review" in page
    assert 'value="sign_off"' not in page
    response = client.post(_decide(own), {"decision": "sign_off", "comment": ""})
    assert any("another supervisor must sign it off" in m for m in _messages(response))
    own.refresh_from_db()
    assert own.state == Review.State.SUBMITTED


def test_it_refuses_a_staff_member_who_is_not_a_supervisor(
    client, member, supervisors_group, submitted_review
):
    member.is_staff = True
    member.save()
    member.groups.add(supervisors_group)
    client.force_login(member)
    # The admin shows a user only the teams they supervise: to a member, nothing.
    assert client.get(reverse(CHANGELIST)).context["cl"].result_count == 0
    assert client.post(_decide(submitted_review), {"decision": "sign_off"}).status_code == 404
    submitted_review.refresh_from_db()
    assert submitted_review.state == Review.State.SUBMITTED


def test_it_refuses_a_site_administrator_outside_the_team(client, site_admin, submitted_review):
    client.force_login(site_admin)
    response = client.post(_decide(submitted_review), {"decision": "sign_off"})
    assert any("Only a supervisor" in m for m in _messages(response))
    submitted_review.refresh_from_db()
    assert submitted_review.state == Review.State.SUBMITTED


def test_it_answers_404_for_another_teams_review(client, admin_supervisor, other_review):
    client.force_login(admin_supervisor)
    assert client.post(_decide(other_review), {"decision": "sign_off"}).status_code == 404
    assert client.get(_change(other_review)).status_code == 404
    other_review.refresh_from_db()
    assert other_review.state == Review.State.SUBMITTED


def test_it_answers_405_to_a_get_of_the_decision(client, admin_supervisor, submitted_review):
    client.force_login(admin_supervisor)
    assert client.get(_decide(submitted_review)).status_code == 405


def test_it_refuses_the_decision_to_staff_without_the_permission(
    client, supervisor, submitted_review
):
    client.force_login(supervisor)  # staff, supervisor of the team, not in the group
    assert client.post(_decide(submitted_review), {"decision": "sign_off"}).status_code == 403


def test_it_sends_anonymous_users_to_sign_in(client, submitted_review):
    response = client.post(_decide(submitted_review), {"decision": "sign_off"})
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


# --- bulk ----------------------------------------------------------------------------------


def _bulk(client, action: str, reviews, **extra):
    data = {"action": action, "_selected_action": [r.pk for r in reviews], **extra}
    return client.post(reverse(CHANGELIST), data)


def test_it_asks_for_a_comment_before_a_bulk_sign_off(
    client, admin_supervisor, submitted_review, register, member
):
    second = make_review(register, submit_by=member)
    client.force_login(admin_supervisor)
    page = _bulk(client, "sign_off_selected", [submitted_review, second])
    assert page.status_code == 200
    assert "Sign off 2 reviews" in page.content.decode()
    assert Review.objects.filter(state=Review.State.SIGNED_OFF).count() == 0

    done = _bulk(
        client, "sign_off_selected", [submitted_review, second], apply="1", comment="All fine"
    )
    assert done.status_code == 302
    assert any("Signed off 2 reviews." in m for m in _messages(done))
    signed = Review.objects.filter(state=Review.State.SIGNED_OFF)
    assert set(signed.values_list("sign_off_comment", flat=True)) == {"All fine"}
    assert signed.count() == 2


def test_it_signs_off_in_bulk_what_it_may_and_explains_the_rest(
    client, admin_supervisor, submitted_review, register, stage
):
    own = make_review(register, stage=stage, submit_by=admin_supervisor)
    client.force_login(admin_supervisor)
    done = _bulk(client, "sign_off_selected", [submitted_review, own], apply="1", comment="")
    messages = _messages(done)
    assert any("Signed off 1 review." in m for m in messages)
    assert any(m.startswith(f"{own}: You submitted this review") for m in messages)
    own.refresh_from_db()
    assert own.state == Review.State.SUBMITTED


def test_it_returns_in_bulk_with_the_comment(client, admin_supervisor, submitted_review):
    client.force_login(admin_supervisor)
    _bulk(client, "return_selected", [submitted_review], apply="1", comment="Add the date.")
    submitted_review.refresh_from_db()
    assert submitted_review.state == Review.State.RETURNED
    assert submitted_review.return_comment == "Add the date."


def test_it_ignores_another_teams_review_slipped_into_a_bulk_action(
    client, admin_supervisor, submitted_review, other_review
):
    client.force_login(admin_supervisor)
    _bulk(client, "sign_off_selected", [submitted_review, other_review], apply="1", comment="")
    other_review.refresh_from_db()
    assert other_review.state == Review.State.SUBMITTED
    submitted_review.refresh_from_db()
    assert submitted_review.state == Review.State.SIGNED_OFF


def test_it_offers_no_bulk_delete(client, admin_supervisor, site_admin, submitted_review):
    client.force_login(site_admin)
    actions = client.get(reverse(CHANGELIST)).context["action_form"].fields["action"].choices
    assert "delete_selected" not in {name for name, _label in actions}


# --- signed-off reviews are frozen -----------------------------------------------------------


@pytest.fixture
def signed_review(submitted_review, second_supervisor):
    from assessments.reviews import sign_off_review

    return sign_off_review(review=submitted_review, by=second_supervisor, comment="Fine")


def test_it_shows_a_signed_off_review_read_only(client, admin_supervisor, signed_review):
    client.force_login(admin_supervisor)
    response = client.get(_change(signed_review))
    assert response.status_code == 200
    assert response.context["has_change_permission"] is False
    html = response.content.decode()
    assert "Unchanged since sign-off (seal verified by this instance)." in html
    assert signed_review.content_hash in html
    assert 'name="decision"' not in html


@pytest.mark.parametrize("persona", ["admin_supervisor", "site_admin"])
def test_it_refuses_a_crafted_post_changing_a_signed_off_review(
    client, request, persona, signed_review
):
    client.force_login(request.getfixturevalue(persona))
    response = client.post(
        _change(signed_review),
        {"minutes": "Rewritten", "date": "2026-03-01", "version": signed_review.version},
    )
    assert response.status_code == 403
    assert (
        client.post(
            reverse("admin:assessments_review_delete", args=[signed_review.pk]), {"post": "yes"}
        ).status_code
        == 403
    )
    signed_review.refresh_from_db()
    assert signed_review.minutes != "Rewritten"
    assert Review.objects.filter(pk=signed_review.pk).exists()


def test_it_reports_a_snapshot_altered_after_sign_off(client, admin_supervisor, signed_review):
    force_update(Review.objects.filter(pk=signed_review.pk), snapshot=[])
    client.force_login(admin_supervisor)
    html = client.get(_change(signed_review)).content.decode()
    assert '<p class="errornote" role="alert">Snapshot altered after sign-off' in html


def test_it_lets_a_draft_be_edited_with_optimistic_locking(client, admin_supervisor, register):
    draft = make_review(register)
    client.force_login(admin_supervisor)
    data = {
        "date": "2026-03-01",
        "attendees": "Everyone",
        "minutes": "Edited in the admin",
        "risks": list(draft.risks.values_list("pk", flat=True)),
        "version": draft.version,
    }
    assert client.post(_change(draft), data).status_code == 302
    draft.refresh_from_db()
    assert (draft.minutes, draft.version) == ("Edited in the admin", 2)
    stale = client.post(_change(draft), {**data, "minutes": "Stale"})
    assert "Someone else saved a change" in stale.content.decode()


def test_a_person_who_signed_off_a_review_is_kept_not_deleted(
    client, site_admin, submitted_review, supervisor
):
    """A signed-off review names its signer (a constraint, and the seal covers the name):
    deleting that person is refused in words on the admin's page, not by a failed write."""
    sign_off_review(review=submitted_review, by=supervisor)
    with pytest.raises(ProtectedError):
        supervisor.delete()
    client.force_login(site_admin)
    url = reverse("admin:auth_user_delete", args=[supervisor.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "<h1>Cannot delete user</h1>" in page.content.decode()
    response = client.post(url, {"post": "yes"})
    assert response.status_code == 200
    assert type(supervisor).objects.filter(pk=supervisor.pk).exists()
    review = Review.objects.get(pk=submitted_review.pk)
    assert review.signed_off_by_id == supervisor.pk and integrity(review).verified
