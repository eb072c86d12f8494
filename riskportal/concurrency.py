"""Optimistic locking for forms: two people editing one record never overwrite each other.

A model with a ``version`` field is edited through a ``VersionedModelForm``. The form
carries the version the user started from; saving checks it against the row (locked for
the check) and refuses with a clear message if someone saved in between. The user's input
stays in the re-rendered form, so nothing is lost.
"""

from __future__ import annotations

from django import forms
from django.db import transaction

CONFLICT_MESSAGE = (
    "Someone else saved a change to this record after you opened it. Your changes are "
    "still in the form below: check them against the current record (open it in a new "
    "tab to compare) and save again."
)


class VersionedModelForm(forms.ModelForm):
    """A ModelForm whose ``save()`` refuses to overwrite a newer version of the row."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk is not None:
            self.fields["version"].initial = self.instance.version

    def _current_version(self, *, lock: bool = False) -> int | None:
        """The row's version now; ``lock`` holds the row until the transaction ends."""
        rows = type(self.instance)._default_manager.filter(pk=self.instance.pk)
        if lock:
            rows = rows.select_for_update()
        return rows.values_list("version", flat=True).first()

    def clean(self):
        cleaned = super().clean()
        if self.instance.pk is not None:
            started_from = cleaned.get("version")
            if started_from is None or started_from != self._current_version():
                raise forms.ValidationError(CONFLICT_MESSAGE, code="conflict")
        return cleaned

    @transaction.atomic
    def save(self, commit: bool = True):
        if self.instance.pk is not None:
            if self.cleaned_data.get("version") != self._current_version(lock=True):
                self.add_error(None, forms.ValidationError(CONFLICT_MESSAGE, code="conflict"))
                raise ConflictError(CONFLICT_MESSAGE)
            self.instance.version += 1
        return super().save(commit=commit)


class ConflictError(Exception):
    """Raised by ``VersionedModelForm.save`` when the row changed after validation."""
