"""The evidence coverage page of a register, and tagging records to criteria."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from criteria import coverage
from criteria.forms import RECORD_GROUPS, TagForm
from criteria.models import CriterionTag
from criteria.presentation import EvidenceLinks
from criteria.services import remove_tag, tag_record
from registers.access import get_register

GAPS_ONLY = "gaps"


def _page(request: HttpRequest, register, records) -> HttpResponse:
    results = coverage.evaluate(records)
    gaps_only = request.GET.get("show") == GAPS_ONLY
    shown = [r for r in results if not r.is_complete] if gaps_only else results
    summary = coverage.summarise(results)
    context = {
        "register": register,
        "results": shown,
        "summary": summary,
        "summary_rows": [
            (status, label, summary[status]) for status, label in coverage.STATUS_LABELS.items()
        ],
        "by_source": [
            (source, [counts[status] for status in coverage.STATUS_LABELS])
            for source, counts in coverage.summarise_by_source(results)
        ],
        "gaps_only": gaps_only,
        "links": EvidenceLinks(),
    }
    return render(request, "criteria/coverage.html", context)


def _coverage_url(register, anchor: str = "") -> str:
    url = reverse("criteria:coverage", kwargs={"register_id": register.pk})
    return f"{url}#{anchor}" if anchor else url


@require_GET
@login_required
def coverage_page(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id)
    return _page(request, register, coverage.load_records(register))


@require_http_methods(["GET", "POST"])
@login_required
def tag_create(request: HttpRequest, register_id) -> HttpResponse:
    """The tagging form (GET: ``?criterion=`` chooses the criterion, ``?kind=`` lists only
    the records of that kind) and the tag it makes (POST)."""
    register = get_register(request, register_id, write=True)
    records = coverage.load_records(register)
    kind = request.GET.get("kind", "")
    kind = kind if kind in RECORD_GROUPS else ""
    if request.method == "POST":
        form = TagForm(request.POST, records=records, kind=kind)
        if form.is_valid():
            criterion, record = form.cleaned_data["criterion"], form.cleaned_data["record"]
            try:
                tag_record(register=register, criterion=criterion, record=record, by=request.user)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Tagged to {criterion.code} as your evidence.")
                return redirect(_coverage_url(register, criterion.anchor))
    else:
        criterion = request.GET.get("criterion", "")
        form = TagForm(records=records, kind=kind, initial={"criterion": criterion})
    by_kind = records.by_kind()
    context = {
        "register": register,
        "form": form,
        "kind": kind,
        "kinds": [
            (name, label, len(by_kind[name]))
            for name, label in RECORD_GROUPS.items()
            if by_kind[name]
        ],
        "criterion": form["criterion"].value() or "",
    }
    return render(request, "criteria/tag.html", context)


@require_POST
@login_required
def tag_delete(request: HttpRequest, register_id, tag_id: int) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    tag = get_object_or_404(
        CriterionTag.objects.filter(register=register).select_related("criterion"), pk=tag_id
    )
    remove_tag(tag=tag)
    messages.success(request, f"Removed the tag from {tag.criterion.code}.")
    return redirect(_coverage_url(register, tag.criterion.anchor))
