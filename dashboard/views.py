"""Pages that read across the whole register: the dashboard, the register overview, the
journey map and the heat map. Each runs a fixed number of queries."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.views.decorators.http import require_GET

from assessments.maps import build_grids, count_cells, register_journey_map
from assessments.models import Action, Review, Risk
from assessments.rows import read_rows
from checks.loading import OVERVIEW_FINDINGS, register_report
from dashboard.home import build_home
from dashboard.profile import level_profile, review_trend
from evidence.models import PackExport
from journeys.models import Stage
from registers.access import get_register


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    today = timezone.localdate()
    context = {
        "home": build_home(request.user, today=today),
        "exports": PackExport.objects.to_mention(request.user, timezone.now())[:3],
    }
    return render(request, "dashboard/home.html", context)


@require_GET
@login_required
def register_overview(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id)
    today = timezone.localdate()
    risks = Risk.objects.visible_to(request.user).in_register(register)
    reviews = (
        Review.objects.visible_to(request.user)
        .in_register(register)
        .filter(state__in=Review.STANDING_STATES)
        .order_by("date", "pk")
    )
    actions = Action.objects.visible_to(request.user).in_register(register)
    open_actions = actions.exclude(status__in=[Action.Status.DONE, Action.Status.CANCELLED])
    # The checks read every stage of the register anyway: the stage counts come from them.
    rows = read_rows(register, analysis=False)
    stages = rows["stages"]
    context = {
        "register": register,
        "profile": level_profile(risks.open()),
        "trend": review_trend(reviews),
        "stages": {
            "total": len(stages),
            "moments": sum(stage.is_moment_of_truth for stage in stages),
        },
        "actions": actions.aggregate(
            open=Count("pk", filter=Q(pk__in=open_actions.values("pk"))),
            overdue=Count("pk", filter=Q(pk__in=actions.overdue(today).values("pk"))),
        ),
        "checks": register_report(register, today=today, rows=rows),
        "checks_shown": None if request.GET.get("checks") == "all" else OVERVIEW_FINDINGS,
    }
    return render(request, "dashboard/register.html", context)


@require_GET
@login_required
def journey_map(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id)
    stages = Stage.objects.visible_to(request.user).in_register(register)
    risks = Risk.objects.visible_to(request.user).in_register(register)
    context = {
        "register": register,
        "map": register_journey_map(stages, risks, register.matrix.spec),
    }
    return render(request, "dashboard/journey_map.html", context)


def _risk_list_url(register) -> str:
    """The risk list's address, or "" while that page does not exist yet."""
    try:
        return reverse("assessments:risk_list", kwargs={"register_id": register.pk})
    except NoReverseMatch:
        return ""


@require_GET
@login_required
def heatmap(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id)
    list_url = _risk_list_url(register)
    spec = register.matrix.spec
    risks = Risk.objects.visible_to(request.user).in_register(register)
    context = {
        "register": register,
        "spec": spec,
        "grids": build_grids(spec, count_cells(risks), list_url),
        "risk_list_url": list_url,
    }
    return render(request, "dashboard/heatmap.html", context)
