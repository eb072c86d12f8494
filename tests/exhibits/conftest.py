from __future__ import annotations

import pytest

from exhibits.files import check_upload
from exhibits.services import attach_exhibit
from tests import builders
from tests.exhibits import samples


@pytest.fixture
def risk(register, stage):
    return builders.make_risk(register, stage=stage, title="Wet floor at the pool entrance")


@pytest.fixture
def other_risk(other_register):
    return builders.make_risk(other_register, title="Queue at the switchboard")


def make_exhibit(record, *, data: bytes | None = None, title: str = "Sign", by=None):
    checked = check_upload(samples.upload("sign.png", data or samples.png()))
    return attach_exhibit(record=record, checked=checked, title=title, uploaded_by=by)


@pytest.fixture
def exhibit(risk, member):
    return make_exhibit(risk, title="Wet-floor sign at the entrance", by=member)


@pytest.fixture
def other_exhibit(other_risk, outsider):
    return make_exhibit(other_risk, title="Switchboard rota", by=outsider)
