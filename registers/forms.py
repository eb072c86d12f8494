"""Forms for creating and editing registers."""

from __future__ import annotations

from django import forms
from django.contrib.auth import get_user_model
from django.db.models import Q

from registers.models import Membership, Register, RiskMatrix, Team
from riskportal.concurrency import VersionedModelForm
from riskportal.people import display_name

MATRIX_LOCKED_MESSAGE = (
    "The matrix cannot change once a risk in this register has been rated: the ratings "
    "already recorded were made on the current matrix. Start a new register to use another."
)

_SCOPE_FIELDS = [
    "title",
    "organisation",
    "service",
    "customers",
    "context",
    "scope",
]
_CADENCE_FIELDS = ["review_months_high", "review_months_medium", "review_months_low"]
_CADENCE_LABELS = {
    "review_months_high": "Months between reviews of a High risk",
    "review_months_medium": "Months between reviews of a Medium risk",
    "review_months_low": "Months between reviews of a Low risk",
}
_STATUS_CHOICES = [
    (Register.Status.DRAFT, "Draft (still being put together)"),
    (Register.Status.ACTIVE, "Active (in use)"),
]


class _RegisterFormMixin:
    """Shared labels, choices and the title check for both register forms."""

    def _set_up_common(self) -> None:
        self.fields["matrix"].queryset = RiskMatrix.objects.filter(is_preset=True)
        self.fields["matrix"].empty_label = None
        self.fields["matrix"].label_from_instance = lambda m: f"{m.name}: {m.description}"
        self.fields["matrix"].help_text = "How likelihood and consequence combine into a level."
        self.fields["status"].choices = _STATUS_CHOICES
        for name, label in _CADENCE_LABELS.items():
            self.fields[name].label = label
            self.fields[name].widget.attrs["min"] = 1
        self.fields["scope"].widget.attrs["rows"] = 3
        self.fields["context"].widget.attrs["rows"] = 3

    def _check_title_free(self, team: Team | None, title: str | None) -> None:
        if not team or not title:
            return
        clash = Register.objects.filter(team=team, title__iexact=title)
        if self.instance.pk is not None:
            clash = clash.exclude(pk=self.instance.pk)
        if clash.exists():
            self.add_error("title", f"{team} already has a register called “{title}”.")


class RegisterCreateForm(_RegisterFormMixin, forms.ModelForm):
    """A new register: the team is chosen among the teams the user may edit."""

    class Meta:
        model = Register
        fields = ["team", *_SCOPE_FIELDS, "matrix", "status", *_CADENCE_FIELDS]

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["team"].queryset = Team.objects.editable_by(user)
        self.fields["team"].empty_label = None
        self._set_up_common()

    def clean(self):
        cleaned = super().clean()
        self._check_title_free(cleaned.get("team"), cleaned.get("title"))
        return cleaned


class RegisterEditForm(_RegisterFormMixin, VersionedModelForm):
    """Edit a register; the matrix is fixed once any of its risks has been rated."""

    class Meta:
        model = Register
        fields = [*_SCOPE_FIELDS, "owner", "matrix", "status", *_CADENCE_FIELDS]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self._set_up_common()
        # A register may use a matrix configured by an administrator: keep it selectable.
        self.fields["matrix"].queryset = RiskMatrix.objects.filter(
            Q(is_preset=True) | Q(pk=self.instance.matrix_id)
        )
        self.fields["owner"].queryset = (
            get_user_model()
            .objects.filter(
                memberships__team_id=self.instance.team_id,
                memberships__role__in=Membership.EDITOR_ROLES,
            )
            .order_by("first_name", "last_name", "username")
        )
        self.fields["owner"].label_from_instance = display_name
        self.matrix_locked = self.instance.risks.filter(assessments__isnull=False).exists()
        if self.matrix_locked:
            self.fields["matrix"].help_text = MATRIX_LOCKED_MESSAGE

    def clean_matrix(self):
        matrix = self.cleaned_data["matrix"]
        if self.matrix_locked and matrix.pk != self.instance.matrix_id:
            raise forms.ValidationError(MATRIX_LOCKED_MESSAGE, code="matrix_locked")
        return matrix

    def clean(self):
        cleaned = super().clean()
        self._check_title_free(self.instance.team, cleaned.get("title"))
        return cleaned
