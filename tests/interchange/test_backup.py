"""Round trips: a JSON backup loads back with nothing lost; an xlsx export imports back to
the same risks and ratings; the management commands do both from the command line."""

from __future__ import annotations

import json

import pytest
from django.core.management import CommandError, call_command

from assessments import reviews
from assessments.models import Review, Risk
from interchange import backup, exporters, importer, mapping
from registers.models import Register
from tests.builders import add_member, comparable, source_for

pytestmark = pytest.mark.django_db


def test_it_round_trips_every_field_and_history_record(register_with_history, other_team):
    first = backup.dump_register(register_with_history)
    assert all(
        first[name]
        for name in (
            "stages",
            "risks",
            "assessments",
            "actions",
            "consultations",
            "awareness",
            "reviews",
            "annotations",
            "swot",
            "pestle",
            "references",
        )
    )
    assert sum(len(item["history"]) for item in first["risks"]) >= 5
    copy = backup.load_register(json.loads(json.dumps(first)), team=other_team, users="all")
    second = backup.dump_register(Register.objects.get(pk=copy.pk))
    assert comparable(second) == comparable(first)
    assert copy.team == other_team and copy.pk != register_with_history.pk
    review = Review.objects.get(register=copy)
    assert review.state == "signed_off" and reviews.verify(review)
    assert {e["risk_id"] for e in review.snapshot} == set(copy.risks.values_list("pk", flat=True))


def test_it_loads_into_an_empty_database_creating_the_people(register_with_history, other_team):
    from django.contrib.auth import get_user_model

    data = json.loads(backup.dump_json(register_with_history))
    for risk in Risk.objects.all():  # one by one: the audit trail refuses bulk deletes
        risk.delete()
    for register in Register.objects.all():
        register.delete()
    get_user_model().objects.filter(username__in=["mia", "sam"]).delete()
    copy = backup.load_register(data, team=other_team, users="create")
    assert comparable(backup.dump_register(copy)) == comparable(data)
    mia = get_user_model().objects.get(username="mia")
    assert (mia.get_full_name(), mia.is_active, mia.has_usable_password()) == (
        "Mia Member",
        False,
        False,
    )


def test_it_leaves_people_empty_who_are_not_in_the_team(
    register_with_history, other_team, supervisor
):
    data = backup.dump_register(register_with_history)
    with pytest.raises(backup.BackupError, match="signed off by sam"):
        backup.load_register(data, team=other_team)
    add_member(other_team, supervisor, "supervisor")
    copy = backup.load_register(data, team=other_team)
    risk = copy.risks.get(number=1)
    assert risk.owner is None
    assert risk.history.first().history_user is None


def test_it_refuses_files_it_cannot_load(register_with_history, team):
    with pytest.raises(backup.BackupError, match="not a riskportal register backup"):
        backup.load_register({"hello": 1}, team=team)
    data = backup.dump_register(register_with_history)
    with pytest.raises(backup.BackupError, match="format version 99"):
        backup.load_register({**data, "version": 99}, team=team)
    with pytest.raises(backup.BackupError, match="already has a register"):
        backup.load_register(data, team=team)
    data["matrix"]["cells"][0][2] = "high"
    with pytest.raises(backup.BackupError, match="differs"):
        backup.load_register(data, team=team, title="Another")
    assert Register.objects.filter(team=team).count() == 1


def test_it_imports_its_own_xlsx_export_to_the_same_risks_and_ratings(
    register_with_history, member
):
    data = exporters.render(register_with_history, "xlsx")
    source = source_for(
        data,
        "export.xlsx",
        mapping.RISKS,
        register_with_history.team,
        sheet="Risks",
        new_register={"title": "Copy", "matrix": register_with_history.matrix_id},
    )
    assert "" not in source.mapping["columns"].values()  # every heading is understood
    copy, plan = importer.commit_import(source=source, user=member)
    assert not plan.errors, plan.errors

    def summary(register):
        return [
            (
                r.reference,
                r.title,
                r.stage.name if r.stage else "",
                r.category,
                r.tags,
                r.cause,
                r.event,
                r.consequence,
                r.owner,
                r.owner_name,
                r.decision,
                r.decision_rationale,
                r.status,
                r.notes,
                r.next_review_date,
                *[
                    (
                        a.tier,
                        a.likelihood,
                        a.consequence_finance,
                        a.consequence_reputation,
                        a.consequence_health_safety,
                        a.score,
                        a.level_code,
                        a.rationale,
                        a.assessed_at.date(),
                    )
                    if a
                    else None
                    for a in (r.inherent_rating, r.residual_rating)
                ],
            )
            for r in register.risks.select_related("stage", "inherent_rating", "residual_rating")
        ]

    assert summary(copy) == summary(register_with_history)


def test_the_commands_export_and_import_a_backup(register_with_history, other_team, tmp_path):
    path = tmp_path / "backup.json"
    call_command(
        "export_register", str(register_with_history.pk), "--format", "json", "-o", str(path)
    )
    call_command(
        "import_register", str(path), "--team", other_team.slug, "--users", "all", "--dry-run"
    )
    assert not Register.objects.filter(team=other_team).exists()
    call_command("import_register", str(path), "--team", other_team.slug, "--users", "all")
    copy = Register.objects.get(team=other_team)
    assert comparable(backup.dump_register(copy)) == comparable(json.loads(path.read_text()))


def test_the_import_command_maps_and_reports_spreadsheets(team, tmp_path, capsys):
    from tests.builders import PMO

    mapping = tmp_path / "mapping.json"
    mapping.write_text(json.dumps({"options": {"default_category": "substandard_delivery"}}))
    call_command(
        "import_register",
        str(PMO / "risk_register.csv"),
        "--team",
        team.slug,
        "--register",
        "PMO",
        "--mapping",
        str(mapping),
    )
    assert Register.objects.get(title="PMO").risks.count() == 37
    with pytest.raises(CommandError, match="nothing was written"):
        call_command(
            "import_register",
            str(PMO / "mitigation_actions.csv"),
            "--team",
            team.slug,
            "--register",
            "PMO",
            "--kind",
            "actions",
            "--mapping",
            str(mapping),
            "--header-row",
            "2",
        )
    assert "error" in capsys.readouterr().out
