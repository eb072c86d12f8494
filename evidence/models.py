"""Evidence pack exports: what a user asked for, how far the worker is, and the PDF.

The queue itself is django-tasks (``evidence.tasks``); a ``PackExport`` is the part a
person sees: its status and phase, pages laid out so far, the finished file (in the
default storage) or a message saying why it failed.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models, transaction
from django.db.models.signals import post_delete
from django.dispatch import receiver
from django.urls import reverse
from django.utils import timezone

from registers.models import Register
from riskportal.scoping import RegisterScopedQuerySet

#: Pages of a pack of a register with no risks (cover, contents, matrix, context...) and
#: pages each risk adds, measured on the demo and generated registers
#: (benchmarks/README.md: 24 risks 50 pages, 200 risks 216 pages). Only for estimates.
BASE_PAGES = 28
PAGES_PER_RISK = 0.95
#: Seconds WeasyPrint takes a page on the reference machine (about 7 pages a second).
SECONDS_PER_PAGE = 0.15


class PackExportQuerySet(RegisterScopedQuerySet):
    def pending(self):
        return self.filter(status__in=PackExport.PENDING)

    def ready(self):
        return self.filter(status=PackExport.Status.DONE)

    def of(self, user):
        """The exports ``user`` asked for, in the registers they can still see."""
        return self.visible_to(user).filter(requested_by=user)

    def to_mention(self, user, now: dt.datetime):
        """``user``'s exports running now or finished in the last day, for the dashboard."""
        recent = models.Q(status=PackExport.Status.DONE, finished_at__gte=now - dt.timedelta(1))
        return (
            self.of(user)
            .filter(recent | models.Q(status__in=PackExport.PENDING))
            .select_related("register")
        )


class PackExport(models.Model):
    """One evidence pack a user asked for; rendered by a task, kept for a few days."""

    class Status(models.TextChoices):
        QUEUED = "queued", "Waiting for a worker"
        RUNNING = "running", "Being prepared"
        DONE = "done", "Ready to download"
        FAILED = "failed", "Failed"

    class Phase(models.TextChoices):
        QUEUED = "queued", "Queued"
        READING = "reading", "Reading the register"
        LAYOUT = "layout", "Laying out the pages"
        SAVING = "saving", "Saving the PDF"
        DONE = "done", "Done"

    PENDING = (Status.QUEUED, Status.RUNNING)
    #: The steps shown on the progress page, in order (saving is part of the last one).
    STEPS = (Phase.QUEUED, Phase.READING, Phase.LAYOUT, Phase.DONE)

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="pack_exports")
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="pack_exports"
    )
    options = models.JSONField(default=dict, help_text="The PackOptions chosen, as JSON.")
    status = models.CharField(max_length=10, choices=Status.choices, default=Status.QUEUED)
    phase = models.CharField(max_length=10, choices=Phase.choices, default=Phase.QUEUED)
    pages_expected = models.PositiveIntegerField(
        default=0, help_text="Estimated pages, for the time estimate."
    )
    pages_done = models.PositiveIntegerField(default=0, help_text="Pages laid out so far.")
    pages = models.PositiveIntegerField(null=True, blank=True)
    file = models.FileField(upload_to="evidence/%Y/%m/", blank=True)
    filename = models.CharField(max_length=200, blank=True)
    error = models.TextField(blank=True)
    task_id = models.CharField(max_length=64, blank=True, help_text="The django-tasks result.")
    attempts = models.PositiveSmallIntegerField(default=0)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    heartbeat_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    objects = PackExportQuerySet.as_manager()

    class Meta:
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["requested_by", "status"], name="packexport_user_status"),
            models.Index(fields=["status", "heartbeat_at"], name="packexport_status_heartbeat"),
        ]
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(status="done") | ~models.Q(file=""),
                name="packexport_done_has_file",
            ),
            # One export per user and register at a time: a second request joins it.
            models.UniqueConstraint(
                fields=["register", "requested_by"],
                condition=models.Q(status__in=["queued", "running"]),
                name="packexport_one_pending_per_user_register",
            ),
        ]

    def __str__(self) -> str:
        return f"Evidence pack of {self.register_id} ({self.get_status_display().lower()})"

    def get_absolute_url(self) -> str:
        return reverse(
            "evidence:export", kwargs={"register_id": self.register_id, "export_id": self.pk}
        )

    def get_download_url(self) -> str:
        return reverse(
            "evidence:download", kwargs={"register_id": self.register_id, "export_id": self.pk}
        )

    @property
    def is_pending(self) -> bool:
        return self.status in self.PENDING

    @property
    def is_done(self) -> bool:
        return self.status == self.Status.DONE

    # --- Progress, as the progress page shows it ---------------------------------------

    def steps(self) -> list[dict]:
        """Each step with ``state`` "done", "current" or "todo" (failed: where it stopped)."""
        phase = self.Phase.DONE if self.is_done else self.phase
        if phase == self.Phase.SAVING:
            phase = self.Phase.LAYOUT
        current = self.STEPS.index(phase) if phase in self.STEPS else 0
        states = []
        for index, step in enumerate(self.STEPS):
            if index < current or self.is_done:
                state = "done"
            elif index == current:
                state = "failed" if self.status == self.Status.FAILED else "current"
            else:
                state = "todo"
            states.append({"label": step.label, "state": state})
        return states

    def elapsed(self, now: dt.datetime | None = None) -> dt.timedelta:
        end = self.finished_at or now or timezone.now()
        return max(end - self.created_at, dt.timedelta(0))

    def seconds_left(self, now: dt.datetime | None = None) -> int | None:
        """Seconds to go, from the pages expected and, once layout has begun, its pace."""
        if not self.is_pending:
            return None
        expected = max(self.pages_expected, self.pages_done, 1)
        per_page = SECONDS_PER_PAGE
        if self.phase in (self.Phase.LAYOUT, self.Phase.SAVING) and self.pages_done >= 3:
            laid_out_for = (now or timezone.now()) - (self.started_at or self.created_at)
            per_page = max(laid_out_for.total_seconds(), 0.1) / self.pages_done
        to_go = expected - (
            self.pages_done if self.phase in (self.Phase.LAYOUT, self.Phase.SAVING) else 0
        )
        # Writing the PDF takes about a fifth of the layout time.
        return max(1, round(to_go * per_page + expected * per_page * 0.2))

    #: Seconds in the queue after which the progress page says no worker has taken it.
    WAITING_LONG_SECONDS = 60

    def waiting_long(self, now: dt.datetime | None = None) -> bool:
        return (
            self.status == self.Status.QUEUED
            and self.elapsed(now).total_seconds() > self.WAITING_LONG_SECONDS
        )

    def elapsed_text(self) -> str:
        return duration_text(round(self.elapsed().total_seconds()))

    def estimate_text(self) -> str:
        seconds = self.seconds_left()
        return "" if seconds is None else f"about {duration_text(seconds)}"

    @property
    def percent(self) -> int:
        if self.is_done:
            return 100
        if self.phase in (self.Phase.QUEUED,) or not self.pages_expected:
            return 0 if self.phase == self.Phase.QUEUED else 5
        if self.phase == self.Phase.READING:
            return 5
        if self.phase == self.Phase.SAVING:
            return 90
        return min(85, 5 + round(80 * self.pages_done / max(self.pages_expected, 1)))


def duration_text(seconds: int) -> str:
    """``"42 s"``, ``"3 min 5 s"``."""
    minutes, seconds = divmod(max(int(seconds), 0), 60)
    return f"{minutes} min {seconds} s" if minutes else f"{seconds} s"


def expected_pages(register: Register, risk_count: int) -> int:
    """Pages a pack of ``register`` is likely to have: the last one's, else from its size."""
    last = (
        PackExport.objects.filter(register=register, status=PackExport.Status.DONE)
        .order_by("-finished_at")
        .values_list("pages", flat=True)
        .first()
    )
    return last or round(BASE_PAGES + PAGES_PER_RISK * risk_count)


@receiver(post_delete, sender=PackExport, dispatch_uid="evidence-delete-export-file")
def delete_file(sender, instance: PackExport, **kwargs) -> None:
    """An export's PDF goes with it (also when its register or user is deleted)."""
    if instance.file:
        name, storage = instance.file.name, instance.file.storage
        transaction.on_commit(lambda: storage.delete(name))
