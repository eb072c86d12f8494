"""The form a learner uses to tag one of the register's records to a criterion."""

from __future__ import annotations

from collections.abc import Iterator

from django import forms

from criteria.coverage import TAGGABLE, RegisterRecords
from criteria.presentation import evidence_label, shorten
from riskportal.widgets import LongSelect

RECORD_GROUPS = {
    "annotation": "Annotations",
    "stage": "Stages",
    "risk": "Risks",
    "action": "Actions",
    "consultation": "Consultations",
    "awareness": "Awareness records",
    "review": "Reviews",
    "swot": "SWOT items",
    "pestle": "PESTLE items",
}


class RecordChoices:
    """The options of the record select, grouped by kind (only ``kind``'s when given):
    each pass over them works them out afresh as the select is written, so the thousands
    of a large register are not kept beside the records."""

    def __init__(self, records: RegisterRecords, kind: str = ""):
        self.records = records
        self.kind = kind

    def __iter__(self) -> Iterator[tuple]:
        yield "", "Choose a record"
        for kind, objects in self.records.by_kind().items():
            if objects and self.kind in ("", kind):
                yield RECORD_GROUPS[kind], self._options(kind, objects)

    @staticmethod
    def _options(kind: str, objects: list) -> Iterator[tuple[str, str]]:
        for obj in objects:
            yield f"{kind}:{obj.pk}", shorten(evidence_label(obj), 90)


class TagForm(forms.Form):
    """Choose a criterion and a record; only the records of ``records.register`` are offered.

    ``cleaned_data`` holds the ``Criterion`` and the record itself (a model instance,
    read by its primary key once the form knows it is one of the register's).

    ``record`` is a text field shown as a select (``LongSelect``): the widget lists the
    options (only those of ``kind``, one of ``RECORD_GROUPS``, when given), and
    ``clean_record`` accepts only a record of the register, of any kind, so the thousands
    of options of a large register are not also checked and copied as field choices.
    """

    criterion = forms.ChoiceField(label="Criterion")
    record = forms.CharField(
        label="Record that evidences it",
        help_text="An annotation that explains your understanding, or any record of the register.",
        widget=LongSelect,
    )

    def __init__(self, *args, records: RegisterRecords, kind: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.records = records
        self.criteria = {criterion.code: criterion for criterion in records.criteria}
        groups: dict[str, list] = {}
        for criterion in records.criteria:
            groups.setdefault(criterion.group, []).append(
                (criterion.code, shorten(f"{criterion.code}: {criterion.text}", 90))
            )
        self.fields["criterion"].choices = [("", "Choose a criterion"), *groups.items()]
        self.fields["record"].widget.choices = RecordChoices(records, kind)

    def clean_criterion(self):
        return self.criteria[self.cleaned_data["criterion"]]

    def clean_record(self):
        value = self.cleaned_data["record"]
        kind, _, pk = value.partition(":")
        row = self.records.find(kind, pk)
        if row is None:  # not offered: of another register, or no record at all
            raise forms.ValidationError(
                forms.ChoiceField.default_error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return TAGGABLE[kind]._default_manager.get(pk=row.pk)
