"""Forms for risks, ratings, actions, consultations, awareness, annotations, analysis, reviews.

Choices that point at other records (stages, owners, risks, references) are limited to
the register's own team: a form never offers, nor accepts, another team's objects.
"""

from __future__ import annotations

import datetime as dt

from django import forms
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.forms.models import ModelChoiceIterator
from django.utils import timezone

from assessments.models import (
    Action,
    Annotation,
    Assessment,
    AwarenessRecord,
    Category,
    Consultation,
    Decision,
    PestleItem,
    Reference,
    Review,
    Risk,
    SwotItem,
)
from assessments.widgets import RiskCheckboxes
from registers.models import Membership, Register
from registers.rating import DIMENSIONS, MatrixSpec, Rating, next_review_date, rate
from riskportal.concurrency import VersionedModelForm
from riskportal.people import display_name

DATE_INPUT = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
SHORT_TEXT = forms.Textarea(attrs={"rows": 3})


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj) -> str:
        return display_name(obj)


class RiskChoices(ModelChoiceIterator):
    """The choices of a risk picker read as (pk, reference and title) rows, not models: a
    register may hold thousands of risks."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        for pk, number, title in self.queryset.values_list("pk", "number", "title"):
            yield (pk, f"{Risk.reference_of(number)} {title}")


class RiskChoiceField(forms.ModelMultipleChoiceField):
    iterator = RiskChoices

    def label_from_instance(self, obj) -> str:
        return f"{obj.reference} {obj.title}"


def team_people(register: Register):
    """Members and supervisors of the register's team: the people who can own work."""
    return (
        get_user_model()
        .objects.filter(
            memberships__team_id=register.team_id,
            memberships__role__in=Membership.EDITOR_ROLES,
        )
        .order_by("first_name", "last_name", "username")
    )


class TagsField(forms.CharField):
    """Extra kinds of risk as comma-separated text, stored as a list."""

    def prepare_value(self, value):
        if isinstance(value, list | tuple):
            return ", ".join(value)
        return value

    def to_python(self, value) -> list[str]:
        text = super().to_python(value) or ""
        tags: list[str] = []
        for tag in (part.strip() for part in text.split(",")):
            if tag and tag.lower() not in {t.lower() for t in tags}:
                tags.append(tag)
        return tags


class RiskForm(VersionedModelForm):
    tags = TagsField(
        label="Other kinds",
        required=False,
        help_text="Other kinds seen in practice, separated by commas: legal, data protection…",
    )

    class Meta:
        model = Risk
        fields = [
            "title",
            "category",
            "tags",
            "stage",
            "at_moment_of_truth",
            "cause",
            "event",
            "consequence",
            "affected",
            "identified_how",
            "existing_controls",
            "outcome",
            "owner",
            "owner_name",
            "decision",
            "decision_rationale",
            "references",
            "status",
            "notes",
        ]
        field_classes = {"owner": PersonChoiceField}
        widgets = {
            "cause": SHORT_TEXT,
            "event": SHORT_TEXT,
            "consequence": SHORT_TEXT,
            "existing_controls": SHORT_TEXT,
            "decision_rationale": SHORT_TEXT,
            "notes": SHORT_TEXT,
            "references": forms.CheckboxSelectMultiple,
        }
        labels = {
            "cause": "Cause",
            "event": "Event",
            "consequence": "Consequence",
            "decision": "Treatment decision",
            "decision_rationale": "Reason for the decision",
            "owner_name": "…or an owner outside the app",
            "references": "Laws, codes and policies it follows",
        }

    def __init__(self, *args, register: Register, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.register = register
        self.fields["category"].choices = [("", "Choose a category"), *Category.choices]
        self.fields["decision"].choices = [("", "Not decided yet"), *Decision.choices]
        self.fields["stage"].queryset = register.stages.all()
        self.fields["stage"].empty_label = "No particular stage"
        self.fields["owner"].queryset = team_people(register)
        self.fields["owner"].empty_label = "Nobody yet"
        self.fields["references"].queryset = (
            Reference.objects.visible_to(user).usable_in(register).order_by("kind", "title", "pk")
        )
        if self.instance.pk is None:
            del self.fields["status"]

    def clean(self):
        cleaned = super().clean()
        decision = cleaned.get("decision")
        if decision and not (cleaned.get("decision_rationale") or "").strip():
            self.add_error(
                "decision_rationale",
                "Say why you decided to "
                f"{decision}: an assessor needs the reason as well as the decision.",
            )
        stage = cleaned.get("stage")
        if cleaned.get("at_moment_of_truth") and not (stage and stage.is_moment_of_truth):
            self.add_error(
                "at_moment_of_truth",
                "Choose a stage marked as a moment of truth, or untick this box.",
            )
        return cleaned

    def _post_clean(self):
        # The register is not a form field; set it before the model's own validation.
        self.instance.register = self.register
        if self.instance.pk is None:
            self.instance.number = 0  # create_risk assigns the real number.
        super()._post_clean()

    def risk_fields(self) -> dict:
        """The cleaned values ``create_risk`` takes (everything but many-to-many)."""
        return {
            name: value
            for name, value in self.cleaned_data.items()
            if name not in {"version", "references"}
        }


# --- The rating widget ------------------------------------------------------------------

RATING_FIELDS = (
    "likelihood",
    "consequence_finance",
    "consequence_reputation",
    "consequence_health_safety",
)


class RatingForm(forms.Form):
    """Likelihood and the three consequences, picked from the matrix's own descriptors.

    Validation and the result come from ``registers.rating.rate``; ``self.rating`` holds
    the result once the four values are valid. With ``save=True`` the tier and a rationale
    are required too (saving a rating); without it only the four values matter (preview).
    With ``optional=True`` (creating a risk) an untouched widget is simply no rating.
    """

    likelihood = forms.CharField(
        widget=forms.RadioSelect, error_messages={"required": "Choose a likelihood."}
    )
    consequence_finance = forms.CharField(
        label="Finance",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a finance consequence."},
    )
    consequence_reputation = forms.CharField(
        label="Reputation",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a reputation consequence."},
    )
    consequence_health_safety = forms.CharField(
        label="Health & safety",
        widget=forms.RadioSelect,
        error_messages={"required": "Choose a health & safety consequence."},
    )
    tier = forms.ChoiceField(
        choices=[
            (Assessment.Tier.INHERENT, "Inherent: before new actions"),
            (Assessment.Tier.RESIDUAL, "Residual: with the actions in place"),
        ],
        widget=forms.RadioSelect,
        required=False,
    )
    rationale = forms.CharField(
        label="Why these values?",
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        help_text="The evidence behind the rating: incidents, complaints, what colleagues said.",
    )

    def __init__(
        self, *args, spec: MatrixSpec, save: bool = False, optional: bool = False, **kwargs
    ):
        super().__init__(*args, **kwargs)
        self.spec = spec
        self.saving = save
        self.optional = optional
        self.rating: Rating | None = None
        self.fields["likelihood"].widget.choices = [
            (str(step.value), step.label) for step in spec.likelihoods
        ]
        for key, _ in DIMENSIONS:
            self.fields[f"consequence_{key}"].widget.choices = [
                (str(step.value), step.label) for step in spec.consequences
            ]
        if optional:
            for name in RATING_FIELDS:
                self.fields[name].required = False
        if not save:
            del self.fields["tier"]
            del self.fields["rationale"]
        elif not optional:
            self.fields["tier"].required = True
            self.fields["tier"].error_messages["required"] = "Choose inherent or residual."

    @property
    def is_blank(self) -> bool:
        """Nothing picked and no rationale typed (a risk created without a rating yet)."""
        data = self.data if self.is_bound else {}
        return not any((data.get(name) or "").strip() for name in (*RATING_FIELDS, "rationale"))

    def clean(self):
        cleaned = super().clean()
        if self.optional and self.is_blank:
            return cleaned
        if self.saving and not (cleaned.get("rationale") or "").strip():
            self.add_error(
                "rationale", "Give the reason for this rating: what evidence supports it?"
            )
        if self.optional:
            for name in RATING_FIELDS:
                if not cleaned.get(name):
                    self.add_error(name, self.fields[name].error_messages["required"])
        if any(name in self.errors for name in RATING_FIELDS):
            return cleaned
        try:
            self.rating = rate(
                self.spec,
                likelihood=cleaned["likelihood"],
                finance=cleaned["consequence_finance"],
                reputation=cleaned["consequence_reputation"],
                health_safety=cleaned["consequence_health_safety"],
            )
        except ValidationError as error:
            for field, messages in error.message_dict.items():
                for message in messages:
                    self.add_error(field if field in self.fields else None, message)
        return cleaned

    def steps(self) -> list[dict]:
        """The four radio groups with every option's label and dimension descriptor."""
        groups = [
            {
                "field": self["likelihood"],
                "legend": "Likelihood",
                "hint": "How often could it happen?",
                "options": [
                    (str(step.value), step.label, step.descriptors.get("likelihood", ""))
                    for step in self.spec.likelihoods
                ],
            }
        ]
        for key, label in DIMENSIONS:
            groups.append(
                {
                    "field": self[f"consequence_{key}"],
                    "legend": f"Consequence for {label}",
                    "hint": "How bad would it be?",
                    "options": [
                        (str(step.value), step.label, step.descriptors.get(key, ""))
                        for step in self.spec.consequences
                    ],
                }
            )
        for group in groups:
            value = group["field"].value()
            group["selected"] = "" if value is None else str(value)
        return groups

    def initial_preview(self) -> RatingForm | None:
        """A preview of the starting values (an unbound form's initial), if there are any."""
        values = {name: self.initial.get(name) for name in RATING_FIELDS}
        return RatingForm(values, spec=self.spec) if values["likelihood"] else None

    def rate_kwargs(self) -> dict:
        cleaned = self.cleaned_data
        return {
            "likelihood": cleaned["likelihood"],
            "finance": cleaned["consequence_finance"],
            "reputation": cleaned["consequence_reputation"],
            "health_safety": cleaned["consequence_health_safety"],
        }


def rating_initial(rating: Assessment | None) -> dict:
    """Start the widget from an existing rating, so re-rating means adjusting it."""
    if rating is None:
        return {}
    return {
        "likelihood": str(rating.likelihood),
        "consequence_finance": str(rating.consequence_finance),
        "consequence_reputation": str(rating.consequence_reputation),
        "consequence_health_safety": str(rating.consequence_health_safety),
    }


# --- Actions --------------------------------------------------------------------------


class ActionForm(VersionedModelForm):
    risks = RiskChoiceField(
        queryset=Risk.objects.none(),
        required=False,
        widget=RiskCheckboxes,
        help_text="One action can serve several risks.",
    )

    class Meta:
        model = Action
        fields = [
            "description",
            "risks",
            "kind",
            "owner",
            "owner_name",
            "due_date",
            "status",
            "completed_on",
            "learner_part",
            "cost_one_off",
            "cost_annual",
            "benefit_annual",
            "benefit_other",
            "evidence_note",
            "references",
        ]
        field_classes = {"owner": PersonChoiceField}
        widgets = {
            "description": SHORT_TEXT,
            "evidence_note": SHORT_TEXT,
            "due_date": DATE_INPUT,
            "completed_on": DATE_INPUT,
            "references": forms.CheckboxSelectMultiple,
        }
        labels = {
            "owner_name": "…or an owner outside the app",
            "completed_on": "Completed on",
            "references": "Laws, codes and policies it follows",
        }

    def __init__(self, *args, register: Register, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.register = register
        self.fields["risks"].queryset = register.risks.order_by("number")
        self.fields["owner"].queryset = team_people(register)
        self.fields["owner"].empty_label = "Nobody yet"
        self.fields["references"].queryset = (
            Reference.objects.visible_to(user).usable_in(register).order_by("kind", "title", "pk")
        )
        for name in ("cost_one_off", "cost_annual", "benefit_annual"):
            self.fields[name].widget.attrs.update({"min": "0", "step": "0.01"})

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("status") == Action.Status.DONE and not cleaned.get("completed_on"):
            self.add_error("completed_on", "Give the date this action was completed.")
        completed = cleaned.get("completed_on")
        if completed and completed > timezone.localdate():
            self.add_error("completed_on", "The completion date cannot be in the future.")
        return cleaned

    def _post_clean(self):
        self.instance.register = self.register
        super()._post_clean()


class ActionCompleteForm(VersionedModelForm):
    """Mark an action done on a given day (today by default)."""

    class Meta:
        model = Action
        fields = ["completed_on", "evidence_note"]
        widgets = {"completed_on": DATE_INPUT, "evidence_note": SHORT_TEXT}
        labels = {"completed_on": "Completed on", "evidence_note": "Evidence it was done"}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["completed_on"].required = True
        self.fields["completed_on"].error_messages["required"] = (
            "Give the date this action was completed."
        )
        self.fields["completed_on"].initial = timezone.localdate()

    def clean_completed_on(self) -> dt.date:
        completed = self.cleaned_data["completed_on"]
        if completed > timezone.localdate():
            raise ValidationError("The completion date cannot be in the future.")
        return completed

    def _post_clean(self):
        self.instance.status = Action.Status.DONE
        super()._post_clean()


# --- Consultations and awareness --------------------------------------------------------


class ConsultationForm(VersionedModelForm):
    class Meta:
        model = Consultation
        fields = [
            "date",
            "group",
            "people",
            "method",
            "risk",
            "summary",
            "actions_agreed",
            "learner_part",
        ]
        widgets = {"date": DATE_INPUT, "summary": SHORT_TEXT, "actions_agreed": SHORT_TEXT}
        labels = {"risk": "About a risk (leave empty for the whole register)"}

    def __init__(self, *args, register: Register, **kwargs):
        super().__init__(*args, **kwargs)
        self.register = register
        self.fields["risk"].queryset = register.risks.order_by("number")
        self.fields["risk"].empty_label = "The whole register"
        self.fields["risk"].label_from_instance = lambda risk: f"{risk.reference} {risk.title}"

    def _post_clean(self):
        self.instance.register = self.register
        super()._post_clean()


class AwarenessForm(VersionedModelForm):
    class Meta:
        model = AwarenessRecord
        fields = ["audience", "method", "date", "delivered_by", "details", "learner_part"]
        widgets = {"date": DATE_INPUT, "details": SHORT_TEXT}
        labels = {"audience": "Who was made aware", "details": "What they were told"}


# --- Annotations and analysis -----------------------------------------------------------


class AnnotationForm(forms.ModelForm):
    class Meta:
        model = Annotation
        fields = ["text", "include_in_pdf"]
        widgets = {"text": forms.Textarea(attrs={"rows": 4})}
        labels = {"text": "Your note"}
        help_texts = {
            "text": (
                "Explain the decision for the assessor: why, what you considered, what you learnt."
            ),
        }


class AnalysisItemForm(forms.ModelForm):
    risks = RiskChoiceField(
        queryset=Risk.objects.none(),
        required=False,
        widget=RiskCheckboxes,
        label="Risks it informs",
    )

    def __init__(self, *args, register: Register, **kwargs):
        super().__init__(*args, **kwargs)
        self.register = register
        self.fields["risks"].queryset = register.risks.order_by("number")
        self.fields["text"].widget = forms.Textarea(attrs={"rows": 3})

    def _post_clean(self):
        self.instance.register = self.register
        super()._post_clean()


class SwotItemForm(AnalysisItemForm):
    class Meta:
        model = SwotItem
        fields = ["quadrant", "text", "risks"]


class PestleItemForm(AnalysisItemForm):
    class Meta:
        model = PestleItem
        fields = ["factor", "text", "risks"]


# --- Reviews ------------------------------------------------------------------------------


class ReviewForm(VersionedModelForm):
    risks = RiskChoiceField(
        queryset=Risk.objects.none(),
        required=False,
        widget=RiskCheckboxes,
        label="Risks reviewed",
        help_text="The snapshot of their ratings is taken when you submit the review.",
    )

    class Meta:
        model = Review
        fields = [
            "date",
            "reviewer",
            "attendees",
            "risks",
            "minutes",
            "outcome",
            "next_review_date",
            "learner_part",
        ]
        field_classes = {"reviewer": PersonChoiceField}
        widgets = {
            "date": DATE_INPUT,
            "next_review_date": DATE_INPUT,
            "attendees": forms.Textarea(attrs={"rows": 2}),
            "minutes": forms.Textarea(attrs={"rows": 8}),
            "outcome": SHORT_TEXT,
        }
        help_texts = {
            "attendees": "Names or roles of everyone who took part.",
            "next_review_date": (
                "Left empty, it follows the register's review cadence for the highest "
                "current level among the risks reviewed."
            ),
        }

    def __init__(self, *args, register: Register, **kwargs):
        super().__init__(*args, **kwargs)
        self.register = register
        # The picker shows reference and title; the next review date reads levels in SQL.
        self.fields["risks"].queryset = register.risks.order_by("number")
        self.fields["reviewer"].queryset = team_people(register)
        self.fields["reviewer"].empty_label = "Choose who led it"
        if self.instance.pk is None and not self.is_bound:
            self.initial.setdefault(
                "next_review_date",
                default_next_review(register, register.risks.all(), timezone.localdate()),
            )

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("next_review_date") and cleaned.get("date"):
            risks = cleaned.get("risks") or self.register.risks.all()
            cleaned["next_review_date"] = default_next_review(self.register, risks, cleaned["date"])
        return cleaned

    def _post_clean(self):
        self.instance.register = self.register
        super()._post_clean()


def default_next_review(register: Register, risks, from_date: dt.date) -> dt.date:
    """From the register's cadence for the highest current level among ``risks``.

    With no rated risk it follows the cadence for the top level, the most cautious choice.
    """
    spec = register.matrix.spec
    ranks = {level.code: level.rank for level in spec.levels}
    if isinstance(risks, QuerySet):  # the distinct current levels, in one query
        current = Coalesce("residual_rating__level_code", "inherent_rating__level_code")
        found = risks.annotate(current_code=current).values_list("current_code", flat=True)
        codes = [code for code in found.order_by().distinct() if code]
    else:
        codes = [risk.current_rating.level_code for risk in risks if risk.current_rating]
    highest = max(codes, key=ranks.__getitem__) if codes else spec.levels[-1].code
    return next_review_date(highest, from_date=from_date, cadence=register.cadence)
