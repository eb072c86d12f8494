"""The upload form: a title, a file checked by its content, and (on the register's exhibits
page) the record it supports."""

from __future__ import annotations

from django import forms

from exhibits.files import ACCEPT_ATTRIBUTE, check_upload


class ExhibitForm(forms.Form):
    record = forms.ChoiceField(label="Supports", help_text="The record this file is evidence for.")
    title = forms.CharField(
        label="Title or caption",
        max_length=160,
        help_text="What it shows, as the assessor should read it.",
    )
    file = forms.FileField(
        label="File",
        help_text="PDF, PNG or JPEG.",
        widget=forms.FileInput(attrs={"accept": ACCEPT_ATTRIBUTE}),
    )

    def __init__(self, *args, choices=None, max_mb: float, **kwargs) -> None:
        # Own ids, so the block can sit on a page with another form's "title" field.
        kwargs.setdefault("auto_id", "exhibit_%s")
        super().__init__(*args, **kwargs)
        self.fields["file"].help_text = f"PDF, PNG or JPEG, up to {max_mb:g} MB."
        if choices is None:
            del self.fields["record"]
        else:
            self.fields["record"].choices = [("", "Choose a record…"), *choices]

    def clean_file(self):
        self.cleaned_data["checked"] = check_upload(self.cleaned_data["file"])
        return self.cleaned_data["file"]
