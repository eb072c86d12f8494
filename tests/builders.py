"""Plain builders for test data; fixtures in conftest.py use them, tests may too."""

from __future__ import annotations

import itertools

from django.contrib.auth import get_user_model

from assessments.models import Category, Risk
from assessments.services import create_risk, rate_risk
from journeys.models import Stage
from registers.models import Membership, Register, RiskMatrix, Team

PASSWORD = "correct-horse-battery-staple"
_counter = itertools.count(1)


def make_user(username: str | None = None, **fields):
    username = username or f"user{next(_counter)}"
    return get_user_model().objects.create_user(
        username=username, password=PASSWORD, email=f"{username}@example.org", **fields
    )


def make_team(name: str | None = None) -> Team:
    n = next(_counter)
    name = name or f"Team {n}"
    return Team.objects.create(name=name, slug=f"team-{n}", organisation="Riverside Trust")


def add_member(team: Team, user, role: str = Membership.Role.MEMBER) -> Membership:
    return Membership.objects.create(team=team, user=user, role=role)


def preset(slug: str = "5x5-standard") -> RiskMatrix:
    """A preset matrix. Transactional (browser) tests flush the data migrations' rows, so
    the presets are loaded again when missing."""
    from registers.models import ConsequenceLevel, LikelihoodLevel, MatrixCell, RiskLevel
    from registers.presets import load_presets

    if not RiskMatrix.objects.filter(slug=slug, version=1).exists():
        load_presets(RiskMatrix, LikelihoodLevel, ConsequenceLevel, RiskLevel, MatrixCell)
    return RiskMatrix.objects.get(slug=slug, version=1)


def make_register(
    team: Team, *, title: str | None = None, matrix: str = "5x5-standard", **fields
) -> Register:
    return Register.objects.create(
        team=team, title=title or f"Register {next(_counter)}", matrix=preset(matrix), **fields
    )


def make_stage(register: Register, name: str | None = None, **fields) -> Stage:
    order = fields.pop("order", register.stages.count() + 1)
    return Stage.objects.create(
        register=register, name=name or f"Stage {next(_counter)}", order=order, **fields
    )


def make_risk(
    register: Register, *, stage: Stage | None = None, rating=None, residual=None, **fields
) -> Risk:
    """A risk, rated inherent with ``rating`` (L, F, R, H) and residual with ``residual``."""
    fields.setdefault("title", f"Risk {next(_counter)}")
    fields.setdefault("category", Category.FINANCIAL)
    risk = create_risk(register=register, stage=stage, **fields)
    for tier, values in (("inherent", rating), ("residual", residual)):
        if values:
            likelihood, finance, reputation, health_safety = values
            rate_risk(
                risk=risk,
                tier=tier,
                likelihood=likelihood,
                finance=finance,
                reputation=reputation,
                health_safety=health_safety,
                rationale=f"{tier} rating for the test",
            )
    risk.refresh_from_db()
    return risk


def force_update(queryset, **fields) -> int:
    """A bulk UPDATE that skips the audit guard: for tests that change rows behind the
    app's back (tampering, back-dating) to see how the app reacts."""
    from django.db.models import QuerySet

    return QuerySet.update(queryset, **fields)


def restore_migration_data() -> None:
    """Put back what data migrations create (matrix presets, the reference library, the
    criteria catalogue, the Supervisors group). Transactional tests empty every table when
    they end, and the next test must find the product as a fresh install has it."""
    import importlib

    from django.apps import apps
    from django.contrib.auth.models import Group

    from assessments.models import Reference
    from criteria.models import Criterion
    from riskportal.admin_scoping import SUPERVISORS_GROUP

    def replay(module: str) -> None:
        importlib.import_module(module).forwards(apps, None)

    if not RiskMatrix.objects.exists():
        replay("registers.migrations.0002_matrix_presets")
    if not Reference.objects.filter(team=None).exists():
        replay("assessments.migrations.0002_reference_library")
        replay("assessments.migrations.0008_reference_library_current")
    if not Criterion.objects.exists():
        replay("criteria.migrations.0002_catalogue")
    if not Group.objects.filter(name=SUPERVISORS_GROUP).exists():
        replay("assessments.migrations.0004_supervisors_group")


def revision_of(register: Register) -> int | None:
    """The current revision of ``register``, as the register pages read it."""
    from registers.revisions import with_revision

    return with_revision(Register.objects.filter(pk=register.pk)).values_list(
        "revision", flat=True
    )[0]
