"""Annotations: the learner's note on a risk, rating, action, stage, consultation or review."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db.models import Model
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_http_methods

from assessments.forms import AnnotationForm
from assessments.models import Action, Annotation, Assessment, Consultation, Review, Risk
from assessments.views.common import next_url
from journeys.models import Stage
from registers.access import get_register
from registers.models import Register

#: What can be annotated, each fetched through its tenant-scoped queryset and register.
TARGETS = {
    "risk": (Risk, "register"),
    "assessment": (Assessment, "risk__register"),
    "action": (Action, "register"),
    "stage": (Stage, "register"),
    "consultation": (Consultation, "register"),
    "review": (Review, "register"),
}
TARGET_NAMES = {
    "risk": "risk",
    "assessment": "rating",
    "action": "action",
    "stage": "journey stage",
    "consultation": "consultation",
    "review": "review",
}


def _get_target(request: HttpRequest, register: Register, kind: str, target_id: int) -> Model:
    if kind not in TARGETS:
        raise Http404("Nothing of that kind can be annotated.")
    model, path = TARGETS[kind]
    queryset = model.objects.visible_to(request.user).filter(**{path: register})
    return get_object_or_404(queryset, pk=target_id)


def target_url(register: Register, kind: str, target) -> str:
    """The page where the note is shown beside what it explains."""
    register_id = register.pk
    if kind == "risk":
        return f"{target.get_absolute_url()}#annotations"
    if kind == "assessment":
        return f"{target.risk.get_absolute_url()}#rating-{target.pk}"
    pages = {
        "action": "assessments:action_list",
        "consultation": "assessments:consultation_list",
        "stage": "journeys:stage_list",
    }
    if kind == "review":
        return reverse(
            "assessments:review_detail", kwargs={"register_id": register_id, "review_id": target.pk}
        )
    try:
        return reverse(pages[kind], kwargs={"register_id": register_id}) + f"#{kind}-{target.pk}"
    except NoReverseMatch:
        return register.get_absolute_url()


@require_http_methods(["GET", "POST"])
@login_required
def annotation_create(request: HttpRequest, register_id, kind: str, target_id: int) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    target = _get_target(request, register, kind, target_id)
    form = AnnotationForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        annotation = form.save(commit=False)
        annotation.register = register
        setattr(annotation, kind, target)
        annotation.author = request.user
        annotation.full_clean()
        annotation.save()
        messages.success(request, "Note added.")
        return redirect(next_url(request, target_url(register, kind, target)))
    context = {
        "register": register,
        "form": form,
        "target": target,
        "target_name": TARGET_NAMES[kind],
        "back": next_url(request, target_url(register, kind, target)),
    }
    return render(request, "assessments/annotation_form.html", context)


def _get_annotation(request: HttpRequest, register: Register, annotation_id: int) -> Annotation:
    annotations = Annotation.objects.visible_to(request.user).filter(register=register)
    return get_object_or_404(annotations, pk=annotation_id)


def _kind(annotation: Annotation) -> str:
    return next(name for name in Annotation.TARGETS if getattr(annotation, f"{name}_id"))


@require_http_methods(["GET", "POST"])
@login_required
def annotation_edit(request: HttpRequest, register_id, annotation_id: int) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    annotation = _get_annotation(request, register, annotation_id)
    kind, target = _kind(annotation), annotation.target
    form = AnnotationForm(request.POST or None, instance=annotation)
    back = next_url(request, target_url(register, kind, target))
    if request.method == "POST" and form.is_valid():
        form.save()
        messages.success(request, "Note saved.")
        return redirect(back)
    context = {
        "register": register,
        "form": form,
        "annotation": annotation,
        "target": target,
        "target_name": TARGET_NAMES[kind],
        "back": back,
    }
    return render(request, "assessments/annotation_form.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def annotation_delete(request: HttpRequest, register_id, annotation_id: int) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    annotation = _get_annotation(request, register, annotation_id)
    kind, target = _kind(annotation), annotation.target
    back = next_url(request, target_url(register, kind, target))
    if request.method == "POST":
        annotation.delete()
        messages.success(request, "Note deleted.")
        return redirect(back)
    context = {
        "register": register,
        "annotation": annotation,
        "target": target,
        "target_name": TARGET_NAMES[kind],
        "back": back,
    }
    return render(request, "assessments/annotation_delete.html", context)
