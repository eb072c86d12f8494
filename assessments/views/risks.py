"""The risk list, the risk page, and creating and editing a risk."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db import transaction
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from assessments.filters import RiskFilter
from assessments.forms import RatingForm, RiskForm, rating_initial
from assessments.models import Annotation, Assessment, Risk
from assessments.services import create_risk, rate_risk
from assessments.views.common import (
    get_risk,
    initial_from,
    save_versioned,
    stored_after_conflict,
    template_for,
)
from registers.access import get_register
from riskportal.history import RecordChange, history_entries
from riskportal.people import display_name

RISKS_PER_PAGE = 25
HISTORY_LIMIT = 50


@require_GET
@login_required
def risk_list(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id)

    risks = Risk.objects.visible_to(request.user).in_register(register).with_ratings()
    filterset = RiskFilter(request.GET or None, queryset=risks, register=register)
    page = Paginator(filterset.qs, RISKS_PER_PAGE).get_page(request.GET.get("page"))
    sort = RiskFilter.sort_in(request.GET)
    context = {
        "register": register,
        "filter": filterset,
        "page": page,
        "sort": sort,
        "headers": sort_headers(sort),
        "tier": RiskFilter.tier_in(request.GET),
        "filtered": any(
            value for key, value in request.GET.items() if key not in ("page", "sort", "tier")
        ),
    }
    return render(request, template_for(request, "assessments/risk_list.html", "results"), context)


SORT_HEADERS = (
    ("number", "Ref"),
    ("title", "Risk"),
    ("level", "Level"),
    ("owner", "Owner"),
    ("decision", "Decision"),
    ("review", "Next review"),
)


def sort_headers(current: str) -> list[dict]:
    """Column headers: where clicking each one sorts, and which one sorts now (aria-sort)."""
    key, descending = current.lstrip("-"), current.startswith("-")
    return [
        {
            "key": name,
            "label": label,
            "next": f"-{name}" if name == key and not descending else name,
            "aria_sort": ("descending" if descending else "ascending") if name == key else "",
        }
        for name, label in SORT_HEADERS
    ]


def _attach_annotations(risk: Risk, ratings, actions, consultations) -> list[Annotation]:
    """The notes on ``risk`` and on its ratings, actions and consultations, in one query.

    Each rating, action and consultation gets its own notes as ``annotation_list``; the
    risk's own notes are returned. Every list keeps the model's order, as
    ``record.annotations.all()`` would give it.
    """
    targets = {
        "assessment": {rating.pk: rating for rating in ratings},
        "action": {action.pk: action for action in actions},
        "consultation": {consultation.pk: consultation for consultation in consultations},
    }
    for records in targets.values():
        for record in records.values():
            record.annotation_list = []
    belongs_here = Q(risk=risk)
    for field, records in targets.items():
        if records:
            belongs_here |= Q(**{f"{field}__in": list(records)})
    own = []
    for note in Annotation.objects.filter(belongs_here).select_related("author"):
        if note.risk_id == risk.pk:
            own.append(note)
            continue
        for field, records in targets.items():
            record = records.get(getattr(note, f"{field}_id"))
            if record is not None:
                record.annotation_list.append(note)
                break
    return own


@require_GET
@login_required
def risk_detail(request: HttpRequest, register_id, number: int) -> HttpResponse:
    register = get_register(request, register_id)
    risk = get_risk(request, register, number)
    records = list(
        risk.history.select_related("history_user", "owner", "stage")[: HISTORY_LIMIT + 1]
    )
    ratings = list(risk.assessments.select_related("assessed_by"))
    actions = list(risk.actions.select_related("owner").prefetch_related("risks"))
    consultations = list(risk.consultations.all())
    annotations = _attach_annotations(risk, ratings, actions, consultations)
    labels = {rating.pk: f"{rating.level_label}, {rating.explanation}" for rating in ratings}
    rating_form = None
    if register.can_edit:
        tier = Assessment.Tier.RESIDUAL if risk.inherent_rating_id else Assessment.Tier.INHERENT
        rating_form = RatingForm(
            initial={"tier": tier, **rating_initial(risk.current_rating)},
            spec=register.matrix.spec,
            save=True,
        )
    context = {
        "register": register,
        "risk": risk,
        "ratings": ratings,
        "actions": actions,
        "consultations": consultations,
        "awareness": risk.awareness.all(),
        "annotations": annotations,
        "references": risk.references.all(),
        # The record before the oldest shown is read too, so the oldest shown has its diff.
        "changes": change_history(records, ratings=labels)[:HISTORY_LIMIT],
        "more_changes": len(records) > HISTORY_LIMIT,
        "today": timezone.localdate(),
        "rating_form": rating_form,
        "preview": rating_form and rating_form.initial_preview(),
    }
    return render(request, "assessments/risk_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def risk_create(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    spec = register.matrix.spec
    kwargs = {"register": register, "user": request.user}
    if request.method == "GET":
        initial = {"stage": request.GET.get("stage")}
        form, rating_form = RiskForm(initial=initial, **kwargs), RatingForm(spec=spec, save=True)
        preview = None
    elif "check" in request.POST:
        # "Check rating" without JavaScript: show the level, keep the input, save nothing.
        form = initial_from(request.POST, RiskForm, **kwargs)
        rating_form = initial_from(request.POST, RatingForm, spec=spec, save=True, optional=True)
        preview = RatingForm(request.POST, spec=spec)
    else:
        form = RiskForm(request.POST, **kwargs)
        rating_form = RatingForm(request.POST, spec=spec, save=True, optional=True)
        preview = None if rating_form.is_blank else RatingForm(request.POST, spec=spec)
        if form.is_valid() and rating_form.is_valid():
            try:
                risk = _create_rated_risk(request, register, form, rating_form)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"{risk.reference} {risk.title} added to the register.")
                return redirect(risk)
    context = {"register": register, "form": form, "rating_form": rating_form, "preview": preview}
    return render(request, "assessments/risk_form.html", context)


@transaction.atomic
def _create_rated_risk(request, register, form: RiskForm, rating_form: RatingForm) -> Risk:
    risk = create_risk(register=register, created_by=request.user, **form.risk_fields())
    risk.references.set(form.cleaned_data["references"])
    if not rating_form.is_blank:
        rate_risk(
            risk=risk,
            tier=Assessment.Tier.INHERENT,
            rationale=rating_form.cleaned_data["rationale"],
            assessed_by=request.user,
            **rating_form.rate_kwargs(),
        )
    return risk


@require_http_methods(["GET", "POST"])
@login_required
def risk_edit(request: HttpRequest, register_id, number: int) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    risk = get_risk(request, register, number)
    data = request.POST if request.method == "POST" else None
    form = RiskForm(data, instance=risk, register=register, user=request.user)
    if data is not None and save_versioned(form):
        messages.success(request, f"{risk.reference} saved.")
        return redirect(risk)
    context = {
        "register": register,
        "risk": risk,
        "form": form,
        "stored": stored_after_conflict(form, Risk.objects.with_ratings()),
    }
    return render(request, "assessments/risk_form.html", context)


# --- Change history -------------------------------------------------------------------

#: The risk's fields its page lists changes of, in this order, under these labels.
HISTORY_FIELDS = {
    "title": "Title",
    "category": "Category",
    "tags": "Other kinds",
    "stage": "Stage",
    "at_moment_of_truth": "At the moment of truth",
    "cause": "Cause",
    "event": "Event",
    "consequence": "Consequence",
    "affected": "Who is affected",
    "existing_controls": "Existing controls",
    "outcome": "Outcome threatened",
    "owner": "Owner",
    "owner_name": "Owner outside the app",
    "decision": "Decision",
    "decision_rationale": "Reason for the decision",
    "status": "Status",
    "notes": "Notes",
    "inherent_rating": "Inherent rating",
    "residual_rating": "Residual rating",
    "next_review_date": "Next review",
}
LONG_TEXT = 160  # characters of a long text shown in a change


def change_history(records, *, ratings: dict) -> list[RecordChange]:
    """Who changed what and when, newest first, from ``risk.history`` records read with
    their ``owner`` and ``stage`` (no queries).

    The one history engine (``riskportal.history``) compares the records; each stage and
    owner a record names is named by the records themselves (one that no longer exists
    reads as removed or former), and ``ratings`` names ratings by id.
    """
    people = {r.owner_id: display_name(r.owner) for r in records if r.owner is not None}
    stages = {r.stage_id: r.stage.name for r in records if r.stage is not None}
    known = {
        "stage": (stages, "a removed stage"),
        "owner": (people, "a former team member"),
        "inherent_rating": (ratings, "a rating no longer kept"),
        "residual_rating": (ratings, "a rating no longer kept"),
    }

    def present(name: str, value) -> str | None:
        if name in known:
            names, missing = known[name]
            return names.get(value, missing)
        if isinstance(value, str) and len(value) > LONG_TEXT:
            return value[: LONG_TEXT - 1] + "…"
        return None

    entries = history_entries(
        records,
        subject=str,
        labels=HISTORY_FIELDS,
        present=present,
        describe_creation=lambda record: (),
    )
    return entries[::-1]
