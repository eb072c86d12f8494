"""Consultations with colleagues and partners about the register or one of its risks."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.db.models import Prefetch
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from assessments.forms import ConsultationForm
from assessments.models import Annotation, Consultation
from assessments.views.common import (
    next_url,
    save_versioned,
    stored_after_conflict,
    template_for,
)
from registers.access import get_register
from registers.models import Register

CONSULTATIONS_PER_PAGE = 25
#: The groups the evidence rules count: at least two of them must have been consulted.
EVIDENCE_GROUPS = (
    Consultation.Group.TEAM,
    Consultation.Group.PARTNERS,
    Consultation.Group.MANAGERS,
)


def _consultations(request: HttpRequest, register: Register):
    return Consultation.objects.visible_to(request.user).filter(register=register)


@require_GET
@login_required
def consultation_list(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id)
    consultations = (
        _consultations(request, register)
        .select_related("risk")
        .prefetch_related(
            Prefetch("annotations", queryset=Annotation.objects.select_related("author"))
        )
        .order_by("-date", "-pk")
    )
    group = request.GET.get("group", "")
    if group in Consultation.Group.values:
        consultations = consultations.filter(group=group)
    consulted = set(_consultations(request, register).values_list("group", flat=True).distinct())
    context = {
        "register": register,
        "page": Paginator(consultations, CONSULTATIONS_PER_PAGE).get_page(request.GET.get("page")),
        "group": group,
        "groups": Consultation.Group.choices,
        "evidence_groups": [
            (Consultation.Group(code).label, code in consulted) for code in EVIDENCE_GROUPS
        ],
        "evidence_count": sum(code in consulted for code in EVIDENCE_GROUPS),
    }
    return render(
        request, template_for(request, "assessments/consultation_list.html", "results"), context
    )


@require_http_methods(["GET", "POST"])
@login_required
def consultation_create(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    risk = None
    if request.GET.get("risk"):
        risk = get_object_or_404(register.risks, number=request.GET["risk"])
    data = request.POST if request.method == "POST" else None
    form = ConsultationForm(data, initial={"risk": risk}, register=register)
    if data is not None and save_versioned(form):
        messages.success(request, "Consultation recorded.")
        fallback = risk.get_absolute_url() + "#consultations" if risk else _list_url(register)
        return redirect(next_url(request, fallback))
    return render(
        request,
        "assessments/consultation_form.html",
        {"register": register, "form": form, "risk": risk},
    )


@require_http_methods(["GET", "POST"])
@login_required
def consultation_edit(request: HttpRequest, register_id, consultation_id: int) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    consultation = get_object_or_404(_consultations(request, register), pk=consultation_id)
    data = request.POST if request.method == "POST" else None
    form = ConsultationForm(data, instance=consultation, register=register)
    if data is not None and save_versioned(form):
        messages.success(request, "Consultation saved.")
        return redirect(next_url(request, _list_url(register)))
    context = {
        "register": register,
        "form": form,
        "consultation": consultation,
        "stored": stored_after_conflict(form),
    }
    return render(request, "assessments/consultation_form.html", context)


def _list_url(register: Register) -> str:
    return reverse("assessments:consultation_list", kwargs={"register_id": register.pk})
