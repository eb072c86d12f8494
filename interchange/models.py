"""An import in progress: the uploaded file and the choices made so far, between pages."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models

from riskportal.scoping import TeamScopedQuerySet


class ImportSessionQuerySet(TeamScopedQuerySet):
    team_path = "team"

    def of(self, user) -> ImportSessionQuerySet:
        """The user's own imports in teams they may still edit (another's answers 404)."""
        return self.editable_by(user).filter(created_by=user)


class ImportSession(models.Model):
    """One import, from upload to commit. The file is kept in the default storage, so any
    web host can pick up the next step; nothing is written to the register until commit."""

    class State(models.TextChoices):
        UPLOADED = "uploaded", "Uploaded"
        MAPPED = "mapped", "Mapped"
        COMMITTED = "committed", "Imported"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    team = models.ForeignKey(
        "registers.Team", on_delete=models.CASCADE, related_name="import_sessions"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="import_sessions"
    )
    register = models.ForeignKey(
        "registers.Register",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="import_sessions",
        help_text="The register imported into; empty while a new one is still to be made.",
    )
    new_register_title = models.CharField(max_length=160, blank=True)
    new_register_matrix = models.ForeignKey(
        "registers.RiskMatrix", on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    kind = models.CharField(max_length=10)
    file = models.FileField(upload_to="imports/%Y/%m/")
    filename = models.CharField(max_length=200)
    sheet = models.CharField(max_length=120, blank=True)
    header_row = models.PositiveIntegerField(default=1)
    mapping = models.JSONField(default=dict, blank=True)
    state = models.CharField(max_length=10, choices=State.choices, default=State.UPLOADED)
    created_at = models.DateTimeField(auto_now_add=True)
    committed_at = models.DateTimeField(null=True, blank=True)

    objects = ImportSessionQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(header_row__gte=1), name="import_header_row_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"Import of {self.filename}"

    @property
    def is_committed(self) -> bool:
        return self.state == self.State.COMMITTED
