"""The sign-off page reads top to bottom: what was reviewed, what changed since the last
review, the witness statement, then the decision; the statement is kept and sealed."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from assessments import reviews
from assessments.review_changes import compare
from assessments.services import rate_risk
from tests.builders import force_update, make_review, make_risk

pytestmark = pytest.mark.django_db

SECTIONS = [
    "What was reviewed",
    "What changed since the last review",
    "Witness statement",
    "Your decision",
]


def _change(review) -> str:
    return reverse("admin:assessments_review_change", args=[review.pk])


def test_it_lays_out_the_sign_off_page_as_a_reading_page(
    client, admin_supervisor, submitted_review
):
    client.force_login(admin_supervisor)
    html = client.get(_change(submitted_review)).content.decode()
    positions = [html.index(f"> {title}</h2>") for title in SECTIONS]
    assert positions == sorted(positions)
    assert html.index("Ratings reviewed") < positions[1]  # the snapshot sits in "reviewed"
    assert 'name="witness_statement"' in html and "Sign off this review" in html
    assert "closelink" not in html  # no "Close" button between the ratings and the form
    assert "Likelihood 4 × consequence 5 (health and safety) = 20: High" in html
    assert " -&gt; " not in html
    assert "first signed-off review" in html


def test_it_keeps_the_witness_statement_under_the_seal(client, admin_supervisor, submitted_review):
    client.force_login(admin_supervisor)
    statement = "I watched Mia re-rate the wet floor risk with the duty team on 2 March."
    response = client.post(
        reverse("admin:assessments_review_decide", args=[submitted_review.pk]),
        {"decision": "sign_off", "comment": "Good", "witness_statement": f"  {statement}\n"},
    )
    assert response.status_code == 302
    submitted_review.refresh_from_db()
    assert submitted_review.witness_statement == statement
    assert reviews.verify(submitted_review)
    html = client.get(_change(submitted_review)).content.decode()
    assert statement in html and 'name="witness_statement"' not in html
    force_update(
        type(submitted_review).objects.filter(pk=submitted_review.pk), witness_statement=""
    )
    submitted_review.refresh_from_db()
    assert not reviews.verify(submitted_review)  # the statement is part of what was sealed


def test_the_review_page_shows_the_witness_statement(
    client, member, supervisor, submitted_review, register
):
    reviews.sign_off_review(
        review=submitted_review, by=supervisor, witness_statement="Seen at the desk."
    )
    client.force_login(member)
    url = reverse(
        "assessments:review_detail",
        kwargs={"register_id": register.pk, "review_id": submitted_review.pk},
    )
    html = client.get(url).content.decode()
    assert "Witness statement" in html and "Seen at the desk." in html


def test_it_shows_what_changed_since_the_last_signed_off_review(
    client, admin_supervisor, supervisor, register, stage, member
):
    first = make_review(register, stage=stage, submit_by=member)
    reviews.sign_off_review(review=first, by=supervisor)
    wet_floor, card_reader = first.risks.order_by("number")
    rate_risk(
        risk=wet_floor,
        tier="residual",
        likelihood=1,
        finance=1,
        reputation=1,
        health_safety=2,
        rationale="Mats down",
        assessed_by=member,
    )
    queue = make_risk(register, stage=stage, title="Queue at opening", rating=(3, 1, 3, 1))
    second = make_review(register, risks=[wet_floor, queue], submit_by=member)
    client.force_login(admin_supervisor)
    html = client.get(_change(second)).content.decode()
    changes = html[html.index("What changed since the last review") :]
    assert "Re-rated" in changes and wet_floor.title in changes
    assert "Residual" in changes and "not rated" in changes and "Low" in changes
    assert "New since the last review" in changes and queue.title in changes
    assert "Reviewed last time, not this time" in changes and card_reader.title in changes


def test_compare_lists_new_changed_dropped_and_counts_the_rest():
    def entry(risk_id, level, likelihood):
        rating = {
            "likelihood": likelihood,
            "finance": 2,
            "reputation": 1,
            "health_safety": 1,
            "score": likelihood * 2,
            "level": level,
            "level_label": level.capitalize(),
            "escalated": False,
        }
        return {
            "risk_id": risk_id,
            "reference": f"R-{risk_id}",
            "title": f"Risk {risk_id}",
            "inherent": rating,
            "residual": None,
        }

    before = [entry(1, "low", 1), entry(2, "medium", 3), entry(3, "low", 2)]
    after = [entry(1, "low", 1), entry(2, "low", 2), entry(4, "high", 5)]
    changes = compare(before, after)
    assert [c.reference for c in changes.new] == ["R-4"]
    assert [c.reference for c in changes.changed] == ["R-2"]
    (moved,) = changes.changed[0].ratings
    assert moved.tier == "Inherent" and moved.level_moved
    assert moved.after_words == "Likelihood 2 × consequence 2 (finance) = 4: Low"
    assert [e["reference"] for e in changes.dropped] == ["R-3"]
    assert changes.unchanged == 1 and changes.any
    assert not compare(after, after).any


def _decide(client, review, **data):
    return client.post(reverse("admin:assessments_review_decide", args=[review.pk]), data)


def test_it_seals_the_criteria_the_statement_witnesses(client, admin_supervisor, submitted_review):
    client.force_login(admin_supervisor)
    html = client.get(_change(submitted_review)).content.decode()
    for code in ("OCR ER1", "NOS PC6", "NOS PC7", "NOS PC11", "NOS PC13"):
        assert f'value="{code}"' in html, code
    assert 'value="NOS K7"' not in html  # only what a witness can see
    response = _decide(
        client,
        submitted_review,
        decision="sign_off",
        witness_statement="I saw Mia brief the team on the wet floor risk.",
        witnessed_criteria=["NOS PC7", "OCR ER1"],
    )
    assert response.status_code == 302
    submitted_review.refresh_from_db()
    assert submitted_review.witnessed_criteria == ["OCR ER1", "NOS PC7"]
    assert reviews.verify(submitted_review)
    html = client.get(_change(submitted_review)).content.decode()
    assert "NOS PC7 (OCR 1.7): developed staff awareness of the risks" in html


@pytest.mark.parametrize(
    ("data", "refusal"),
    [
        (  # ticks with no statement: the statement is the evidence
            {"decision": "sign_off", "comment": "Looks fine", "witnessed_criteria": ["OCR ER1"]},
            "Write what you saw the learner do before ticking",
        ),
        (  # returning needs a comment; what was typed for the sign-off stays
            {
                "decision": "return",
                "witness_statement": "I saw Mia warn customers about the wet floor.",
                "witnessed_criteria": ["OCR ER1", "NOS PC6"],
            },
            "Say what needs changing",
        ),
    ],
    ids=["ticks without a statement", "return without a comment"],
)
def test_a_refused_decision_keeps_what_the_supervisor_typed(
    client, admin_supervisor, submitted_review, data, refusal
):
    client.force_login(admin_supervisor)
    response = _decide(client, submitted_review, **data)
    assert response.status_code == 302
    page = client.get(response.url)
    html = page.content.decode()
    assert refusal in html
    submitted_review.refresh_from_db()
    assert submitted_review.state == "submitted"
    form = page.context["decision_form"]
    assert form["witness_statement"].value() == data.get("witness_statement", "")
    assert form["witnessed_criteria"].value() == data["witnessed_criteria"]
    assert form["comment"].value() == data.get("comment", "")
    if data.get("witness_statement"):
        assert f">{data['witness_statement']}</textarea>" in html
    boxes = re.findall(r'<input type="checkbox" name="witnessed_criteria"[^>]*>', html)
    checked = {re.search(r'value="([^"]+)"', box)[1] for box in boxes if "checked" in box}
    assert len(boxes) == 5 and checked == set(data["witnessed_criteria"])
    # Shown once: a later visit starts from an empty form.
    again = client.get(_change(submitted_review)).context["decision_form"]
    assert again["witness_statement"].value() in ("", None)
