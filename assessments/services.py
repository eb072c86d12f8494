"""Workflows that touch several models: creating and rating risks.

Each function is atomic and takes keyword-only arguments. The rating level comes from
``registers.rating.rate`` and nowhere else.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Max
from django.utils import timezone

from assessments.models import Assessment, Risk
from registers.rating import next_review_date, rate


@transaction.atomic
def create_risk(*, register, created_by=None, **fields) -> Risk:
    """Create a risk with the next reference number in its register (R-001, R-002...)."""
    last = Risk.objects.filter(register=register).aggregate(n=Max("number"))["n"] or 0
    risk = Risk(register=register, number=last + 1, **fields)
    risk.full_clean()
    risk.save()
    return risk


@transaction.atomic
def rate_risk(
    *,
    risk: Risk,
    tier: str,
    likelihood,
    finance,
    reputation,
    health_safety,
    rationale: str,
    assessed_by=None,
    assessed_at=None,
) -> Assessment:
    """Append a rating to ``risk`` and update its latest levels and next review date.

    Raises ``ValidationError`` for values off the register's matrix or a missing rationale.
    """
    matrix = risk.register.matrix
    result = rate(
        matrix.spec,
        likelihood=likelihood,
        finance=finance,
        reputation=reputation,
        health_safety=health_safety,
    )
    assessment = Assessment.from_rating(
        risk=risk,
        tier=tier,
        matrix=matrix,
        rating=result,
        rationale=rationale,
        assessed_by=assessed_by,
        assessed_at=assessed_at or timezone.now(),
    )
    assessment.full_clean()
    assessment.save()
    if tier in (Assessment.Tier.RESIDUAL, Assessment.Tier.CURRENT):
        # A "current" re-rating says where the risk stands now, as a residual rating does.
        risk.residual_rating = assessment
    else:
        risk.inherent_rating = assessment
    current = risk.current_rating
    risk.next_review_date = next_review_date(
        current.review_level,
        from_date=timezone.localtime(assessment.assessed_at).date(),
        cadence=risk.register.cadence,
    )
    risk.save(
        update_fields=["inherent_rating", "residual_rating", "next_review_date", "updated_at"]
    )
    return assessment
