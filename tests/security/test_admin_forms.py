"""Every admin form, every link in it: nobody moves a record to another register or team.

As ``test_url_access`` enumerates URLs, this enumerates the admin: every model registered
on the admin site, and every foreign key and many-to-many field of that model (read-only
ones too, since a crafted POST can name any field). The world is team A with two
registers (A1, A2), team B and team C, each register with one record of every kind. The
attacker supervises teams A and B in the admin, so every choice below is one they may see
elsewhere; team C they do not supervise.

- Change: for each record of A1 and each link, the attacker posts the change page's own
  form with the link pointing at the matching record of A2, of team B and of team C. The
  link never changes. (A person of team B as the owner of a team-A risk counts as moving
  across teams too.) Records the attacker may change first take an untouched post, which
  must save, so a refusal is the link's doing and not a broken form.
- Add: each add page is posted with links to team C's records; nothing is added that
  points at them.
"""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import models
from django.urls import reverse

from registers.models import Membership, Register, Team
from riskportal.admin_scoping import ensure_supervisors_group
from tests import builders
from tests.builders import World, build_world
from tests.security.html_forms import forms_of

pytestmark = pytest.mark.django_db

REGISTERED = sorted(admin.site._registry, key=lambda model: model._meta.label)


def _label(model) -> str:
    return model._meta.label


@pytest.fixture
def worlds(team, register, member, other_team, other_register, outsider) -> dict[str, World]:
    third = builders.make_team("Leisure Centre")
    third_member = builders.make_user("tia", first_name="Tia", last_name="Third")
    builders.add_member(third, third_member, Membership.Role.MEMBER)
    colleague = builders.make_user("max", first_name="Max", last_name="Colleague")
    builders.add_member(team, colleague, Membership.Role.MEMBER)
    second = builders.make_register(team, title="Second register of team A", owner=colleague)
    return {
        "A1": build_world(team, register, member, lambda name: f"A1 {name}"),
        "A2": build_world(team, second, colleague, lambda name: f"A2 {name}"),
        "B": build_world(other_team, other_register, outsider, lambda name: f"B {name}"),
        "C": build_world(
            third,
            builders.make_register(third, title="Third register", owner=third_member),
            third_member,
            lambda name: f"C {name}",
        ),
    }


@pytest.fixture
def attacker(team, other_team, worlds):
    """A supervisor of teams A and B with the admin."""
    user = builders.make_user("vic", first_name="Vic", last_name="Twoteams", is_staff=True)
    builders.add_member(team, user, Membership.Role.SUPERVISOR)
    builders.add_member(other_team, user, Membership.Role.SUPERVISOR)
    user.groups.add(ensure_supervisors_group(Group, Permission))
    return user


def _links(model) -> list[models.Field]:
    """Every forward foreign key, one-to-one and many-to-many of ``model``."""
    return [
        field
        for field in [*model._meta.fields, *model._meta.many_to_many]
        if field.is_relation and not field.auto_created and field.concrete
    ]


def _home(obj) -> tuple[int | None, int | None]:
    """(team id, register id) of any record; (None, None) for shared ones.

    Worked out here, from the fields, not by the code under test."""
    if isinstance(obj, Team):
        return obj.pk, None
    if isinstance(obj, Register):
        return obj.team_id, obj.pk
    names = {field.name for field in obj._meta.fields}
    if "register" in names:
        register = obj.register_id
    elif "risk" in names:
        register = obj.risk.register_id
    else:
        return getattr(obj, "team_id", None), None
    return Register.objects.get(pk=register).team_id, register


def _foreign(candidate, obj) -> bool:
    """Whether linking ``obj`` to ``candidate`` would cross a register or a team."""
    user_model = get_user_model()
    if isinstance(obj, user_model) or isinstance(candidate, models.Model) and candidate == obj:
        return False
    team, register = _home(obj)
    if isinstance(candidate, user_model):
        teams = set(Membership.objects.filter(user=candidate).values_list("team", flat=True))
        return team is not None and team not in teams
    their_team, their_register = _home(candidate)
    if their_team is None:
        return False  # shared: matrices, criteria, laws
    if register is not None and their_register is not None:
        return register != their_register
    return team != their_team


def _objects(world: World) -> list[models.Model]:
    return [*world.objects(), *world.shared.values()]


def _candidates(field, obj, worlds, names=("A2", "B", "C")) -> list[models.Model]:
    related = field.related_model
    found = {}
    for name in names:
        for candidate in _objects(worlds[name]):
            if isinstance(candidate, related) and _foreign(candidate, obj):
                found.setdefault((type(candidate), candidate.pk), candidate)
    return list(found.values())


def _points_at(obj, field, candidate) -> bool:
    value = _value(obj, field)
    return candidate.pk in value if field.many_to_many else value == candidate.pk


def _value(obj, field):
    fresh = type(obj)._default_manager.get(pk=obj.pk)
    if field.many_to_many:
        return sorted(getattr(fresh, field.name).values_list("pk", flat=True))
    return getattr(fresh, field.attname)


def _form_data(client, url: str) -> dict[str, list[str]]:
    response = client.get(url)
    assert response.status_code == 200, url
    (form,) = [f for f in forms_of(response.content.decode(), url) if f.action == url]
    return form.data()


def _with(data: dict, field, candidate, obj=None) -> dict:
    crafted = dict(data)
    if field.many_to_many:
        current = [str(pk) for pk in _value(obj, field)] if obj is not None else []
        crafted[field.name] = [*current, str(candidate.pk)]
    else:
        crafted[field.name] = [str(candidate.pk)]
    return crafted


def _url(model, view: str, *args) -> str:
    opts = model._meta
    return reverse(f"admin:{opts.app_label}_{opts.model_name}_{view}", args=args)


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_a_supervisor_cannot_move_a_record_across_registers_or_teams(
    client, attacker, worlds, model
):
    client.force_login(attacker)
    obj = worlds["A1"].object_of(model) or worlds["A1"].shared.get(model)
    if obj is None:
        # Nothing of this kind in a team's world: the admin must not open it to supervisors.
        assert client.get(_url(model, "changelist")).status_code == 403
        return
    url = _url(model, "change", obj.pk)
    page = client.get(url)
    changeable = page.status_code == 200 and page.context["has_change_permission"]
    if changeable:
        assert client.post(url, _form_data(client, url)).status_code == 302, "untouched post"
    tried, moved = 0, []
    for field in _links(model):
        before = _value(obj, field)
        for candidate in _candidates(field, obj, worlds):
            data = _form_data(client, url) if changeable else {}
            response = client.post(url, _with(data, field, candidate, obj))
            tried += 1
            assert response.status_code in (200, 302, 403, 404)
            if _points_at(obj, field, candidate):
                moved.append(f"{field.name} -> {type(candidate).__name__} {candidate}")
        if _value(obj, field) != before:
            moved.append(f"{field.name} changed")
    assert moved == []
    if any(_candidates(field, obj, worlds) for field in _links(model)):
        assert tried > 0


@pytest.mark.parametrize("model", REGISTERED, ids=_label)
def test_a_supervisor_cannot_add_a_record_under_another_teams_parent(
    client, attacker, worlds, model
):
    client.force_login(attacker)
    url = _url(model, "add")
    page = client.get(url)
    anchor = worlds["A1"].object_of(model)  # what "another team" is measured against
    data = _form_data(client, url) if page.status_code == 200 else {}
    tried, added = 0, []
    for field in _links(model):
        others = [
            candidate
            for candidate in _candidates(field, anchor, worlds, names=("C",))
            if anchor is not None
        ]
        for candidate in others:
            count = model._default_manager.count()
            response = client.post(url, _with(data, field, candidate))
            tried += 1
            assert response.status_code in (200, 302, 403, 404)
            if model._default_manager.count() != count:
                added.append(f"{field.name} -> {type(candidate).__name__} {candidate}")
    assert added == []
    if page.status_code != 200:
        assert page.status_code == 403


def test_it_enumerates_the_domains_admins():
    """The enumeration is not empty: the domain's models are all there."""
    labels = {_label(model) for model in REGISTERED}
    assert {"journeys.Stage", "assessments.Risk", "assessments.Action"} <= labels
    assert {"assessments.Review", "registers.Register", "assessments.Annotation"} <= labels


def test_the_world_crosses_every_domain_link(worlds):
    """Every link of a domain model has at least one foreign candidate to try."""
    missing = []
    for model in REGISTERED:
        if model._meta.app_label not in {"registers", "journeys", "assessments"}:
            continue
        if model in worlds["A1"].shared:
            continue  # matrices: shared by every team
        obj = worlds["A1"].object_of(model)
        assert obj is not None, _label(model)
        if _home(obj) == (None, None):
            continue  # of no team: shown to site administrators only (reminders sent)
        for field in _links(model):
            if field.related_model._meta.label in {"registers.RiskMatrix", "auth.Permission"}:
                continue  # shared by every team
            if not _candidates(field, obj, worlds):
                missing.append(f"{_label(model)}.{field.name}")
    assert missing == []
