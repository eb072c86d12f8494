"""The app's own edit forms link a record only within its register and team.

A member of two teams (A and B) edits team A's records through the pages' real forms and
posts, in each link field of each form, the id of a record of another register of team A
(a stage, a risk) or of team B (a reference, a person). Nothing of team A ends up linked
to it. An untouched post of each form saves, so each refusal is the link's doing.

The stage and risk choices were already limited to the register before the one-register
rule; the references were the user's teams', so a team-B policy could be cited by a
team-A risk and shown to team A.
"""

from __future__ import annotations

import pytest
from django.urls import reverse

from assessments.models import Action, Consultation, Reference, Review, Risk, SwotItem
from registers.models import Membership
from tests import builders
from tests.security.html_forms import forms_of

pytestmark = pytest.mark.django_db


@pytest.fixture
def elsewhere(world, team, other_team, outsider):
    """Records the member may see but team A's records must not link to."""
    builders.add_member(other_team, world.member, Membership.Role.MEMBER)
    second = builders.make_register(team, title="Phone bookings", owner=world.member)
    stage = builders.make_stage(second, "Call answered")
    return {
        "stage": stage,
        "risk": builders.make_risk(second, stage=stage, title="Line drops"),
        "reference": Reference.objects.create(team=other_team, title="Call centre script"),
        "person": outsider,
    }


#: Each edit page: (URL name, its arguments from the world, the model, link fields by kind).
PAGES = {
    "risk": (
        "assessments:risk_edit",
        lambda w: {"number": w.risk.number},
        Risk,
        {"stage": "stage", "owner": "person", "references": "reference"},
    ),
    "action": (
        "assessments:action_edit",
        lambda w: {"action_id": w.action.pk},
        Action,
        {"risks": "risk", "owner": "person", "references": "reference"},
    ),
    "consultation": (
        "assessments:consultation_edit",
        lambda w: {"consultation_id": w.consultation.pk},
        Consultation,
        {"risk": "risk"},
    ),
    "review": (
        "assessments:review_edit",
        lambda w: {"review_id": w.review.pk},
        Review,
        {"risks": "risk", "reviewer": "person"},
    ),
    "swot": (
        "assessments:analysis_item_edit",
        lambda w: {"kind": "swot", "item_id": w.swot.pk},
        SwotItem,
        {"risks": "risk"},
    ),
}


def _form_data(client, url: str) -> dict[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    (form,) = [f for f in forms_of(response.content.decode(), url) if f.action == url]
    return form.data()


@pytest.mark.parametrize("page", sorted(PAGES))
def test_a_member_cannot_link_a_record_to_another_register_or_team(client, world, elsewhere, page):
    name, arguments, model, links = PAGES[page]
    url = reverse(name, kwargs={"register_id": world.register.pk, **arguments(world)})
    client.force_login(world.member)
    assert client.post(url, _form_data(client, url)).status_code == 302, "untouched post"
    linked = []
    for field, kind in links.items():
        candidate = elsewhere[kind]
        data = _form_data(client, url)
        many = model._meta.get_field(field).many_to_many
        data[field] = [*(data.get(field, []) if many else []), str(candidate.pk)]
        response = client.post(url, data)
        assert response.status_code in (200, 302)
        if model.objects.filter(register=world.register, **{field: candidate}).exists():
            linked.append(f"{field} -> {candidate}")
    assert linked == []
