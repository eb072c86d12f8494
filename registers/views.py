"""Register pages: list, create, edit and archive.

The register overview itself is ``dashboard:register`` (it reads across every app).
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.db.models import Case, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_GET, require_http_methods

from registers.access import get_register
from registers.forms import RegisterCreateForm, RegisterEditForm
from registers.models import Register, Team
from riskportal.concurrency import ConflictError


@require_GET
@login_required
def register_list(request: HttpRequest) -> HttpResponse:
    registers = (
        Register.objects.visible_to(request.user)
        .select_related("team")
        .with_level_counts()
        .order_by(
            Case(When(status=Register.Status.ARCHIVED, then=1), default=0),
            "team__name",
            "title",
            "pk",
        )
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
