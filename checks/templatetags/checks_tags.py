"""``{% risk_checks register risk %}``: the consistency checks' findings on one risk, for
the risk page (one query; see ``checks.loading.risk_report``)."""

from __future__ import annotations

from django import template

from checks.loading import risk_report

register = template.Library()


@register.inclusion_tag("checks/_risk.html")
def risk_checks(register_obj, risk) -> dict:
    return {"register": register_obj, "checks": risk_report(register_obj, risk.pk)}
