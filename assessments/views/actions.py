"""The action log of a register, and adding, editing and completing actions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from assessments.filters import ActionFilter
from assessments.forms import ActionCompleteForm, ActionForm
from assessments.models import Action, Annotation, Risk
from assessments.views.common import (
    next_url,
    save_versioned,
    stored_after_conflict,
    template_for,
)
from registers.access import get_register
from registers.models import Register

ACTIONS_PER_PAGE = 25


def _actions(request: HttpRequest, register: Register):
    return Action.objects.visible_to(request.user).filter(register=register)


def _get_action(request: HttpRequest, register: Register, action_id: int) -> Action:
    return get_object_or_404(_actions(request, register), pk=action_id)


@require_GET
@login_required
def action_list(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id)
    actions = (
        _actions(request, register)
        .select_related("owner")
        .prefetch_related(
            Prefetch("risks", queryset=Risk.objects.order_by("number")),
            Prefetch("annotations", queryset=Annotation.objects.select_related("author")),
        )
        .order_by("due_date", "pk")
    )
    filterset = ActionFilter(request.GET or None, queryset=actions, register=register)
    page = Paginator(filterset.qs, ACTIONS_PER_PAGE).get_page(request.GET.get("page"))
    context = {
        "register": register,
        "filter": filterset,
        "page": page,
        "today": timezone.localdate(),
        "overdue_count": _actions(request, register).overdue().count(),
    }
    return render(
        request, template_for(request, "assessments/action_list.html", "results"), context
    )


@require_http_methods(["GET", "POST"])
@login_required
def action_create(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    risk = None
    if request.GET.get("risk"):
        risk = get_object_or_404(register.risks, number=request.GET["risk"])
    data = request.POST if request.method == "POST" else None
    form = ActionForm(
        data, initial={"risks": [risk] if risk else []}, register=register, user=request.user
    )
    if data is not None and save_versioned(form):
        messages.success(request, "Action added.")
        fallback = risk.get_absolute_url() + "#actions" if risk else _log_url(register)
        return redirect(next_url(request, fallback))
    context = {"register": register, "form": form, "risk": risk, "next": _posted_next(request)}
    return render(request, "assessments/action_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def action_edit(request: HttpRequest, register_id, action_id: int) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    action = _get_action(request, register, action_id)
    data = request.POST if request.method == "POST" else None
    form = ActionForm(data, instance=action, register=register, user=request.user)
    if data is not None and save_versioned(form):
        messages.success(request, "Action saved.")
        return redirect(next_url(request, _log_url(register)))
    context = {
        "register": register,
        "form": form,
        "action": action,
        "stored": stored_after_conflict(form),
        "next": _posted_next(request),
    }
    return render(request, "assessments/action_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def action_complete(request: HttpRequest, register_id, action_id: int) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    action = _get_action(request, register, action_id)
    data = request.POST if request.method == "POST" else None
    form = ActionCompleteForm(data, instance=action)
    if data is not None and save_versioned(form):
        messages.success(request, f"Marked done: {action}.")
        return redirect(next_url(request, _log_url(register)))
    context = {"register": register, "form": form, "action": action, "next": _posted_next(request)}
    return render(request, "assessments/action_complete.html", context)


def _posted_next(request: HttpRequest) -> str:
    """The page to return to, carried through a re-rendered form (checked on redirect)."""
    return request.POST.get("next") or request.GET.get("next", "")


def _log_url(register: Register) -> str:
    return reverse("assessments:action_list", kwargs={"register_id": register.pk})
