"""The risk list, the risk page, and creating and editing risks."""

from __future__ import annotations

import datetime as dt

import pytest
import time_machine
from django.core.cache import cache
from django.urls import reverse

from assessments.models import Assessment, Reference, Risk
from registers.models import Membership
from riskportal.concurrency import CONFLICT_MESSAGE
from tests.builders import add_member, make_register, make_risk, make_stage, make_user

LIST_QUERIES = 7
# Session and user, register, risk, history (with the stages and owners it names),
# ratings, actions and their risks, consultations, notes, the consistency checks on this
# risk with their dismissals, awareness, exhibits, references.
DETAIL_QUERIES = 14


def list_url(register, **params) -> str:
    url = reverse("assessments:risk_list", kwargs={"register_id": register.pk})
    if params:
        from urllib.parse import urlencode

        url += "?" + urlencode(params)
    return url


def detail_url(risk) -> str:
    return risk.get_absolute_url()


def risk_post(stage=None, **overrides) -> dict:
    data = {
        "title": "Wet floor by the pool entrance",
        "category": "health_safety",
        "tags": "legal, Legal, well-being",
        "stage": getattr(stage, "pk", stage) or "",
        "cause": "Swimmers walk through reception dripping",
        "event": "A customer slips",
        "consequence": "Injury and a claim",
        "affected": "Customers",
        "existing_controls": "Mats",
        "outcome": "Safe visits",
        "owner": "",
        "owner_name": "",
        "decision": "",
        "decision_rationale": "",
        "notes": "",
        "status": "open",
    }
    data.update(overrides)
    return data


# --- The list ---------------------------------------------------------------------------


def test_it_lists_the_registers_risks_with_level_as_text(client, member, register, stage):
    make_risk(
        register, stage=stage, title="Till shortfalls", rating=(4, 3, 2, 1), residual=(2, 2, 1, 1)
    )
    make_risk(register, title="Not rated yet")
    client.force_login(member)
    response = client.get(list_url(register))
    html = response.content.decode()
    assert "Till shortfalls" in html
    assert '<span class="level level-medium">Medium</span>' in html
    assert '<span class="level level-low">Low</span>' in html
    assert '<span class="level level-none">Not rated</span>' in html
    assert "<strong>2</strong> risks" in html


def test_it_shows_awaiting_supervisor_and_overdue_review_as_text(client, member, register):
    with time_machine.travel(dt.date(2026, 1, 5), tick=False):
        make_risk(register, title="Pool rescue", rating=(2, 1, 1, 5))  # medium: 3 months
    with time_machine.travel(dt.date(2026, 5, 1), tick=False):
        make_risk(register, title="Quiet one", rating=(1, 1, 1, 1))  # low: 6 months
    client.force_login(member)
    with time_machine.travel(dt.date(2026, 6, 1), tick=False):
        html = client.get(list_url(register)).content.decode()
    assert html.count("Awaiting supervisor</span>") == 1
    assert html.count("Review overdue</span>") == 1


def test_it_excludes_risks_of_other_registers(client, member, register, other_register):
    make_risk(other_register, title="Someone else's risk")
    client.force_login(member)
    assert "Someone else&#x27;s risk" not in client.get(list_url(register)).content.decode()


def test_it_answers_htmx_with_the_results_only(client, member, register):
    make_risk(register, title="Till shortfalls")
    client.force_login(member)
    response = client.get(list_url(register, q="till"), headers={"HX-Request": "true"})
    html = response.content.decode()
    assert "Till shortfalls" in html
    assert "<html" not in html and "risk-filter-form" not in html.split("form=")[0]


def test_it_paginates_keeping_the_filters(client, member, register):
    for n in range(30):
        make_risk(register, title=f"Risk {n:02d}", category="financial")
    client.force_login(member)
    first = client.get(list_url(register, category="financial")).content.decode()
    assert "page 1 of 2" in first
    assert "?category=financial&amp;page=2" in first
    second = client.get(list_url(register, category="financial", page=2)).content.decode()
    assert "R-030" in second and "R-001" not in second
    assert "page 2 of 2" in second


def test_it_survives_a_page_number_out_of_range(client, member, register):
    make_risk(register, title="Only risk")
    client.force_login(member)
    assert "Only risk" in client.get(list_url(register, page=99)).content.decode()


def test_it_sorts_and_marks_the_sorted_column(client, member, register):
    make_risk(register, title="Low one", rating=(1, 1, 1, 1))
    make_risk(register, title="High one", rating=(5, 4, 1, 1))
    make_risk(register, title="Medium one", rating=(3, 3, 1, 1))
    client.force_login(member)
    html = client.get(list_url(register, sort="-level")).content.decode()
    assert html.index("High one") < html.index("Medium one") < html.index("Low one")
    assert 'aria-sort="descending"' in html
    html = client.get(list_url(register, sort="title")).content.decode()
    assert html.index("High one") < html.index("Low one") < html.index("Medium one")


def _fill(register, stage, count: int) -> None:
    owner = make_user()
    add_member(register.team, owner)
    for n in range(count):
        make_risk(
            register,
            stage=stage,
            owner=owner,
            title=f"Risk {n}",
            rating=(1 + n % 5, 1 + n % 4, 1, 1),
            residual=(1, 1, 1, 1) if n % 2 else None,
        )


@pytest.mark.parametrize("count", [10, 200])
def test_it_lists_risks_in_a_fixed_number_of_queries(
    settings, client, member, register, stage, count, django_assert_num_queries
):
    settings.SESSION_SAVE_EVERY_REQUEST = False  # count the page's own queries
    _fill(register, stage, count)
    client.force_login(member)
    url = list_url(register, level="low", sort="-level", overdue="")
    client.get(url)  # the same session state in every case: signed in, one page seen
    cache.clear()  # the page's own work, not its cached fragments
    with django_assert_num_queries(LIST_QUERIES):
        response = client.get(url)
    assert response.status_code == 200
    assert 'class="ref"' in response.content.decode()


# --- The risk page --------------------------------------------------------------------


def test_it_shows_the_risk_page(client, member, register, stage):
    risk = make_risk(
        register,
        stage=stage,
        title="Card details written down",
        cause="Phone bookings",
        event="Card numbers kept on paper",
        consequence="Fraud and a fine",
        affected="Customers",
        decision="treat",
        decision_rationale="Cheap to fix",
        rating=(4, 3, 2, 1),
    )
    client.force_login(member)
    html = client.get(detail_url(risk)).content.decode()
    expected = [
        "R-001",
        "Card numbers kept on paper",
        "Fraud and a fine",
        "Treat (act to reduce it)",
        "Cheap to fix",
        "Likelihood 4 × consequence 3 (finance) = 12: Medium",
        "inherent rating for the test",
        "Booking",
    ]
    assert [text for text in expected if text not in html] == []


def test_it_shows_who_changed_what(client, member, register):
    risk = make_risk(register, title="Old title")
    client.force_login(member)
    data = risk_post(title="New title", version=risk.version, category="financial")
    client.post(reverse("assessments:risk_edit", args=[register.pk, risk.number]), data)
    html = client.get(detail_url(risk)).content.decode()
    assert "Changed</strong> by Mia Member" in html
    assert "<del>Old title</del>" in html and "<ins>New title</ins>" in html


def test_it_names_the_stage_and_owner_a_change_moved_from_and_to(client, member, register):
    first, second = make_stage(register, "Booking"), make_stage(register, "Arrival")
    risk = make_risk(register, stage=first, title="Queue")
    client.force_login(member)
    edit = reverse("assessments:risk_edit", args=[register.pk, risk.number])
    data = risk_post(stage=second, title="Queue", owner=member.pk, version=risk.version)
    client.post(edit, data)
    html = client.get(detail_url(risk)).content.decode()
    assert "<del>Booking</del>" in html and "<ins>Arrival</ins>" in html
    assert "<ins>Mia Member</ins>" in html
    first.delete()
    html = client.get(detail_url(risk)).content.decode()
    assert "<del>a removed stage</del>" in html and "<ins>Arrival</ins>" in html


def test_it_hides_editing_from_viewers(client, viewer, register):
    risk = make_risk(register, rating=(2, 2, 2, 2))
    client.force_login(viewer)
    html = client.get(detail_url(risk)).content.decode()
    assert "Edit risk" not in html and "Save rating" not in html and "Add a note" not in html


def _block(html: str, start: str, end: str) -> str:
    """The part of ``html`` from the element with id ``start`` to the next ``end``."""
    return html.split(f'id="{start}"', 1)[1].split(end, 1)[0]


def test_it_shows_each_note_beside_the_record_it_explains(client, member, register):
    from assessments.models import Action, Annotation, Consultation

    risk = make_risk(register, rating=(2, 2, 2, 2), residual=(1, 2, 2, 2))
    other = make_risk(register, rating=(3, 3, 3, 3))
    shared = Action.objects.create(register=register, description="Fit a mat", owner=member)
    shared.risks.add(risk, other)
    consultation = Consultation.objects.create(
        register=register, risk=risk, group="team", people="Desk staff", summary="Mats"
    )
    elsewhere = Consultation.objects.create(
        register=register, risk=other, group="team", people="Lifeguards", summary="Signs"
    )

    def note(text: str, **target) -> Annotation:
        return Annotation.objects.create(register=register, text=text, author=member, **target)

    on_risk = note("Why this risk matters", risk=risk)
    on_inherent = note("Why likelihood 2", assessment=risk.inherent_rating)
    on_residual = note("Why it went down", assessment=risk.residual_rating)
    on_action = note("Why a mat", action=shared)
    on_consultation = note("What the desk said", consultation=consultation)
    note("Another risk's note", risk=other)
    note("Another rating's note", assessment=other.inherent_rating)
    note("Another consultation's note", consultation=elsewhere)
    client.force_login(member)
    html = client.get(detail_url(risk)).content.decode()

    blocks = {
        on_risk: _block(html, "annotations", "</section>"),
        on_inherent: _block(html, f"rating-{risk.inherent_rating.pk}", "</li>"),
        on_residual: _block(html, f"rating-{risk.residual_rating.pk}", "</li>"),
        on_action: _block(html, f"action-{shared.pk}", "</article>"),
        on_consultation: _block(html, f"consultation-{consultation.pk}", "</article>"),
    }
    for shown, block in blocks.items():
        assert html.count(shown.text) == 1, shown.text
        assert f'id="annotation-{shown.pk}"' in block and shown.text in block, shown.text
        assert "Note by Mia Member" in block
    for hidden in ("Another risk's note", "Another rating's note", "Another consultation's note"):
        assert hidden.replace("'", "&#x27;") not in html, hidden
    # The shared action's note shows on its other risk's page too.
    assert client.get(detail_url(other)).content.decode().count("Why a mat") == 1


def test_the_action_log_and_consultations_still_show_their_notes(client, member, register):
    from assessments.models import Action, Annotation, Consultation

    action = Action.objects.create(register=register, description="Fit a mat")
    consultation = Consultation.objects.create(
        register=register, group="team", people="Desk staff", summary="Mats"
    )
    Annotation.objects.create(register=register, action=action, text="Why a mat")
    Annotation.objects.create(register=register, consultation=consultation, text="Desk said so")
    client.force_login(member)
    actions = client.get(reverse("assessments:action_list", args=[register.pk]))
    consultations = client.get(reverse("assessments:consultation_list", args=[register.pk]))
    assert "Why a mat" in _block(actions.content.decode(), f"action-{action.pk}", "</article>")
    assert "Desk said so" in _block(
        consultations.content.decode(), f"consultation-{consultation.pk}", "</article>"
    )


@pytest.mark.parametrize("extra", [1, 8])
def test_it_shows_a_risk_in_a_fixed_number_of_queries(
    settings, client, member, register, stage, extra, django_assert_num_queries
):
    settings.SESSION_SAVE_EVERY_REQUEST = False  # count the page's own queries
    from assessments.models import Action, Annotation, AwarenessRecord, Consultation
    from assessments.services import rate_risk

    risk = make_risk(register, stage=stage, rating=(3, 3, 3, 3))
    for n in range(extra):
        rate_risk(
            risk=risk,
            tier="residual",
            likelihood=1 + n % 5,
            finance=1,
            reputation=1,
            health_safety=1,
            rationale=f"again {n}",
            assessed_by=member,
        )
        action = Action.objects.create(register=register, description=f"Do {n}", owner=member)
        action.risks.add(risk)
        Annotation.objects.create(register=register, action=action, text="why", author=member)
        Consultation.objects.create(
            register=register, risk=risk, group="team", people="x", summary="y"
        )
        AwarenessRecord.objects.create(risk=risk, audience="staff", method="briefing")
        Annotation.objects.create(register=register, risk=risk, text=f"note {n}", author=member)
    client.force_login(member)
    client.get(detail_url(risk))  # the same session state in every case
    with django_assert_num_queries(DETAIL_QUERIES):
        response = client.get(detail_url(risk))
    assert response.content.decode().count('class="rating-entry"') == 1 + extra
    assert response.content.decode().count('class="consultation-item"') == extra


# --- Creating and editing ----------------------------------------------------------------


def test_it_creates_a_risk_with_the_next_reference(client, member, register, stage):
    make_risk(register)
    client.force_login(member)
    response = client.post(
        reverse("assessments:risk_create", args=[register.pk]), risk_post(stage, owner=member.pk)
    )
    risk = Risk.objects.get(register=register, number=2)
    assert response.status_code == 302 and response["Location"] == risk.get_absolute_url()
    assert risk.stage == stage and risk.owner == member
    assert risk.tags == ["legal", "well-being"]
    assert risk.inherent_rating is None


def test_it_creates_a_risk_with_its_inherent_rating(client, member, register, stage):
    client.force_login(member)
    data = risk_post(
        stage,
        likelihood="4",
        consequence_finance="1",
        consequence_reputation="3",
        consequence_health_safety="2",
        rationale="Happened twice last month",
    )
    client.post(reverse("assessments:risk_create", args=[register.pk]), data)
    risk = Risk.objects.get(register=register)
    assert (
        risk.inherent_rating.explanation == "Likelihood 4 × consequence 3 (reputation) = 12: Medium"
    )
    assert risk.inherent_rating.assessed_by == member
    assert risk.inherent_rating.tier == Assessment.Tier.INHERENT


def test_it_wants_a_rationale_and_every_value_for_a_rating_on_creation(client, member, register):
    client.force_login(member)
    data = risk_post(likelihood="4", consequence_finance="2")
    response = client.post(reverse("assessments:risk_create", args=[register.pk]), data)
    html = response.content.decode()
    assert not Risk.objects.exists()
    assert "Choose a reputation consequence." in html
    assert "Give the reason for this rating" in html
    assert 'value="Wet floor by the pool entrance"' in html  # nothing typed is lost


def test_it_checks_a_rating_without_saving(client, member, register):
    client.force_login(member)
    data = risk_post(
        likelihood="5",
        consequence_finance="4",
        consequence_reputation="1",
        consequence_health_safety="1",
        check="1",
    )
    response = client.post(reverse("assessments:risk_create", args=[register.pk]), data)
    html = response.content.decode()
    assert not Risk.objects.exists()
    assert "Likelihood 5 × consequence 4 (finance) = 20: High" in html
    assert "There is a problem" not in html
    assert 'value="Wet floor by the pool entrance"' in html


def test_it_wants_the_reason_for_a_decision(client, member, register):
    client.force_login(member)
    response = client.post(
        reverse("assessments:risk_create", args=[register.pk]), risk_post(decision="tolerate")
    )
    assert not Risk.objects.exists()
    assert "Say why you decided to tolerate" in response.content.decode()


def test_it_offers_only_this_registers_stages_and_team_people(
    client, member, register, other_register, outsider, team
):
    foreign_stage = make_stage(other_register, "Their stage")
    sibling_stage = make_stage(make_register(team, title="Sibling"), "Sibling stage")
    client.force_login(member)
    url = reverse("assessments:risk_create", args=[register.pk])
    html = client.get(url).content.decode()
    assert "Their stage" not in html and "Sibling stage" not in html and "Otto" not in html
    for field, value in (
        ("stage", foreign_stage.pk),
        ("stage", sibling_stage.pk),
        ("owner", outsider.pk),
    ):
        response = client.post(url, risk_post(**{field: value}))
        assert "Select a valid choice" in response.content.decode()
    assert not Risk.objects.exists()


def test_it_links_only_references_the_user_may_see(client, member, register, other_team):
    shared = Reference.objects.create(title="Health and Safety at Work etc. Act 1974")
    theirs = Reference.objects.create(team=other_team, title="Their refunds policy")
    client.force_login(member)
    url = reverse("assessments:risk_create", args=[register.pk])
    assert "Their refunds policy" not in client.get(url).content.decode()
    response = client.post(url, risk_post(references=[theirs.pk]))
    assert "Select a valid choice" in response.content.decode()
    client.post(url, risk_post(references=[shared.pk]))
    assert list(Risk.objects.get().references.all()) == [shared]


def test_it_wants_a_moment_of_truth_stage_for_the_moment_of_truth_box(
    client, member, register, stage
):
    client.force_login(member)
    url = reverse("assessments:risk_create", args=[register.pk])
    response = client.post(url, risk_post(stage, at_moment_of_truth="on"))
    assert "Choose a stage marked as a moment of truth" in response.content.decode()


def test_it_edits_a_risk(client, member, register, stage):
    risk = make_risk(register, title="Before")
    client.force_login(member)
    url = reverse("assessments:risk_edit", args=[register.pk, risk.number])
    response = client.post(
        url, risk_post(stage, title="After", version=risk.version, status="closed")
    )
    assert response.status_code == 302
    risk.refresh_from_db()
    assert (risk.title, risk.status, risk.version) == ("After", "closed", 2)


def test_it_refuses_a_stale_edit_and_shows_the_newer_values(client, member, supervisor, register):
    risk = make_risk(register, title="Original")
    url = reverse("assessments:risk_edit", args=[register.pk, risk.number])
    started_from = risk.version
    client.force_login(supervisor)
    client.post(
        url, risk_post(title="Supervisor's title", version=started_from, category="financial")
    )
    client.force_login(member)
    response = client.post(url, risk_post(title="Member's title", version=started_from))
    html = response.content.decode()
    risk.refresh_from_db()
    assert risk.title == "Supervisor's title"
    assert "Someone else saved a change to this record" in html
    assert CONFLICT_MESSAGE.split(".")[0] in html
    assert "Supervisor&#x27;s title" in html  # the newer values, to compare
    assert 'value="Member&#x27;s title"' in html  # the user's own input kept
    assert f'name="version" value="{risk.version}"' in html
    # Saving again after comparing is a deliberate overwrite, and it works.
    client.post(url, risk_post(title="Member's title", version=risk.version))
    risk.refresh_from_db()
    assert risk.title == "Member's title"


def test_it_lets_a_supervisor_own_a_risk_but_not_a_viewer(
    client, member, register, viewer, supervisor
):
    client.force_login(member)
    url = reverse("assessments:risk_create", args=[register.pk])
    assert "Select a valid choice" in client.post(url, risk_post(owner=viewer.pk)).content.decode()
    client.post(url, risk_post(owner=supervisor.pk))
    assert Risk.objects.get().owner == supervisor
    assert Membership.objects.get(user=viewer).role == "viewer"
