"""The customer journey: ordered stages of a register, with its moments of truth."""

from __future__ import annotations

from django.db import models
from simple_history.models import HistoricalRecords

from registers.models import Register
from riskportal.one_register import OneRegisterModel
from riskportal.scoping import RegisterScopedQuerySet


class StageQuerySet(RegisterScopedQuerySet):
    def moments_of_truth(self):
        return self.filter(is_moment_of_truth=True)


class Stage(OneRegisterModel):
    """One step of the customer journey (NOS PC1: map the process into stages).

    It stays in the register it was made in (``OneRegisterModel``): its risks and notes
    are of that register.
    """

    EMOTION_CHOICES = [
        (-2, "Very negative"),
        (-1, "Negative"),
        (0, "Neutral"),
        (1, "Positive"),
        (2, "Very positive"),
    ]

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="stages")
    order = models.PositiveSmallIntegerField(default=0)
    name = models.CharField(max_length=120)
    description = models.TextField(blank=True)
    customer_actions = models.TextField(blank=True, help_text="What the customer does here.")
    channels = models.CharField(
        max_length=200, blank=True, help_text="For example: phone, website, front desk."
    )
    emotion = models.SmallIntegerField(
        "customer emotion",
        choices=EMOTION_CHOICES,
        default=0,
        help_text="How the customer typically feels at this stage, -2 to +2.",
    )
    is_moment_of_truth = models.BooleanField("moment of truth", default=False)
    moment_of_truth_note = models.TextField(
        blank=True, help_text="How this moment can impress or disappoint the customer."
    )
    version = models.PositiveIntegerField(default=1, editable=False)

    objects = StageQuerySet.as_manager()
    history = HistoricalRecords()

    class Meta:
        ordering = ["register", "order", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(emotion__gte=-2) & models.Q(emotion__lte=2),
                name="stage_emotion_range",
            ),
            models.CheckConstraint(
                condition=models.Q(is_moment_of_truth=False) | ~models.Q(moment_of_truth_note=""),
                name="stage_moment_of_truth_has_note",
                violation_error_message=(
                    "Say how this moment of truth can impress or disappoint the customer."
                ),
            ),
            models.UniqueConstraint(fields=["register", "name"], name="stage_unique_name"),
        ]

    def __str__(self) -> str:
        return self.name
