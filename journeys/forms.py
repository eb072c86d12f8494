"""The stage form: one step of the customer journey."""

from __future__ import annotations

from django import forms

from journeys.models import Stage
from riskportal.concurrency import VersionedModelForm

MOMENT_OF_TRUTH_NOTE_MESSAGE = (
    "Say how this moment of truth can impress or disappoint the customer, "
    "or untick “moment of truth”."
)


class StageForm(VersionedModelForm):
    """Add or edit a stage; the register is set on the instance by the view."""

    class Meta:
        model = Stage
        fields = [
            "name",
            "description",
            "customer_actions",
            "channels",
            "emotion",
            "is_moment_of_truth",
            "moment_of_truth_note",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "customer_actions": forms.Textarea(attrs={"rows": 2}),
            "moment_of_truth_note": forms.Textarea(attrs={"rows": 3}),
        }
        labels = {
            "is_moment_of_truth": "This stage is a moment of truth",
            "moment_of_truth_note": "How it can impress or disappoint",
        }
        help_texts = {
            "is_moment_of_truth": (
                "A point that most affects the customer's experience, where the service "
                "can impress or disappoint."
            ),
            "moment_of_truth_note": "Needed when the stage is a moment of truth.",
        }

    def clean_name(self) -> str:
        name = self.cleaned_data["name"].strip()
        clash = Stage.objects.filter(register_id=self.instance.register_id, name__iexact=name)
        if self.instance.pk is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            raise forms.ValidationError("This journey already has a stage with that name.")
        return name

    def clean(self):
        # Mirrors the constraint stage_moment_of_truth_has_note, but on the field; checked
        # before the version check so that both messages show at once.
        note = (self.cleaned_data.get("moment_of_truth_note") or "").strip()
        if self.cleaned_data.get("is_moment_of_truth") and not note:
            self.add_error("moment_of_truth_note", MOMENT_OF_TRUTH_NOTE_MESSAGE)
        elif "moment_of_truth_note" in self.cleaned_data:
            self.cleaned_data["moment_of_truth_note"] = note
        return super().clean()
