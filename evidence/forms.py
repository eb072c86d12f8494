"""The evidence pack's options: which sections, annotations on or off, names redacted."""

from __future__ import annotations

from django import forms

from evidence.pack import SECTION_CODES, SECTIONS, PackOptions


class PackOptionsForm(forms.Form):
    sections = forms.MultipleChoiceField(
        choices=SECTIONS,
        initial=list(SECTION_CODES),
        widget=forms.CheckboxSelectMultiple,
        label="Sections to include",
        help_text="The cover and the contents are always included.",
        error_messages={"required": "Choose at least one section to include."},
    )
    annotations = forms.BooleanField(
        required=False,
        initial=True,
        label="Include my annotations as numbered footnotes",
        help_text="Only annotations marked for the PDF are printed.",
    )
    redact_names = forms.BooleanField(
        required=False,
        initial=False,
        label="Redact personal names",
        help_text=(
            "Colleagues, supervisors and customers become roles such as \u201cColleague A\u201d. "
            "Names the app knows (users, owners, attendees, people consulted) and titled "
            "names such as \u201cMrs Jones\u201d are replaced everywhere; read free text once "
            "more for other names before the pack leaves the workplace."
        ),
    )

    def options(self) -> PackOptions:
        """The validated choices (call after ``is_valid()``)."""
        return PackOptions(
            sections=tuple(self.cleaned_data["sections"]),
            annotations=self.cleaned_data["annotations"],
            redact_names=self.cleaned_data["redact_names"],
        )
