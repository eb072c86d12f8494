"""Bulk writes that the audit trail would not see are refused on audited models."""

from __future__ import annotations

import pytest

from assessments.models import Action, Review, Risk
from journeys.models import Stage
from registers.models import Register, Team
from riskportal.scoping import BulkChangeRefused, bulk_writes_recorded_by_caller
from tests.builders import make_risk

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("model", [Register, Stage, Risk, Action, Review])
def test_it_refuses_bulk_update_and_delete_on_audited_models(model, register, stage):
    make_risk(register, stage=stage, rating=(2, 2, 2, 2))
    rows = model.objects.all()
    with pytest.raises(BulkChangeRefused, match="audit trail"):
        rows.update(version=99)
    with pytest.raises(BulkChangeRefused):
        rows.delete()
    with pytest.raises(BulkChangeRefused):
        model.objects.bulk_update(list(rows), ["version"])
    assert not model.objects.filter(version=99).exists()


def test_single_changes_go_through_and_are_recorded(register, stage, member):
    risk = make_risk(register, stage=stage)
    risk.title = "Renamed"
    risk.save()
    assert risk.history.first().title == "Renamed"
    risk_id = risk.pk
    risk.delete()
    assert Risk.history.filter(id=risk_id, history_type="-").exists()


def test_models_without_history_keep_bulk_updates(team):
    assert Team.objects.filter(pk=team.pk).update(organisation="Trust") == 1


def test_a_caller_that_records_history_itself_may_bulk_update(register, stage):
    risk = make_risk(register, stage=stage)
    with bulk_writes_recorded_by_caller():
        assert Risk.objects.filter(pk=risk.pk).update(title="Imported") == 1
    with pytest.raises(BulkChangeRefused):
        Risk.objects.filter(pk=risk.pk).update(title="Again")


def test_the_admin_deletes_selected_objects_one_by_one(admin_client, register, stage):
    risks = [make_risk(register, stage=stage) for _ in range(2)]
    response = admin_client.post(
        "/admin/assessments/risk/",
        {"action": "delete_selected", "_selected_action": [r.pk for r in risks], "post": "yes"},
    )
    assert response.status_code == 302
    assert not Risk.objects.filter(pk__in=[r.pk for r in risks]).exists()
    assert Risk.history.filter(history_type="-").count() == 2
