"""Register pages: list, create, edit and archive.

The register overview itself is ``dashboard:register`` (it reads across every app).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, Count, Q, QuerySet, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from registers.access import get_register
from registers.forms import RegisterCreateForm, RegisterEditForm
from registers.models import Register, RiskLevel, Team
from riskportal.concurrency import ConflictError

LEVEL_CODES = [RiskLevel.Code.HIGH, RiskLevel.Code.MEDIUM, RiskLevel.Code.LOW]


def with_level_counts(registers: QuerySet) -> QuerySet:
    """Annotate each register with its open risks per current level (residual, else inherent).

    Adds ``risks_total``, ``risks_unrated`` and ``risks_<code>`` for high / medium / low,
    all in the one query that fetches the registers. Written with the ``risks`` relation
    name, so this app needs no import from the apps that build on it.
    """
    open_risks = Q(risks__status="open")
    no_residual = Q(risks__residual_rating__isnull=True)
    counts = {
        f"risks_{code}": Count(
            "risks",
            filter=open_risks
            & (
                Q(risks__residual_rating__level_code=code)
                | (no_residual & Q(risks__inherent_rating__level_code=code))
            ),
        )
        for code in LEVEL_CODES
    }
    return registers.annotate(
        risks_total=Count("risks", filter=open_risks),
        risks_unrated=Count(
            "risks", filter=open_risks & no_residual & Q(risks__inherent_rating__isnull=True)
        ),
        **counts,
    )


@require_GET
@login_required
def register_list(request: HttpRequest) -> HttpResponse:
    registers = with_level_counts(
        Register.objects.visible_to(request.user).select_related("team")
    ).order_by(
        Case(When(status=Register.Status.ARCHIVED, then=1), default=0),
        "team__name",
        "title",
        "pk",
    )
    context = {
        "registers": registers,
        "can_create": Team.objects.editable_by(request.user).exists(),
    }
    return render(request, "registers/list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def register_create(request: HttpRequest) -> HttpResponse:
    if not Team.objects.editable_by(request.user).exists():
        raise PermissionDenied("You can read your team's registers but not start one.")
    form = RegisterCreateForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        register = form.save(commit=False)
        register.owner = request.user
        register.save()
        messages.success(request, f"Register “{register}” created. Next, map the journey.")
        return redirect(register)
    return render(request, "registers/form.html", {"form": form, "register": None})


@require_http_methods(["GET", "POST"])
@login_required
def register_edit(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    form = RegisterEditForm(request.POST or None, instance=register)
    if request.method == "POST" and form.is_valid():
        try:
            form.save()
        except ConflictError:
            pass  # the form now carries the conflict message; show it with the input kept
        else:
            messages.success(request, "Register details saved.")
            return redirect(register)
    return render(request, "registers/form.html", {"form": form, "register": register})


@require_http_methods(["GET", "POST"])
@login_required
def register_archive(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    if request.method == "POST":
        register.archive()
        messages.success(request, f"Register “{register}” archived. It is now read-only.")
        return redirect("registers:list")
    return render(request, "registers/archive_confirm.html", {"register": register})
