from __future__ import annotations

from django import forms


class DismissForm(forms.Form):
    reason = forms.CharField(
        label="Why is this a false alarm?",
        widget=forms.Textarea(attrs={"rows": 3}),
        max_length=2000,
        help_text="Kept with the register and printed in the evidence pack.",
    )

    def clean_reason(self) -> str:
        reason = " ".join(self.cleaned_data["reason"].split())
        if len(reason) < 10:
            raise forms.ValidationError("Say in a sentence why the finding does not apply.")
        return reason
