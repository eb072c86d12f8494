"""The assessment criteria, the learners' own tags of evidence against them, and the
explanations they write for the criteria only a person can judge."""

from __future__ import annotations

from django.conf import settings
from django.contrib.contenttypes.fields import GenericForeignKey
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.text import slugify
from simple_history.models import HistoricalRecords

from assessments.models import Action, Risk
from registers.models import Register
from riskportal.one_register import OneRegisterModel, register_id_of
from riskportal.scoping import RegisterScopedQuerySet


class Criterion(models.Model):
    """One criterion of the standard or the unit, worded exactly as its source document.

    The rows come from ``criteria.catalogue`` (migration 0002); the rule that decides
    whether a register evidences it lives in ``criteria.coverage``, keyed by ``code``.
    """

    code = models.CharField(max_length=20, unique=True, help_text="For example NOS PC1, OCR 1.1.")
    position = models.PositiveSmallIntegerField(help_text="Order of the catalogue.")
    source = models.CharField(max_length=120, help_text="The document it comes from.")
    group = models.CharField(max_length=120, help_text="The heading it sits under.")
    text = models.TextField(help_text="The exact wording of the source document.")
    judged_by_person = models.BooleanField(
        default=False,
        help_text=(
            "No rule can decide it alone: the learner explains it in their own words and the "
            "assessor judges the explanation."
        ),
    )

    class Meta:
        ordering = ["position", "code"]
        verbose_name_plural = "criteria"

    def __str__(self) -> str:
        return self.code

    @property
    def anchor(self) -> str:
        """An HTML id for the criterion, e.g. ``nos-pc1`` or ``ocr-1-1``."""
        return slugify(self.code.replace(".", "-"))


class CriterionTagQuerySet(RegisterScopedQuerySet):
    pass


class CriterionTag(OneRegisterModel):
    """A learner's claim that a record of the register evidences a criterion.

    The record is any of the register's own rows (annotation, risk, action...), held by a
    generic relation; ``criteria.forms`` offers only the records of the tag's register, and
    ``clean()`` and ``save()`` refuse a record of another register whoever writes the tag.
    A tag whose record was deleted is ignored by the coverage rules.
    """

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="criterion_tags")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="tags")
    content_type = models.ForeignKey(ContentType, on_delete=models.PROTECT, related_name="+")
    object_id = models.PositiveBigIntegerField()
    target = GenericForeignKey("content_type", "object_id")
    tagged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    tagged_at = models.DateTimeField(default=timezone.now)

    objects = CriterionTagQuerySet.as_manager()

    class Meta:
        ordering = ["register", "tagged_at", "pk"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "criterion", "content_type", "object_id"],
                name="criterion_tag_unique_record",
                violation_error_message="That record is already tagged to this criterion.",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.criterion} <- {self.content_type.model} {self.object_id}"

    def save(self, *args, **kwargs):
        errors = self.target_errors()
        if errors:
            raise ValidationError(errors, code="other_register")
        super().save(*args, **kwargs)

    def link_errors(self) -> list[str]:
        return [*super().link_errors(), *self.target_errors()]

    def target_errors(self) -> list[str]:
        """What is wrong with the record tagged: missing, or of another register."""
        errors = []
        if self.content_type_id and self.object_id:
            target = self.target
            if target is None:
                errors.append("The record tagged does not exist.")
            elif register_id_of(target) != self.register_id:
                errors.append(
                    f"“{target}” is not part of this register: it belongs to another "
                    "register. Tag one of this register's records."
                )
        return errors


class ExplanationQuerySet(RegisterScopedQuerySet):
    pass


class Explanation(OneRegisterModel):
    """A learner's explanation, in their own words, of a criterion only a person can judge.

    One per register and criterion; ``risks`` and ``actions`` are the learner's own records
    it uses as examples, of the same register (``criteria.explanations`` offers only those,
    and ``OneRegisterModel`` refuses others whoever links them). Every saved version is kept
    in ``history``.
    """

    same_register = ("risks", "actions")

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="explanations")
    criterion = models.ForeignKey(Criterion, on_delete=models.PROTECT, related_name="explanations")
    text = models.TextField("your explanation")
    risks = models.ManyToManyField(Risk, blank=True, related_name="+")
    actions = models.ManyToManyField(Action, blank=True, related_name="+")
    written_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    written_at = models.DateTimeField(default=timezone.now)

    objects = ExplanationQuerySet.as_manager()
    history = HistoricalRecords(m2m_fields=[risks, actions])

    class Meta:
        ordering = ["register", "criterion__position"]
        constraints = [
            models.UniqueConstraint(
                fields=["register", "criterion"],
                name="explanation_one_per_criterion",
                violation_error_message="This criterion already has an explanation.",
            ),
        ]

    def __str__(self) -> str:
        return f"Explanation of {self.criterion}"


#: What a learner declares, signed in the app; printed on the evidence pack.
DECLARATION_TEXT = (
    "I declare that the evidence in this register is my own work, collected while carrying "
    "out my real job with real customers, not in a simulation or a work placement."
)


class DeclarationQuerySet(RegisterScopedQuerySet):
    pass


class Declaration(models.Model):
    """A learner's signed declaration that the register's evidence is their own, from real
    work with real customers (OCR ER1). Signing again adds a row; the text signed is kept."""

    register = models.ForeignKey(Register, on_delete=models.CASCADE, related_name="declarations")
    text = models.TextField(default=DECLARATION_TEXT, editable=False)
    signed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+"
    )
    signed_at = models.DateTimeField(default=timezone.now)

    objects = DeclarationQuerySet.as_manager()

    class Meta:
        ordering = ["register", "-signed_at", "-pk"]

    def __str__(self) -> str:
        return f"Declaration by {self.signed_by} on {self.signed_at:%d %b %Y}"
