"""Forms of the import pages."""

from __future__ import annotations

from django import forms

from assessments.models import Category
from interchange import mapping, readers
from registers.models import Register, RiskMatrix, Team

NEW = ""


class UploadForm(forms.Form):
    file = forms.FileField(
        label="Spreadsheet (.xlsx or .csv)",
        help_text="Up to 10 MB and 5,000 rows. Nothing is saved to a register until you confirm.",
    )
    kind = forms.ChoiceField(label="What the rows are", choices=list(mapping.KINDS.items()))
    register = forms.ModelChoiceField(
        label="Import into",
        queryset=Register.objects.none(),
        required=False,
        empty_label="A new register",
    )
    team = forms.ModelChoiceField(
        label="Team of the new register", queryset=Team.objects.none(), required=False
    )
    title = forms.CharField(label="Title of the new register", max_length=160, required=False)
    matrix = forms.ModelChoiceField(
        label="Risk matrix of the new register",
        queryset=RiskMatrix.objects.filter(is_preset=True),
        required=False,
    )

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["register"].queryset = (
            Register.objects.editable_by(user).active().select_related("team")
        )
        self.fields["team"].queryset = Team.objects.editable_by(user)
        self.fields["matrix"].initial = RiskMatrix.objects.filter(slug="5x5-standard").first()
        self.fields["file"].help_text = (
            f"Up to {readers.max_bytes() // (1024 * 1024)} MB, {readers.max_rows():,} rows and "
            f"{readers.max_columns():,} columns. Nothing is saved to a register until you confirm."
        )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        try:
            readers.check_size(upload.size, upload.name)
        except readers.ImportFileError as exc:
            raise forms.ValidationError(str(exc)) from None
        return upload

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("register") is None:
            for name in ("team", "title", "matrix"):
                if not cleaned.get(name):
                    self.add_error(name, "Needed for a new register.")
            if cleaned.get("kind") not in (None, mapping.RISKS):
                self.add_error(
                    "register", "Actions and rating history go into a register that has risks."
                )
        return cleaned


class SheetForm(forms.Form):
    sheet = forms.ChoiceField(label="Sheet", required=False)
    header_row = forms.IntegerField(
        label="Row with the column headings",
        min_value=1,
        max_value=100,
        help_text="Rows above it (titles, notes) are left out.",
    )

    def __init__(self, *args, sheets: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        if sheets:
            self.fields["sheet"].choices = [(s, s) for s in sheets]
        else:
            del self.fields["sheet"]


LEVEL_GROUPS = {mapping.LIKELIHOOD: "likelihood", mapping.CONSEQUENCE: "consequence"}


class MappingForm(forms.Form):
    """Column -> field, the options, and each source value -> our value."""

    def __init__(self, *args, kind, headers, values, spec, stages, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        self.values = values
        field_choices = [("", "Not a field: keep it in the notes")] + [
            (f.key, f.label) for f in mapping.FIELDS[kind]
        ]
        self.column_names = []
        for index, header in enumerate(headers):
            name = f"col_{index}"
            self.fields[name] = forms.ChoiceField(
                label=header, choices=field_choices, required=False
            )
            self.column_names.append(name)
        self.option_names = []
        if kind == mapping.RISKS:
            self._option(
                "default_category",
                forms.ChoiceField(
                    label="Category for rows whose category is empty or not mapped",
                    choices=[("", "None: report those rows")] + list(Category.choices),
                    required=False,
                ),
            )
            stage_choices = [("", "No stage"), ("new", "A new stage, named below")]
            stage_choices += [(str(s.pk), s.name) for s in stages]
            self._option(
                "stage",
                forms.ChoiceField(
                    label="Stage for rows without one", choices=stage_choices, required=False
                ),
            )
            self._option(
                "stage_name",
                forms.CharField(label="Name of the new stage", max_length=120, required=False),
            )
        if kind == mapping.RATINGS:
            self._option(
                "tier",
                forms.ChoiceField(
                    label="Ratings are", choices=mapping.CHOICES["tier"], required=False
                ),
            )
        self._option(
            "consequence_applies_to",
            forms.ChoiceField(
                label="A single overall consequence column applies to",
                choices=[
                    ("all", "All three dimensions (finance, reputation, health & safety)"),
                    ("finance", "Finance only (the others rated 1)"),
                    ("reputation", "Reputation only (the others rated 1)"),
                    ("health_safety", "Health & safety only (the others rated 1)"),
                ],
                required=False,
            ),
        )
        self.value_names: list[tuple[str, str, str]] = []  # (field name, group, source value)
        for group, found in values.items():
            if group in LEVEL_GROUPS:
                steps = spec.likelihoods if group == mapping.LIKELIHOOD else spec.consequences
                choices = [("", "Not mapped: report the rows")] + [
                    (str(s.value), f"{s.value} {s.label}") for s in steps
                ]
            else:
                choices = [("", "Not mapped")] + list(mapping.CHOICES[group])
            for n, value in enumerate(found):
                name = f"val_{group}_{n}"
                self.fields[name] = forms.ChoiceField(label=value, choices=choices, required=False)
                self.value_names.append((name, group, value))

    def _option(self, name, field):
        self.fields[f"opt_{name}"] = field
        self.option_names.append(f"opt_{name}")

    def column_fields(self):
        return [self[name] for name in self.column_names]

    def option_fields(self):
        return [self[name] for name in self.option_names]

    def value_groups(self):
        groups: dict[str, list] = {}
        for name, group, _ in self.value_names:
            groups.setdefault(group, []).append(self[name])
        titles = {
            mapping.LIKELIHOOD: "Likelihood words",
            mapping.CONSEQUENCE: "Consequence words",
            "category": "Categories",
            "decision": "Treatment decisions",
            "risk_status": "Risk statuses",
            "action_status": "Action statuses",
            "action_kind": "Action types",
            "tier": "Tiers",
        }
        return [(titles.get(g, g), fields) for g, fields in groups.items()]

    @staticmethod
    def initial_from(mapping: dict, values: dict) -> dict:
        initial = {f"col_{i}": key for i, key in mapping.get("columns", {}).items()}
        initial.update({f"opt_{k}": v for k, v in mapping.get("options", {}).items()})
        for group, found in values.items():
            chosen = mapping.get("values", {}).get(group, {})
            for n, value in enumerate(found):
                picked = chosen.get(value)
                initial[f"val_{group}_{n}"] = "" if picked in (None, "") else str(picked)
        return initial

    def clean(self):
        cleaned = super().clean()
        taken: dict[str, str] = {}
        for name in self.column_names:
            key = cleaned.get(name)
            if key and key in taken:
                self.add_error(name, f"Also chosen for column {self.fields[taken[key]].label!r}.")
            elif key:
                taken[key] = name
        return cleaned

    def to_mapping(self) -> dict:
        cleaned = self.cleaned_data
        values: dict[str, dict] = {}
        for name, group, value in self.value_names:
            picked = cleaned.get(name) or ""
            values.setdefault(group, {})[value] = (
                int(picked) if picked and group in LEVEL_GROUPS else picked
            )
        return {
            "columns": {name[4:]: cleaned.get(name) or "" for name in self.column_names},
            "values": values,
            "options": {name[4:]: cleaned.get(name) or "" for name in self.option_names},
        }
