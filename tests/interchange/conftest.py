"""Fixtures for import and export: the real PMO register files and helpers to run imports."""

from __future__ import annotations

from pathlib import Path

import pytest

from interchange import importer, mapping, readers
from riskportal.history import RESTORED_REASON, is_restored

#: The real register files, kept in the repository with their licence (tests/data/README.md).
PMO = Path(__file__).resolve().parents[1] / "data" / "pmo-risk-register"

#: How a person would map the PMO categories onto ours (the rest become tags only).
PMO_CATEGORIES = {
    "Supplier & Delivery": "substandard_delivery",
    "Cost & Commercial": "financial",
    "Engineering & Design Change": "substandard_delivery",
    "Schedule & Programme": "substandard_delivery",
    "Regulatory & Consents": "reputational",
    "Resourcing & Capability": "substandard_delivery",
    "Health & Safety": "health_safety",
}


#: What a backup load assigns anew, as docs/backup-format.md says (the review hash covers
#: database ids).
REASSIGNED = {"exported_at", "team"}


def comparable(data: dict) -> dict:
    """A dumped register without what a load assigns anew: two dumps of the same register,
    before and after a backup round trip, compare equal."""
    data = {k: v for k, v in data.items() if k not in REASSIGNED}
    data["reviews"] = [{k: v for k, v in r.items() if k != "content_hash"} for r in data["reviews"]]
    return _without_restored_marks(data)


def _without_restored_marks(value):
    """The data with "Restored from a backup" taken off history reasons: a restore marks
    every history row it writes (tests/interchange/test_backup_trust.py checks that)."""
    if isinstance(value, list):
        return [_without_restored_marks(v) for v in value]
    if not isinstance(value, dict):
        return value
    value = {k: _without_restored_marks(v) for k, v in value.items()}
    if "reason" in value and "values" in value and is_restored(value["reason"]):
        reason = value["reason"].removeprefix(RESTORED_REASON).removeprefix(": ")
        value["reason"] = reason or None
    return value


def pmo_bytes(name: str) -> bytes:
    return (PMO / name).read_bytes()


def source_for(
    data: bytes,
    name: str,
    kind: str,
    team,
    *,
    register=None,
    new_register=None,
    header_row: int = 1,
    sheet: str | None = None,
    **mapping_changes,
) -> importer.Source:
    """A Source with the default (guessed) mapping, then ``mapping_changes`` applied:
    ``columns={"Header": "field"}``, ``values={"group": {...}}``, ``options={...}``."""
    table = readers.read(data, name, sheet=sheet)
    source = importer.Source(
        kind=kind,
        table=table,
        filename=name,
        team=team,
        header_row=header_row,
        register=register,
        new_register=new_register,
    )
    source.mapping = importer.default_mapping(source)
    headers = importer.header_names(table, header_row)
    for header, key in mapping_changes.get("columns", {}).items():
        source.mapping["columns"][str(headers.index(header))] = key
    for group, values in mapping_changes.get("values", {}).items():
        source.mapping["values"].setdefault(group, {}).update(values)
    source.mapping["options"].update(mapping_changes.get("options", {}))
    return source


@pytest.fixture
def import_risks_from_pmo(team, member):
    """Import the PMO risk register into a new register of ``team``; returns it."""

    def run(title: str = "PMO register", **changes):
        source = source_for(
            pmo_bytes("risk_register.csv"),
            "risk_register.csv",
            mapping.RISKS,
            team,
            new_register={"title": title, "matrix": _matrix_id()},
            values={"category": PMO_CATEGORIES},
            **changes,
        )
        register, _ = importer.commit_import(source=source, user=member)
        return register

    return run


def _matrix_id() -> int:
    from tests.builders import preset

    return preset().pk


@pytest.fixture
def rich_register(register, stage, member, supervisor):
    """A register with every kind of record, built through the services so that its
    history is real: edits, re-ratings, a signed-off review, links and annotations."""
    import datetime as dt
    from decimal import Decimal

    import time_machine

    from assessments import reviews
    from assessments.models import (
        Action,
        Annotation,
        AwarenessRecord,
        Consultation,
        PestleItem,
        Reference,
        Review,
        SwotItem,
    )
    from assessments.services import rate_risk
    from tests.builders import make_risk, make_stage

    with time_machine.travel(dt.datetime(2026, 1, 5, 9, 0, tzinfo=dt.UTC), tick=False):
        till = make_stage(
            register,
            "Paying",
            is_moment_of_truth=True,
            moment_of_truth_note="A queue at the till spoils the visit.",
        )
        law = Reference.objects.create(title="Occupiers Liability Act 1957", kind="law")
        policy = Reference.objects.create(team=register.team, title="Refund policy", kind="policy")
        slip = make_risk(
            register,
            stage=stage,
            title="Wet floor at the entrance",
            category="health_safety",
            tags=["well-being"],
            cause="Rain walked in",
            event="A customer slips",
            consequence="Injury, claim",
            owner=member,
            rating=(3, 2, 3, 4),
            notes='=HYPERLINK("http://evil")\nsecond line',
        )
        refund = make_risk(
            register,
            stage=till,
            title="Refund refused wrongly",
            category="reputational",
            owner_name="Duty manager",
            decision="tolerate",
            decision_rationale="Rare, cheap",
            rating=(2, 2, 2, 1),
        )
        refund.references.add(law, policy)
    with time_machine.travel(dt.datetime(2026, 2, 10, 9, 0, tzinfo=dt.UTC), tick=False):
        rate_risk(
            risk=slip,
            tier="residual",
            likelihood=2,
            finance=1,
            reputation=2,
            health_safety=3,
            rationale="Mats and signs",
            assessed_by=member,
        )
        slip.refresh_from_db()
        slip.decision, slip.decision_rationale = "treat", "Cheap to fix"
        slip.save()
        mats = Action.objects.create(
            register=register,
            description="Buy entrance mats",
            kind="preventive",
            owner=member,
            due_date=dt.date(2026, 2, 28),
            status="done",
            completed_on=dt.date(2026, 2, 20),
            cost_one_off=Decimal("120.50"),
            benefit_annual=Decimal("400"),
        )
        mats.risks.add(slip, refund)
        mats.references.add(policy)
        consultation = Consultation.objects.create(
            register=register,
            risk=slip,
            group="team",
            people="Desk team",
            summary="Agreed mats",
            date=dt.date(2026, 2, 9),
        )
        AwarenessRecord.objects.create(
            risk=slip,
            audience="customers",
            method="signage",
            date=dt.date(2026, 2, 11),
            delivered_by="Mia",
        )
        swot = SwotItem.objects.create(register=register, quadrant="threat", text="Winter")
        swot.risks.add(slip)
        PestleItem.objects.create(register=register, factor="legal", text="Claims culture")
        review = Review.objects.create(
            register=register,
            date=dt.date(2026, 2, 12),
            reviewer=member,
            attendees="Mia, Sam",
            minutes="Went through both",
            outcome="Keep",
        )
        review.risks.add(slip, refund)
    with time_machine.travel(dt.datetime(2026, 2, 13, 9, 0, tzinfo=dt.UTC), tick=False):
        reviews.submit_review(review=review, by=member)
        reviews.sign_off_review(review=review, by=supervisor, comment="Good")
        for target in (
            {"risk": slip},
            {"action": mats},
            {"consultation": consultation},
            {"assessment": slip.inherent_rating},
            {"stage": till},
            {"review": review},
        ):
            Annotation.objects.create(
                register=register, text="Why I did this", author=member, **target
            )
    register.refresh_from_db()
    return register
