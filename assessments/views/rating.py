"""The rating widget: a live preview from the server's rating function, and saving a rating.

The preview never stores anything; it answers "what level would these values give?" by
calling ``registers.rating.rate`` through ``RatingForm``, so the page never holds a copy
of the matrix's thresholds.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods

from assessments.forms import RatingForm, rating_initial
from assessments.models import Assessment
from assessments.services import rate_risk
from assessments.views.common import get_risk, initial_from
from registers.access import get_register


@require_http_methods(["GET", "POST"])
@login_required
def rating_preview(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id)
    form = RatingForm(request.POST or request.GET or None, spec=register.matrix.spec)
    context = {"register": register, "preview": form if form.is_bound else None}
    template = "assessments/rating_preview.html"
    return render(request, f"{template}#result" if request.htmx else template, context)


@require_http_methods(["GET", "POST"])
@login_required
def risk_rate(request: HttpRequest, register_id, number: int) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    risk = get_risk(request, register, number)
    spec = register.matrix.spec
    preview = None
    if request.method == "GET":
        tier = Assessment.Tier.RESIDUAL if risk.inherent_rating_id else Assessment.Tier.INHERENT
        form = RatingForm(
            initial={"tier": request.GET.get("tier", tier), **rating_initial(risk.current_rating)},
            spec=spec,
            save=True,
        )
        preview = form.initial_preview()
    elif "check" in request.POST:
        # "Check rating" without JavaScript: show the level, keep the input, save nothing.
        form = initial_from(request.POST, RatingForm, spec=spec, save=True)
        preview = RatingForm(request.POST, spec=spec)
    else:
        form = RatingForm(request.POST, spec=spec, save=True)
        preview = RatingForm(request.POST, spec=spec)
        if form.is_valid():
            try:
                rating = rate_risk(
                    risk=risk,
                    tier=form.cleaned_data["tier"],
                    rationale=form.cleaned_data["rationale"],
                    assessed_by=request.user,
                    **form.rate_kwargs(),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    f"{risk.reference} rated {rating.get_tier_display().lower()}: "
                    f"{rating.explanation}.",
                )
                return redirect(f"{risk.get_absolute_url()}#ratings")
    context = {
        "register": register,
        "risk": risk,
        "rating_form": form,
        "preview": preview,
    }
    return render(request, "assessments/risk_rate.html", context)
