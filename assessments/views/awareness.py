"""Customer and staff awareness records: how people were told about a risk."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from assessments.forms import AwarenessForm
from assessments.models import AwarenessRecord
from assessments.views.common import get_risk, save_versioned, stored_after_conflict
from registers.access import get_register

RECORDS_PER_PAGE = 25


@require_GET
@login_required
def awareness_list(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id)
    records = (
        AwarenessRecord.objects.visible_to(request.user)
        .filter(risk__register=register)
        .select_related("risk")
        .order_by("-date", "-pk")
    )
    audience = request.GET.get("audience", "")
    if audience in AwarenessRecord.Audience.values:
        records = records.filter(audience=audience)
    context = {
        "register": register,
        "page": Paginator(records, RECORDS_PER_PAGE).get_page(request.GET.get("page")),
        "audience": audience,
        "audiences": AwarenessRecord.Audience.choices,
    }
    return render(request, "assessments/awareness_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def awareness_create(request: HttpRequest, register_id, number: int) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    risk = get_risk(request, register, number)
    data = request.POST if request.method == "POST" else None
    form = AwarenessForm(data, initial={"audience": request.GET.get("audience")})
    form.instance.risk = risk
    if data is not None and save_versioned(form):
        messages.success(request, "Awareness record added.")
        return redirect(f"{risk.get_absolute_url()}#awareness")
    return render(
        request,
        "assessments/awareness_form.html",
        {"register": register, "risk": risk, "form": form},
    )


@require_http_methods(["GET", "POST"])
@login_required
def awareness_edit(request: HttpRequest, register_id, record_id: int) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    record = get_object_or_404(
        AwarenessRecord.objects.visible_to(request.user)
        .filter(risk__register=register)
        .select_related("risk"),
        pk=record_id,
    )
    data = request.POST if request.method == "POST" else None
    form = AwarenessForm(data, instance=record)
    if data is not None and save_versioned(form):
        messages.success(request, "Awareness record saved.")
        return redirect(f"{record.risk.get_absolute_url()}#awareness")
    context = {
        "register": register,
        "risk": record.risk,
        "record": record,
        "form": form,
        "stored": stored_after_conflict(form),
    }
    return render(request, "assessments/awareness_form.html", context)
