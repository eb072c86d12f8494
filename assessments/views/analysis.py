"""SWOT and PESTLE boards linked to risks, and the cost/benefit summary of the actions."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Count, DecimalField, F, Prefetch, Sum, Value
from django.db.models.functions import Coalesce
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


#: Actions the cost/benefit table lists (highest net benefit first) before "show all".
ACTIONS_SHOWN = 50
#: Linked risks shown on a board item or an action before "and n more".
RISKS_SHOWN = 12


def _with_risks(records):
    """``records`` with ``risk_count`` and ``shown_risks``, their first ``RISKS_SHOWN``
    linked risks by number (one query for all of them, however many are linked)."""
    first = Risk.objects.only("pk", "register_id", "number", "title").order_by("number")
    return records.annotate(risk_count=Count("risks", distinct=True)).prefetch_related(
        Prefetch("risks", queryset=first[:RISKS_SHOWN], to_attr="shown_risks")
    )


def cost_benefit_totals(actions) -> dict:
    """Totals across ``actions`` (the options considered and not taken left out): one-off
    and annual cost, annual benefit, net benefit, and ``count``, how many actions they
    cover; summed in SQL, one query."""
    zero = Value(Decimal("0"), output_field=DecimalField(max_digits=12, decimal_places=2))
    found = actions.exclude(status=Action.Status.CANCELLED).aggregate(
        count=Count("pk"),
        cost_one_off=Coalesce(Sum("cost_one_off"), zero),
        cost_annual=Coalesce(Sum("cost_annual"), zero),
        benefit_annual=Coalesce(Sum("benefit_annual"), zero),
    )
    found["net_annual_benefit"] = found["benefit_annual"] - found["cost_annual"]
    return found


@require_GET
@login_required
def analysis(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id)
    swot = _with_risks(SwotItem.objects.visible_to(request.user).filter(register=register))
    pestle = _with_risks(PestleItem.objects.visible_to(request.user).filter(register=register))
    actions = Action.objects.visible_to(request.user).filter(register=register)
    taken = actions.exclude(status=Action.Status.CANCELLED)
    show_all = request.GET.get("actions") == "all"
    # Highest net annual benefit first, then by due date as before (the sum in SQL).
    by_benefit = _with_risks(taken).order_by(
        (F("benefit_annual") - F("cost_annual")).desc(), "due_date", "pk"
    )
    considered = _with_risks(
        actions.filter(status=Action.Status.CANCELLED)
        .exclude(cost_one_off=0, cost_annual=0)
        .order_by((F("benefit_annual") - F("cost_annual")).desc(), "due_date", "pk")
    )
    totals = cost_benefit_totals(taken)
    context = {
        "register": register,
        "swot": _columns(swot, SwotItem.Quadrant.choices, "quadrant"),
        "pestle": _columns(pestle, PestleItem.Factor.choices, "factor"),
        "actions": list(by_benefit if show_all else by_benefit[:ACTIONS_SHOWN]),
        "actions_shown": None if show_all else ACTIONS_SHOWN,
        "considered": list(considered),
        "totals": totals,
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
