"""The page where a learner explains, in their own words, a criterion only a person can
judge: the criterion word for word, the question, the study guide's guidance, their
examples and every saved version."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_http_methods

from criteria import coverage
from criteria.explanations import (
    STUDY_GUIDE,
    ExplanationForm,
    guidance,
    prompt,
    save_explanation,
)
from criteria.models import Criterion, Explanation
from registers.access import get_register

#: Versions of an explanation listed on its page, newest first.
HISTORY_SHOWN = 10


def person_judged(anchor: str) -> Criterion:
    """The criterion judged by a person whose anchor is ``anchor`` (404 for any other)."""
    for criterion in coverage.catalogue():
        if criterion.anchor == anchor and criterion.judged_by_person:
            return criterion
    raise Http404("No criterion judged by a person has that code.")


@require_http_methods(["GET", "POST"])
@login_required
def explanation_page(request: HttpRequest, register_id, anchor: str) -> HttpResponse:
    register = get_register(request, register_id, write=request.method == "POST")
    criterion = person_judged(anchor)
    explanation = (
        Explanation.objects.filter(register=register, criterion=criterion)
        .select_related("written_by")
        .prefetch_related("risks", "actions")
        .first()
    )
    if request.method == "POST":
        form = ExplanationForm(request.POST, register=register)
        if form.is_valid():
            save_explanation(
                register=register, criterion=criterion, by=request.user, **form.cleaned_data
            )
            messages.success(request, f"Saved your explanation of {criterion.code}.")
            url = reverse("criteria:coverage", kwargs={"register_id": register.pk})
            return redirect(f"{url}#{criterion.anchor}")
    else:
        initial = {}
        if explanation is not None:
            initial = {
                "text": explanation.text,
                "risks": list(explanation.risks.all()),
                "actions": list(explanation.actions.all()),
            }
        form = ExplanationForm(initial=initial, register=register)
    history = (
        list(explanation.history.select_related("history_user")[:HISTORY_SHOWN])
        if explanation is not None
        else []
    )
    status = coverage.explanation_status(explanation)
    context = {
        "register": register,
        "criterion": criterion,
        "explanation": explanation,
        "status": status,
        "status_label": coverage.STATUS_LABELS[status],
        "prompt": prompt(criterion),
        "guidance": guidance(criterion),
        "guide": STUDY_GUIDE,
        "form": form,
        "history": history,
    }
    return render(request, "criteria/explanation.html", context)
