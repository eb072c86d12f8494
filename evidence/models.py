"""Background exports: a job per large evidence pack, rendered by ``run_export_jobs``."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.urls import reverse
from django.utils import timezone

from registers.models import Register
from riskportal.scoping import RegisterScopedQuerySet


class ExportJobQuerySet(RegisterScopedQuerySet):
    def queued(self):
        return self.filter(status=ExportJob.Status.QUEUED).order_by("created_at", "pk")


class ExportJob(models.Model):
    """One evidence pack to render in the background; the PDF goes to default storage."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for the export worker"
        RUNNING = "running", "Being prepared"
        DONE = "done", "Ready to download"
        FAILED = "failed", "Failed"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    register = models.ForeignKey(
        Register, on_delete=models.CASCADE, related_name="evidence_exports"
    )
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="evidence_exports"
    )
    options = models.JSONField(default=dict, help_text="The PackOptions chosen, as JSON.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    file = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    pages = models.PositiveIntegerField(null=True, blank=True)
    error = models.TextField(blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = ExportJobQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["status", "created_at"], name="exportjob_status_created")]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | ~models.Q(file=""),
                name="exportjob_done_has_file",
            ),
        ]

    def __str__(self) -> str:
        return f"Evidence pack of {self.register_id} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse("evidence:job", kwargs={"register_id": self.register_id, "job_id": self.pk})

    @property
    def is_pending(self) -> bool:
        return self.status in (self.Status.QUEUED, self.Status.RUNNING)
