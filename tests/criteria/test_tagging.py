"""Learners tag an annotation or any record of their register to a criterion, by hand."""

from __future__ import annotations

import re

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from assessments.models import Category
from criteria.coverage import (
    EVIDENCED,
    EXPLAIN_GAP,
    EXPLANATION_NEEDED,
    MISSING,
    evaluate_register,
    load_records,
    summarise_by_source,
)
from criteria.forms import TagForm
from criteria.models import Criterion, CriterionTag
from criteria.services import tag_record
from registers.models import Register
from tests.builders import (
    force_update,
    make_action,
    make_annotation,
    make_awareness,
    make_consultation,
    make_pestle,
    make_review,
    make_risk,
    make_stage,
    make_swot,
)


def create_url(register) -> str:
    return reverse("criteria:tag_create", kwargs={"register_id": register.pk})


def delete_url(tag) -> str:
    return reverse("criteria:tag_delete", kwargs={"register_id": tag.register_id, "tag_id": tag.pk})


def result(register, code: str):
    (found,) = [r for r in evaluate_register(register) if r.criterion.code == code]
    return found


@pytest.fixture
def note(register, stage):
    risk = make_risk(register, stage=stage, title="Queue", category=Category.REPUTATIONAL)
    return make_annotation(register, risk=risk, text="Cost of mats against one claim a year.")


def tag(register, code: str, record, by=None) -> CriterionTag:
    return tag_record(
        register=register, criterion=Criterion.objects.get(code=code), record=record, by=by
    )


# --- Creating a tag ----------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "supervisor"])
def test_it_lets_the_team_tag_an_annotation(client, register, note, persona, request):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    response = client.post(
        create_url(register), {"criterion": "NOS K9", "record": f"annotation:{note.pk}"}
    )
    coverage = reverse("criteria:coverage", kwargs={"register_id": register.pk})
    assert response.status_code == 302
    assert response["Location"] == f"{coverage}#nos-k9"
    saved = CriterionTag.objects.get()
    assert (saved.criterion.code, saved.target, saved.tagged_by) == ("NOS K9", note, user)
    page = client.get(coverage).content.decode()
    assert "Tagged by you" in page
    assert "Cost of mats against one claim a year." in page


def test_it_refuses_tagging_to_a_viewer(client, register, note, viewer):
    client.force_login(viewer)
    response = client.post(
        create_url(register), {"criterion": "NOS K9", "record": f"annotation:{note.pk}"}
    )
    assert response.status_code == 403
    assert not CriterionTag.objects.exists()


def test_it_refuses_tagging_in_an_archived_register(client, register, note, member):
    force_update(Register.objects.filter(pk=register.pk), status=Register.Status.ARCHIVED)
    client.force_login(member)
    response = client.post(
        create_url(register), {"criterion": "NOS K9", "record": f"annotation:{note.pk}"}
    )
    assert response.status_code == 403


def test_it_answers_404_to_another_team(client, register, note, outsider):
    client.force_login(outsider)
    response = client.post(
        create_url(register), {"criterion": "NOS K9", "record": f"annotation:{note.pk}"}
    )
    assert response.status_code == 404
    assert not CriterionTag.objects.exists()


def test_it_sends_anonymous_visitors_to_sign_in(client, register, note):
    response = client.post(
        create_url(register), {"criterion": "NOS K9", "record": f"annotation:{note.pk}"}
    )
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("login"))


def _options(page: str) -> list[str]:
    """The values of the record select's options."""
    select = page[
        page.index('name="record"') : page.index("</select>", page.index('name="record"'))
    ]
    return re.findall(r'<option value="([^"]+)"', select)


def test_the_tagging_page_lists_every_record_or_those_of_one_kind(client, register, note, member):
    action = make_action(register, note.risk, description="Lay mats")
    client.force_login(member)
    every = _options(client.get(create_url(register)).content.decode())
    assert every == [
        f"annotation:{note.pk}",
        f"stage:{note.risk.stage_id}",
        f"risk:{note.risk_id}",
        f"action:{action.pk}",
    ]
    risks = client.get(create_url(register), {"kind": "risk"}).content.decode()
    assert _options(risks) == [f"risk:{note.risk_id}"]
    assert '<option value="risk" selected>Risks (1)</option>' in risks
    unknown = client.get(create_url(register), {"kind": "nonsense"}).content.decode()
    assert _options(unknown) == every


def test_the_tagging_page_comes_with_the_criterion_chosen_on_the_coverage_page(
    client, register, note, member
):
    client.force_login(member)
    coverage = client.get(reverse("criteria:coverage", args=[register.pk])).content.decode()
    link = f"{create_url(register)}?criterion=NOS%20K9"
    assert f'href="{link}"' in coverage
    page = client.get(link).content.decode()
    assert '<option value="NOS K9" selected>' in page
    assert '<input type="hidden" name="criterion" value="NOS K9">' in page  # kept by "List"


def test_a_refused_tag_keeps_what_was_chosen_and_says_why(client, register, note, member):
    client.force_login(member)
    response = client.post(
        f"{create_url(register)}?kind=annotation", {"criterion": "NOS K9", "record": "risk:0"}
    )
    page = response.content.decode()
    assert response.status_code == 200
    assert "Select a valid choice. risk:0 is not one of the available choices." in page
    assert '<option value="NOS K9" selected>' in page
    assert _options(page) == [f"annotation:{note.pk}"]
    assert not CriterionTag.objects.exists()


def test_the_tagging_page_is_for_those_who_may_tag(client, register, viewer, outsider):
    client.force_login(viewer)
    assert client.get(create_url(register)).status_code == 403
    client.force_login(outsider)
    assert client.get(create_url(register)).status_code == 404


def test_it_refuses_a_record_of_another_register(client, register, other_register, member):
    theirs = make_risk(other_register, title="Their risk")
    client.force_login(member)
    response = client.post(
        create_url(register), {"criterion": "NOS K1", "record": f"risk:{theirs.pk}"}
    )
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert "There is a problem" in response.content.decode()
    assert not CriterionTag.objects.exists()
    with pytest.raises(ValidationError, match="not part of this register"):
        tag(register, "NOS K1", theirs)


def test_it_refuses_an_unknown_criterion_or_record_kind(register, note):
    records = load_records(register)
    form = TagForm({"criterion": "NOS K99", "record": f"user:{note.pk}"}, records=records)
    assert not form.is_valid()
    assert set(form.errors) == {"criterion", "record"}


def test_it_explains_a_duplicate_tag(client, register, note, member):
    tag(register, "NOS K9", note)
    client.force_login(member)
    response = client.post(
        create_url(register), {"criterion": "NOS K9", "record": f"annotation:{note.pk}"}
    )
    assert response.status_code == 200
    assert "already tagged to this criterion" in response.content.decode()
    assert CriterionTag.objects.count() == 1


def test_it_offers_every_kind_of_record_of_the_register_and_no_other(
    register, other_register, stage, note
):
    risk = note.risk
    records = {
        "annotation": note,
        "stage": stage,
        "risk": risk,
        "action": make_action(register, risk),
        "consultation": make_consultation(register),
        "awareness": make_awareness(risk),
        "review": make_review(register, risks=()),
        "swot": make_swot(register, risk),
        "pestle": make_pestle(register, risk),
    }
    make_risk(other_register, title="Their risk")
    form = TagForm(records=load_records(register))
    _, *groups = form.fields["record"].widget.choices
    offered = {value for _, options in groups for value, _ in options}
    assert offered == {f"{kind}:{record.pk}" for kind, record in records.items()}


# --- What a tag does ------------------------------------------------------------------------


def test_it_never_completes_a_knowledge_criterion_with_a_tag(register, note, member):
    assert result(register, "NOS K9").status == EXPLANATION_NEEDED
    tag(register, "NOS K9", note, by=member)
    still = result(register, "NOS K9")
    assert still.status == EXPLANATION_NEEDED
    assert still.gaps[0] == EXPLAIN_GAP
    assert still.evidence == [note]
    assert [t.target for t in still.tags] == [note]


def test_it_never_hides_a_real_gap_with_a_tag(register, note):
    make_stage(register, "Pay")
    tag(register, "NOS PC2", note)
    still = result(register, "NOS PC2")
    assert still.status == MISSING
    assert note in still.evidence
    assert still.gaps == [
        "No financial risk at stage 'Booking'.",
        "No financial risk at stage 'Pay'.",
    ]


def test_it_never_witnesses_real_work_with_a_tag(register, note):
    tag(register, "OCR ER1", note)
    still = result(register, "OCR ER1")
    assert (still.status, still.witnesses) == (MISSING, [])
    assert note in still.evidence


def test_it_adds_tags_to_rule_evidence(register, stage, note):
    risk = make_risk(register, stage=stage, category=Category.FINANCIAL)
    tag(register, "NOS PC2", note)
    found = result(register, "NOS PC2")
    assert found.status == EVIDENCED
    assert found.rule_evidence == [risk]
    assert found.evidence == [risk, note]


def test_a_tagged_record_the_rule_lists_too_is_listed_once(register, stage, note):
    """A tag of the risk the rule found adds nothing; a tag of a record of another kind
    with the same id is a record of its own."""
    risk = make_risk(register, stage=stage, category=Category.FINANCIAL)
    action = make_action(register, risk, pk=900_001)
    pay = make_stage(register, "Pay", pk=900_001)
    for record in (risk, action, pay):
        tag(register, "NOS PC2", record)
    found = result(register, "NOS PC2")
    assert found.rule_evidence == [risk]
    assert found.evidence == [risk, action, pay]
    assert [t.target for t in found.tags] == [risk, action, pay]


def test_the_summary_counts_each_source_document_apart(register):
    results = evaluate_register(register)
    by_source = dict(summarise_by_source(results))
    sources = list(dict.fromkeys(r.criterion.source for r in results))
    assert list(by_source) == sources and len(sources) >= 2
    assert sum(counts["total"] for counts in by_source.values()) == len(results)
    assert {s: c["total"] for s, c in by_source.items()} == {
        s: sum(r.criterion.source == s for r in results) for s in sources
    }


def test_it_keeps_a_partly_evidenced_knowledge_criterion_waiting_for_an_explanation(register, note):
    make_swot(register)
    assert result(register, "NOS K10").status == EXPLANATION_NEEDED
    tag(register, "NOS K10", note)
    assert result(register, "NOS K10").status == EXPLANATION_NEEDED


def test_it_ignores_a_tag_whose_record_was_deleted(register, note):
    tag(register, "NOS K9", note)
    note.delete()
    assert result(register, "NOS K9").evidence == []
    assert result(register, "NOS K9").tags == []


# --- Removing a tag -------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["member", "supervisor"])
def test_it_lets_the_team_remove_a_tag(client, register, note, persona, request):
    saved = tag(register, "NOS K9", note)
    client.force_login(request.getfixturevalue(persona))
    response = client.post(delete_url(saved))
    assert response.status_code == 302
    assert response["Location"].endswith("#nos-k9")
    assert not CriterionTag.objects.exists()
    note.refresh_from_db()  # the record itself stays


def test_it_refuses_removal_to_a_viewer(client, register, note, viewer):
    saved = tag(register, "NOS K9", note)
    client.force_login(viewer)
    assert client.post(delete_url(saved)).status_code == 403
    assert CriterionTag.objects.filter(pk=saved.pk).exists()


def test_it_answers_404_for_a_tag_of_another_register(
    client, register, other_register, note, outsider
):
    saved = tag(register, "NOS K9", note)
    client.force_login(outsider)
    assert client.post(delete_url(saved)).status_code == 404
    their_view = reverse(
        "criteria:tag_delete", kwargs={"register_id": other_register.pk, "tag_id": saved.pk}
    )
    assert client.post(their_view).status_code == 404  # their register, not their tag
    assert CriterionTag.objects.filter(pk=saved.pk).exists()


def test_it_sends_anonymous_visitors_to_sign_in_before_removing(client, register, note):
    saved = tag(register, "NOS K9", note)
    response = client.post(delete_url(saved))
    assert response.status_code == 302
    assert CriterionTag.objects.filter(pk=saved.pk).exists()


def test_it_refuses_get_on_the_removal_url(client, register, note, member):
    saved = tag(register, "NOS K9", note)
    client.force_login(member)
    assert client.get(delete_url(saved)).status_code == 405
