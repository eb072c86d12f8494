"""The demo passes every problem-level consistency check, and keeps two findings dismissed
with their reasons so the evidence pack shows the section at work."""

from __future__ import annotations

import pytest

from checks.loading import register_report
from demo.loader import seed_demo

pytestmark = pytest.mark.django_db


def test_the_demo_registers_have_no_open_problem():
    result = seed_demo()
    assert len(result.created) == 2
    for register in result.created:
        report = register_report(register)
        assert [f"{f.rule.id} {f.reference}" for f in report.problems] == [], register.title
    riverside = next(r for r in result.created if r.title == "Front desk customer journey")
    report = register_report(riverside)
    assert report.open == []
    reasons = {finding.rule.id: dismissal.reason for finding, dismissal in report.dismissed}
    assert set(reasons) == {"stage-category-gap", "consequence-words"}
    assert all(len(reason) > 60 for reason in reasons.values())
