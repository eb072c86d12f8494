"""Journey pages: list, add, edit, reorder and remove the stages of a register."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, Max, ProtectedError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from journeys.forms import StageForm
from journeys.models import Stage
from journeys.services import move_stage
from registers.access import get_register
from registers.models import Register
from riskportal.concurrency import ConflictError

STAGE_HAS_RISKS_MESSAGE = (
    "“{stage}” cannot be removed while risks are recorded at it. Move those risks to "
    "another stage (or delete them) first."
)


def _stages(request: HttpRequest, register: Register):
    """The register's stages in journey order, each with ``risk_count`` (one query)."""
    return (
        Stage.objects.visible_to(request.user)
        .in_register(register)
        .annotate(risk_count=Count("risks"))
        .order_by("order", "pk")
    )


def _get_stage(request: HttpRequest, register: Register, stage_id: int) -> Stage:
    return get_object_or_404(
        Stage.objects.visible_to(request.user).in_register(register), pk=stage_id
    )


def _stage_list_url(register: Register, stage: Stage | None = None) -> str:
    url = reverse("journeys:stage_list", kwargs={"register_id": register.pk})
    return f"{url}#stage-{stage.pk}" if stage else url


@require_GET
@login_required
def stage_list(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id)
    context = {"register": register, "stages": _stages(request, register)}
    return render(request, "journeys/stage_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def stage_create(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    last = register.stages.aggregate(last=Max("order"))["last"] or 0
    form = StageForm(request.POST or None, instance=Stage(register=register, order=last + 1))
    if request.method == "POST" and form.is_valid():
        stage = form.save()
        messages.success(request, f"Stage “{stage}” added.")
        if "add_another" in request.POST:
            return redirect("journeys:stage_create", register_id=register.pk)
        return redirect(_stage_list_url(register, stage))
    return render(request, "journeys/stage_form.html", {"register": register, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def stage_edit(request: HttpRequest, register_id, stage_id: int) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    stage = _get_stage(request, register, stage_id)
    form = StageForm(request.POST or None, instance=stage)
    if request.method == "POST" and form.is_valid():
        try:
            stage = form.save()
        except ConflictError:
            pass  # the form carries the conflict message and keeps the user's input
        else:
            messages.success(request, f"Stage “{stage}” saved.")
            return redirect(_stage_list_url(register, stage))
    context = {"register": register, "form": form, "stage": stage}
    return render(request, "journeys/stage_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def stage_delete(request: HttpRequest, register_id, stage_id: int) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    stage = _get_stage(request, register, stage_id)
    risks = list(stage.risks.order_by("number"))
    if request.method == "POST" and not risks:
        try:
            stage.delete()
        except ProtectedError:  # a risk was added to it since the page was read
            messages.error(request, STAGE_HAS_RISKS_MESSAGE.format(stage=stage))
            return redirect("journeys:stage_delete", register_id=register.pk, stage_id=stage.pk)
        messages.success(request, f"Stage “{stage}” removed.")
        return redirect(_stage_list_url(register))
    if request.method == "POST":
        messages.error(request, STAGE_HAS_RISKS_MESSAGE.format(stage=stage))
    context = {
        "register": register,
        "stage": stage,
        "risks": risks,
        "blocked_message": STAGE_HAS_RISKS_MESSAGE.format(stage=stage) if risks else "",
    }
    return render(request, "journeys/stage_confirm_delete.html", context)


@require_POST
@login_required
def stage_move(request: HttpRequest, register_id, stage_id: int) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    stage = _get_stage(request, register, stage_id)
    offset = {"up": -1, "down": 1}.get(request.POST.get("direction", ""))
    position = move_stage(stage=stage, offset=offset) if offset else None
    if position is None:
        status = f"“{stage}” cannot move that way."
    else:
        status = f"“{stage}” moved to position {position}."
    if request.htmx:
        context = {"register": register, "stages": _stages(request, register), "status": status}
        return render(request, "journeys/stage_list.html#stages", context)
    messages.info(request, status)
    return redirect(_stage_list_url(register, stage))
