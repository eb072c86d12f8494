"""Review meetings: draft, edit, submit for sign-off; the state and sign-off are shown.

Sign-off and return happen in the admin (``assessments.reviews``). A submitted or
signed-off review is read-only here; a returned one can be edited and submitted again.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from assessments.forms import ReviewForm
from assessments.models import Review
from assessments.reviews import integrity, submit_review
from assessments.views.common import save_versioned, stored_after_conflict
from registers.access import get_register
from registers.models import Register

REVIEWS_PER_PAGE = 25
#: Risks a review's page lists before a "show all" link.
RISKS_SHOWN = 50


def _reviews(request: HttpRequest, register: Register):
    return Review.objects.visible_to(request.user).filter(register=register)


def _get_review(request: HttpRequest, register: Register, review_id: int) -> Review:
    return get_object_or_404(
        _reviews(request, register).select_related(
            "reviewer", "submitted_by", "signed_off_by", "returned_by"
        ),
        pk=review_id,
    )


def _read_only_message(review: Review) -> str:
    return (
        f"This review is {review.get_state_display().lower()}, so it cannot be changed here. "
        + (
            "Start a new review to record later changes."
            if review.is_frozen
            else "A supervisor signs it off or returns it for changes."
        )
    )


@require_GET
@login_required
def review_list(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id)
    reviews = (
        _reviews(request, register)
        .select_related("reviewer", "signed_off_by")
        .annotate(risk_count=Count("risks"))
        .order_by("-date", "-pk")
    )
    context = {
        "register": register,
        "page": Paginator(reviews, REVIEWS_PER_PAGE).get_page(request.GET.get("page")),
    }
    return render(request, "assessments/review_list.html", context)


@require_GET
@login_required
def review_detail(request: HttpRequest, register_id, review_id: int) -> HttpResponse:
    register = get_register(request, register_id)
    review = _get_review(request, register, review_id)
    show_all = request.GET.get("risks") == "all"
    if review.snapshot:
        total, risks = len(review.snapshot), None
        snapshot = review.snapshot if show_all else review.snapshot[:RISKS_SHOWN]
    else:
        risks = review.risks.with_ratings().order_by("number")
        total, snapshot = review.risks.count(), None
        risks = list(risks if show_all else risks[:RISKS_SHOWN])
    context = {
        "register": register,
        "review": review,
        "risks": risks,
        "snapshot": snapshot,
        "risks_total": total,
        "annotations": review.annotations.select_related("author"),
        "integrity": integrity(review),
    }
    return render(request, "assessments/review_detail.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def review_create(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    data = request.POST if request.method == "POST" else None
    form = ReviewForm(data, initial={"reviewer": request.user.pk}, register=register)
    if data is not None and save_versioned(form):
        messages.success(request, "Review saved as a draft. Submit it when it is complete.")
        return redirect(_detail_url(form.instance))
    return render(request, "assessments/review_form.html", {"register": register, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def review_edit(request: HttpRequest, register_id, review_id: int) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    review = _get_review(request, register, review_id)
    if not review.is_editable:
        messages.error(request, _read_only_message(review))
        return redirect(_detail_url(review))
    data = request.POST if request.method == "POST" else None
    form = ReviewForm(data, instance=review, register=register)
    if data is not None and save_versioned(form):
        messages.success(request, "Review saved.")
        return redirect(_detail_url(review))
    context = {
        "register": register,
        "review": review,
        "form": form,
        "stored": stored_after_conflict(form),
    }
    return render(request, "assessments/review_form.html", context)


@require_POST
@login_required
def review_submit(request: HttpRequest, register_id, review_id: int) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    review = _get_review(request, register, review_id)
    try:
        submit_review(review=review, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, "Review submitted: a supervisor of the team will sign it off.")
    return redirect(_detail_url(review))


def _detail_url(review: Review) -> str:
    return reverse(
        "assessments:review_detail",
        kwargs={"register_id": review.register_id, "review_id": review.pk},
    )
