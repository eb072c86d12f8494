"""The page a user lands on after signing in."""

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from registers.models import Register


@require_GET
@login_required
def home(request: HttpRequest) -> HttpResponse:
    registers = Register.objects.visible_to(request.user).select_related("team")
    return render(request, "dashboard/home.html", {"registers": registers})
