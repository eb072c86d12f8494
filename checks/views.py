"""Dismissing a finding of the consistency checks as a false alarm, and reopening it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from checks.forms import DismissForm
from checks.loading import register_report
from checks.models import Dismissal
from checks.services import dismiss, reopen
from registers.access import get_register


def _overview(register) -> str:
    return reverse("dashboard:register", kwargs={"register_id": register.pk}) + "#checks"


@require_http_methods(["GET", "POST"])
@login_required
def dismiss_finding(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    rule, record = request.GET.get("rule", ""), request.GET.get("record", "")
    report = register_report(register)
    finding = next((f for f in report.open if f.rule.id == rule and f.record == record), None)
    if finding is None:
        raise Http404("No open finding of that check on that record.")
    form = DismissForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        dismiss(
            register=register, finding=finding, reason=form.cleaned_data["reason"], by=request.user
        )
        messages.success(
            request, f"Dismissed the finding on {finding.reference}, with your reason."
        )
        return redirect(_overview(register))
    context = {"register": register, "finding": finding, "form": form}
    return render(request, "checks/dismiss.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def reopen_finding(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    dismissal = get_object_or_404(
        Dismissal.objects.filter(register=register),
        rule=request.GET.get("rule", ""),
        record=request.GET.get("record", ""),
    )
    if request.method == "POST":
        reopen(dismissal=dismissal)
        messages.success(request, f"Reopened the finding on {dismissal.reference}.")
        return redirect(_overview(register))
    return render(request, "checks/reopen.html", {"register": register, "dismissal": dismissal})
