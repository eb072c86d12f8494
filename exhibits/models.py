"""Exhibits: files a learner attaches to a record of a register (a photo of a sign, a
briefing register, a supplier's quote, minutes), numbered E1, E2... in their register."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils import timezone

from assessments.models import Action, AwarenessRecord, Consultation, Review, Risk, exactly_one_set
from registers.models import Register
from riskportal.one_register import OneRegisterModel
from riskportal.scoping import RegisterScopedQuerySet

#: The records an exhibit can support, as (field, label) in the order the pages list them.
EXHIBIT_TARGETS = ("risk", "action", "consultation", "awareness", "review")
TARGET_LABELS = {
    "risk": "Risk",
    "action": "Action",
    "consultation": "Consultation",
    "awareness": "Awareness record",
    "review": "Review",
}


def exhibit_storage_name(instance: Exhibit, filename: str) -> str:
    """Where the file is stored: a fresh random name under its register, never the name
    the browser sent (``filename`` is ignored but for nothing), with the extension of the
    type its content was found to be."""
    extension = Exhibit.EXTENSIONS[instance.content_type]
    return f"exhibits/{instance.register_id}/{uuid.uuid4().hex}{extension}"


class ExhibitQuerySet(RegisterScopedQuerySet):
    def with_targets(self) -> ExhibitQuerySet:
        """Exhibits with the record each one supports and the uploader (one query)."""
        return self.select_related(
            "risk", "action", "consultation__risk", "awareness__risk", "review", "uploaded_by"
        )

    def supporting(self, record) -> ExhibitQuerySet:
        """The exhibits attached to ``record`` (a risk, action, consultation, awareness
        record or review)."""
        return self.filter(**{Exhibit.target_field(record): record})


class Exhibit(OneRegisterModel):
    """A checked file supporting one record of its register.

    Only PDF, PNG and JPEG, recognised by their content (``exhibits.files``); images are
    stored re-encoded, so what is kept is exactly what was checked. ``sha256`` is taken
    over the stored bytes, so anyone can check a downloaded copy against the printed pack.
    """

    TARGETS = EXHIBIT_TARGETS
    fixed_parents = ("register", *EXHIBIT_TARGETS)
    same_register = EXHIBIT_TARGETS

    class Type(models.TextChoices):
        PDF = "application/pdf", "PDF"
        PNG = "image/png", "PNG image"
        JPEG = "image/jpeg", "JPEG image"

    EXTENSIONS = {Type.PDF: ".pdf", Type.PNG: ".png", Type.JPEG: ".jpg"}

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="exhibits")
    number = models.PositiveIntegerField(editable=False)
    risk = models.ForeignKey(
        Risk, on_delete=models.CASCADE, null=True, blank=True, related_name="exhibits"
    )
    action = models.ForeignKey(
        Action, on_delete=models.CASCADE, null=True, blank=True, related_name="exhibits"
    )
    consultation = models.ForeignKey(
        Consultation, on_delete=models.CASCADE, null=True, blank=True, related_name="exhibits"
    )
    awareness = models.ForeignKey(
        AwarenessRecord,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="exhibits",
        verbose_name="awareness record",
    )
    review = models.ForeignKey(
        Review, on_delete=models.CASCADE, null=True, blank=True, related_name="exhibits"
    )
    title = models.CharField(
        "title or caption",
        max_length=160,
        help_text="What it shows, as the assessor should read it (e.g. “Wet-floor sign at "
        "the pool entrance”).",
    )
    file = models.FileField(upload_to=exhibit_storage_name, max_length=200, editable=False)
    content_type = models.CharField(max_length=20, choices=Type.choices, editable=False)
    size = models.PositiveBigIntegerField("size in bytes", editable=False)
    sha256 = models.CharField("SHA-256", max_length=64, editable=False)
    pages = models.PositiveIntegerField(null=True, blank=True, editable=False)
    width = models.PositiveIntegerField(null=True, blank=True, editable=False)
    height = models.PositiveIntegerField(null=True, blank=True, editable=False)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        editable=False,
    )
    uploaded_at = models.DateTimeField(default=timezone.now, editable=False)

    objects = ExhibitQuerySet.as_manager()

    class Meta:
        ordering = ["register", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "number"], name="exhibit_number_unique_in_register"
            ),
            models.CheckConstraint(
                condition=exactly_one_set(*EXHIBIT_TARGETS),
                name="exhibit_exactly_one_target",
                violation_error_message="An exhibit supports exactly one record.",
            ),
            models.CheckConstraint(
                condition=models.Q(content_type__in=["application/pdf", "image/png", "image/jpeg"]),
                name="exhibit_known_type",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.label} {self.title}"

    @property
    def label(self) -> str:
        """``E1``, ``E2``...: how the pack and the pages cite it."""
        return f"E{self.number}"

    @property
    def is_image(self) -> bool:
        return self.content_type != self.Type.PDF

    @property
    def extension(self) -> str:
        return self.EXTENSIONS[self.content_type]

    @property
    def kind(self) -> str:
        """The field naming the record it supports: ``risk``, ``action``..."""
        return next(name for name in self.TARGETS if getattr(self, f"{name}_id"))

    @property
    def target(self):
        return getattr(self, self.kind)

    @property
    def target_label(self) -> str:
        """The record it supports, as a reader names it ("R-003 Wet floor", "Review 4 Mar
        2026"); reads the record (selected by ``with_targets``)."""
        return describe_record(self.kind, self.target)

    @staticmethod
    def target_field(record) -> str:
        for name in EXHIBIT_TARGETS:
            if isinstance(record, Exhibit._meta.get_field(name).related_model):
                return name
        raise TypeError(f"Exhibits do not support {type(record).__name__}.")


def describe_record(kind: str, record) -> str:
    """A record as the exhibit pages and the pack name it."""
    if kind == "risk":
        return f"{record.reference} {record.title}"
    if kind == "action":
        return f"Action: {_short(record.description)}"
    if kind == "consultation":
        return f"Consultation {record.date:%-d %b %Y} with {record.get_group_display().lower()}"
    if kind == "awareness":
        return f"{record.risk.reference}: {record}, {record.date:%-d %b %Y}"
    if kind == "review":
        return f"Review {record.date:%-d %b %Y}"
    raise ValueError(kind)


def _short(text: str, length: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= length else text[: length - 1].rstrip() + "…"
