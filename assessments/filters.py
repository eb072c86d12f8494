"""FilterSets for the risk list and the action log: they serve the page and its htmx part.

Every parameter lives in the query string, so a filtered view can be bookmarked or shared
(and the heat map links straight to a cell: ``?tier=residual&likelihood=4&consequence=3``).
"""

from __future__ import annotations

import datetime as dt
import re

import django_filters
from django import forms
from django.db.models import F, Q, QuerySet
from django.utils import timezone

from assessments.forms import team_people
from assessments.models import Action, Category, Decision, Risk
from registers.models import Register, RiskLevel
from registers.rating import current_field
from riskportal.people import display_name

TIER_CHOICES = [
    ("current", "Current (residual if rated, else inherent)"),
    ("inherent", "Inherent"),
    ("residual", "Residual"),
]

RISK_SORTS = {
    "number": ("number",),
    "title": ("title",),
    "stage": ("stage__order", "stage__name"),
    "category": ("category",),
    "level": ("level_rank", "score"),
    "score": ("score",),
    "owner": ("owner__first_name", "owner__last_name", "owner_name"),
    "decision": ("decision",),
    "review": ("next_review_date",),
}
SORT_LABELS = {
    "number": ("Reference", "Reference, newest first"),
    "title": ("Title, A to Z", "Title, Z to A"),
    "stage": ("Stage, journey order", "Stage, reverse journey order"),
    "category": ("Category", "Category, reversed"),
    "level": ("Level, lowest first", "Level, highest first"),
    "score": ("Score, lowest first", "Score, highest first"),
    "owner": ("Owner", "Owner, reversed"),
    "decision": ("Decision", "Decision, reversed"),
    "review": ("Next review, soonest first", "Next review, latest first"),
}
SORT_CHOICES = [
    choice
    for key, (ascending, descending) in SORT_LABELS.items()
    for choice in ((key, ascending), (f"-{key}", descending))
]
REFERENCE_PATTERN = re.compile(r"^\s*R-?(\d+)\s*$", re.IGNORECASE)


def annotate_tier(queryset: QuerySet, tier: str) -> QuerySet:
    """Give each risk ``level``, ``likelihood_value``, ``consequence_value``, ``score``,
    ``level_rank`` for the chosen tier: inherent, residual or current (residual if any)."""
    fields = ("level_code", "likelihood", "consequence", "score")
    if tier in ("inherent", "residual"):
        values = {name: F(f"{tier}_rating__{name}") for name in fields}
    else:
        values = {name: current_field(name) for name in fields}
    return queryset.annotate(
        level=values["level_code"],
        likelihood_value=values["likelihood"],
        consequence_value=values["consequence"],
        score=values["score"],
        level_rank=RiskLevel.rank_of("level"),
    )


class PersonFilter(django_filters.ModelChoiceFilter):
    def __init__(self, *args, **kwargs):
        kwargs.setdefault("empty_label", "Anyone")
        super().__init__(*args, **kwargs)

    @property
    def field(self):
        field = super().field
        field.label_from_instance = display_name
        return field


class RiskFilter(django_filters.FilterSet):
    q = django_filters.CharFilter(method="filter_text", label="Search")
    stage = django_filters.ModelChoiceFilter(queryset=None, empty_label="Any stage")
    category = django_filters.ChoiceFilter(choices=Category.choices, empty_label="Any category")
    tier = django_filters.ChoiceFilter(
        choices=TIER_CHOICES,
        method="filter_nothing",
        empty_label=None,
        label="Rating used for level and cell",
    )
    level = django_filters.ChoiceFilter(
        choices=RiskLevel.Code.choices, field_name="level", empty_label="Any level", label="Level"
    )
    likelihood = django_filters.NumberFilter(
        field_name="likelihood_value", min_value=1, label="Likelihood"
    )
    consequence = django_filters.NumberFilter(
        field_name="consequence_value", min_value=1, label="Overall consequence"
    )
    owner = PersonFilter(queryset=None)
    decision = django_filters.ChoiceFilter(
        choices=[("none", "Not decided yet"), *Decision.choices],
        method="filter_decision",
        empty_label="Any decision",
    )
    overdue = django_filters.BooleanFilter(
        method="filter_overdue", label="Review overdue", widget=forms.CheckboxInput
    )
    awaiting = django_filters.BooleanFilter(
        method="filter_awaiting", label="Awaiting supervisor", widget=forms.CheckboxInput
    )
    sort = django_filters.ChoiceFilter(
        choices=SORT_CHOICES, method="filter_nothing", empty_label=None, label="Sort by"
    )

    class Meta:
        model = Risk
        fields: list[str] = []

    def __init__(self, data=None, *args, register: Register, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.register = register
        self.filters["stage"].queryset = register.stages.all()
        self.filters["owner"].queryset = team_people(register)

    @staticmethod
    def tier_in(data) -> str:
        """The rating tier the query string asks for (``current`` unless a valid one)."""
        value = data.get("tier")
        return value if value in dict(TIER_CHOICES) else "current"

    @staticmethod
    def sort_in(data) -> str:
        """The sort the query string asks for (``number`` unless a valid one)."""
        value = data.get("sort") or "number"
        return value if value in dict(SORT_CHOICES) else "number"

    @property
    def chosen_tier(self) -> str:
        return self.tier_in(self.data)

    @property
    def chosen_sort(self) -> str:
        return self.sort_in(self.data)

    def filter_queryset(self, queryset):
        queryset = annotate_tier(queryset, self.chosen_tier)
        queryset = super().filter_queryset(queryset)
        descending = self.chosen_sort.startswith("-")
        columns = RISK_SORTS[self.chosen_sort.lstrip("-")]
        order = [
            F(column).desc(nulls_last=True) if descending else F(column).asc(nulls_last=True)
            for column in columns
        ]
        return queryset.order_by(*order, "number")

    def filter_nothing(self, queryset, name, value):
        return queryset  # Read by filter_queryset (tier) or used for ordering (sort).

    def filter_text(self, queryset, name, value):
        reference = REFERENCE_PATTERN.match(value)
        if reference:
            return queryset.filter(number=int(reference.group(1)))
        query = Q()
        for word in value.split():
            query &= (
                Q(title__icontains=word)
                | Q(cause__icontains=word)
                | Q(event__icontains=word)
                | Q(consequence__icontains=word)
                | Q(affected__icontains=word)
            )
        return queryset.filter(query)

    def filter_decision(self, queryset, name, value):
        return queryset.filter(decision="" if value == "none" else value)

    def filter_overdue(self, queryset, name, value):
        if not value:
            return queryset
        return queryset.filter(next_review_date__lt=timezone.localdate())

    def filter_awaiting(self, queryset, name, value):
        """Current rating needs a supervisor and no signed-off review covers it yet."""
        return queryset.awaiting_supervisor() if value else queryset


class ActionFilter(django_filters.FilterSet):
    DUE_CHOICES = [
        ("overdue", "Overdue"),
        ("week", "Due in the next 7 days"),
        ("month", "Due in the next 30 days"),
        ("none", "No due date"),
    ]

    status = django_filters.ChoiceFilter(
        choices=[("open", "Open (planned or in progress)"), *Action.Status.choices],
        method="filter_status",
        empty_label="Any status",
    )
    owner = PersonFilter(queryset=None)
    due = django_filters.ChoiceFilter(
        choices=DUE_CHOICES, method="filter_due", empty_label="Any due date", label="Due"
    )
    risk = django_filters.NumberFilter(
        field_name="risks__number", label="Risk number", widget=forms.HiddenInput
    )

    class Meta:
        model = Action
        fields: list[str] = []

    def __init__(self, data=None, *args, register: Register, **kwargs):
        super().__init__(data, *args, **kwargs)
        self.filters["owner"].queryset = team_people(register)

    def filter_status(self, queryset, name, value):
        if value == "open":
            return queryset.exclude(status__in=[Action.Status.DONE, Action.Status.CANCELLED])
        return queryset.filter(status=value)

    def filter_due(self, queryset, name, value):
        today = timezone.localdate()
        if value == "overdue":
            return queryset.overdue(today)
        if value == "none":
            return queryset.filter(due_date__isnull=True)
        days = 7 if value == "week" else 30
        return queryset.filter(
            due_date__gte=today, due_date__lte=today + dt.timedelta(days=days)
        ).exclude(status__in=[Action.Status.DONE, Action.Status.CANCELLED])
