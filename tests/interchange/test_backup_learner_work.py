"""The learner's own words travel with a register's backup: explanations (with every saved
version and their example records), signed declarations, and the findings they dismissed
with their reasons, re-pointed at the restored records."""

from __future__ import annotations

import copy
import json

import pytest

from assessments.models import Risk
from checks.models import Dismissal
from criteria.declaration_views import sign_declaration
from criteria.explanations import save_explanation
from criteria.models import Criterion, Declaration, Explanation
from interchange import backup
from interchange.backup_checks import BackupError
from registers.models import Register
from tests.builders import comparable

pytestmark = pytest.mark.django_db


@pytest.fixture
def learner_register(register_with_history, member):
    risks = list(Risk.objects.filter(register=register_with_history).order_by("pk"))
    action = register_with_history.actions.order_by("pk").first()
    k7 = Criterion.objects.get(code="NOS K7")
    save_explanation(
        register=register_with_history, criterion=k7, text="First go.", risks=risks[:1], by=member
    )
    save_explanation(
        register=register_with_history,
        criterion=k7,
        text="Likelihood times the worst consequence, as on the wet floor.",
        risks=risks,
        actions=[action],
        by=member,
    )
    sign_declaration(register=register_with_history, by=member)
    stage = register_with_history.stages.order_by("pk").first()
    Dismissal.objects.create(
        register=register_with_history,
        rule="review-cadence",
        record=f"risk:{risks[1].pk}",
        reference="R-002",
        reason="Reviewed weekly at the team huddle.",
        dismissed_by=member,
    )
    Dismissal.objects.create(
        register=register_with_history,
        rule="stage-gaps",
        record=f"stage:{stage.pk}:financial",
        reference=stage.name,
        reason="No money changes hands at the door.",
        dismissed_by=member,
    )
    return register_with_history


def _restore(data, team):
    copy_ = backup.load_register(json.loads(json.dumps(data)), team=team, users="all")
    return Register.objects.get(pk=copy_.pk)


def test_explanations_declarations_and_dismissals_round_trip(learner_register, other_team):
    first = backup.dump_register(learner_register)
    assert [e["criterion"] for e in first["explanations"]] == ["NOS K7"]
    saved = [h["values"]["text"] for h in first["explanations"][0]["history"]]
    assert saved[0] == "First go." and saved[-1].startswith("Likelihood")  # every version
    assert len(first["declarations"]) == 1 and len(first["dismissals"]) == 2
    restored = _restore(first, other_team)
    assert comparable(backup.dump_register(restored)) == comparable(first)

    explanation = Explanation.objects.get(register=restored)
    assert explanation.text.startswith("Likelihood times")
    assert {r.register_id for r in explanation.risks.all()} == {restored.pk}
    assert explanation.risks.count() == Risk.objects.filter(register=restored).count()
    versions = [h.text for h in explanation.history.order_by("history_date", "history_id")]
    assert versions == saved
    declaration = Declaration.objects.get(register=restored)
    assert declaration.signed_by.username == "mia"
    records = set(Dismissal.objects.filter(register=restored).values_list("record", flat=True))
    restored_risk = Risk.objects.filter(register=restored).order_by("pk")[1]
    restored_stage = restored.stages.order_by("pk").first()
    assert records == {f"risk:{restored_risk.pk}", f"stage:{restored_stage.pk}:financial"}


def test_a_dismissal_of_a_deleted_record_is_left_out_of_the_backup(learner_register):
    risk = Risk.objects.filter(register=learner_register).order_by("pk")[1]
    risk.delete()
    assert [d["rule"] for d in backup.dump_register(learner_register)["dismissals"]] == [
        "stage-gaps"
    ]


@pytest.mark.parametrize(
    "record, message",
    [
        ("risk:999", "names risk 999, which is not in the file"),
        ("stage:x", "is not a record of the register"),
        ("account:1", "is not a record of the register"),
        (7, "expected text, found a number"),
    ],
)
def test_a_dismissal_naming_no_record_of_the_file_is_refused(
    learner_register, other_team, record, message
):
    data = backup.dump_register(learner_register)
    data["dismissals"][0]["record"] = record
    with pytest.raises(BackupError, match=message):
        _restore(data, other_team)
    assert not Register.objects.filter(team=other_team).exists()


def test_an_unknown_criterion_or_a_stranger_signing_is_refused(learner_register, other_team):
    data = backup.dump_register(learner_register)
    bad = copy.deepcopy(data)
    bad["explanations"][0]["criterion"] = "NOS K99"
    with pytest.raises(BackupError, match="criterion 'NOS K99'"):
        _restore(bad, other_team)
    bad = copy.deepcopy(data)
    bad["declarations"][0]["signed_by"] = "nobody"
    with pytest.raises(BackupError, match="Declaration 1 was signed by nobody"):
        _restore(bad, other_team)
    bad = copy.deepcopy(data)
    bad["explanations"][0]["criterion"] = 3
    with pytest.raises(BackupError, match="a criterion code"):
        _restore(bad, other_team)
    assert not Register.objects.filter(team=other_team).exists()


def test_a_backup_without_these_lists_still_loads(learner_register, other_team):
    data = backup.dump_register(learner_register)
    for name in ("explanations", "declarations", "dismissals"):
        del data[name]
    restored = _restore(data, other_team)
    assert not Explanation.objects.filter(register=restored).exists()
