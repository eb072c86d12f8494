"""SWOT and PESTLE boards linked to risks, and the cost/benefit summary of the actions."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Prefetch
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods

from assessments.forms import PestleItemForm, SwotItemForm
from assessments.models import Action, PestleItem, Risk, SwotItem
from registers.access import get_register
from registers.models import Register

#: kind in the URL -> (model, form, the field that places an item on the board, title)
BOARDS = {
    "swot": (SwotItem, SwotItemForm, "quadrant", "SWOT"),
    "pestle": (PestleItem, PestleItemForm, "factor", "PESTLE"),
}


def _board(request: HttpRequest, register: Register, kind: str):
    if kind not in BOARDS:
        raise Http404("No such board.")
    model, form_class, place, title = BOARDS[kind]
    items = model.objects.visible_to(request.user).filter(register=register)
    return items, form_class, place, title


def _columns(items, choices, place: str) -> list[dict]:
    by_place: dict[str, list] = {code: [] for code, _ in choices}
    for item in items:
        by_place[getattr(item, place)].append(item)
    return [{"code": code, "label": label, "items": by_place[code]} for code, label in choices]


def cost_benefit(actions) -> dict:
    """Totals across ``actions`` (the options considered and not taken left out): one-off
    and annual cost, annual benefit, net benefit."""
    actions = [a for a in actions if not a.is_option_considered]
    totals = {
        "cost_one_off": sum((a.cost_one_off for a in actions), Decimal("0")),
        "cost_annual": sum((a.cost_annual for a in actions), Decimal("0")),
        "benefit_annual": sum((a.benefit_annual for a in actions), Decimal("0")),
    }
    totals["net_annual_benefit"] = totals["benefit_annual"] - totals["cost_annual"]
    return totals


@require_GET
@login_required
def analysis(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id)
    risks = Prefetch("risks", queryset=Risk.objects.order_by("number"))
    swot = (
        SwotItem.objects.visible_to(request.user).filter(register=register).prefetch_related(risks)
    )
    pestle = (
        PestleItem.objects.visible_to(request.user)
        .filter(register=register)
        .prefetch_related(risks)
    )
    every = list(
        Action.objects.visible_to(request.user)
        .filter(register=register)
        .prefetch_related(risks)
        .order_by("due_date", "pk")
    )
    every.sort(key=lambda action: action.net_annual_benefit, reverse=True)
    actions = [a for a in every if not a.is_option_considered]
    considered = [a for a in every if a.is_option_considered and (a.cost_one_off or a.cost_annual)]
    context = {
        "register": register,
        "swot": _columns(swot, SwotItem.Quadrant.choices, "quadrant"),
        "pestle": _columns(pestle, PestleItem.Factor.choices, "factor"),
        "actions": actions,
        "considered": considered,
        "totals": cost_benefit(actions),
    }
    return render(request, "assessments/analysis.html", context)


def _analysis_url(register: Register, kind: str) -> str:
    return reverse("assessments:analysis", kwargs={"register_id": register.pk}) + f"#{kind}"


@require_http_methods(["GET", "POST"])
@login_required
def analysis_item_create(request: HttpRequest, register_id, kind: str) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    _items, form_class, place, title = _board(request, register, kind)
    form = form_class(
        request.POST or None, initial={place: request.GET.get(place)}, register=register
    )
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{title} item added.")
        return redirect(_analysis_url(register, kind))
    context = {"register": register, "form": form, "board": title, "kind": kind}
    return render(request, "assessments/analysis_item_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def analysis_item_edit(request: HttpRequest, register_id, kind: str, item_id: int) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    items, form_class, _place, title = _board(request, register, kind)
    item = get_object_or_404(items, pk=item_id)
    form = form_class(request.POST or None, instance=item, register=register)
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, f"{title} item saved.")
        return redirect(_analysis_url(register, kind))
    context = {"register": register, "form": form, "board": title, "kind": kind, "item": item}
    return render(request, "assessments/analysis_item_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def analysis_item_delete(
    request: HttpRequest, register_id, kind: str, item_id: int
) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    items, _form_class, _place, title = _board(request, register, kind)
    item = get_object_or_404(items, pk=item_id)
    if request.method == "POST":
        item.delete()
        messages.success(request, f"{title} item deleted.")
        return redirect(_analysis_url(register, kind))
    context = {"register": register, "item": item, "board": title, "kind": kind}
    return render(request, "assessments/analysis_item_delete.html", context)
