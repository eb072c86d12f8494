"""The learner's declaration that the register's evidence is their own, from real work with
real customers: read by the team, signed by a member or supervisor (who and when kept)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from criteria.models import DECLARATION_TEXT, Declaration
from registers.access import get_register


@transaction.atomic
def sign_declaration(*, register, by) -> Declaration:
    """Record that ``by`` signed the declaration for ``register`` now."""
    return Declaration.objects.create(register=register, signed_by=by)


@require_http_methods(["GET", "POST"])
@login_required
def declaration_page(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id, write=request.method == "POST")
    if request.method == "POST":
        sign_declaration(register=register, by=request.user)
        messages.success(request, "Signed: your declaration is printed on the evidence pack.")
        return redirect(reverse("criteria:declaration", kwargs={"register_id": register.pk}))
    signed = list(Declaration.objects.filter(register=register).select_related("signed_by")[:20])
    context = {"register": register, "text": DECLARATION_TEXT, "signed": signed}
    return render(request, "criteria/declaration.html", context)
