"""Exhibit pages: the register's list, upload (for a given record or a chosen one),
download and delete. Outsiders get 404, viewers read and download only."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.text import slugify
from django.views.decorators.http import require_GET, require_http_methods

from assessments.models import FROZEN_REVIEW_MESSAGE
from exhibits.forms import ExhibitForm
from exhibits.models import Exhibit, describe_record
from exhibits.records import (
    get_record,
    is_closed,
    kind_label,
    parse_choice,
    record_choices,
    record_url,
)
from exhibits.services import attach_exhibit, remove_exhibit
from registers.access import get_register
from registers.models import Register


def _max_mb() -> float:
    return settings.EXHIBIT_MAX_BYTES / (1024 * 1024)


def _get_exhibit(request: HttpRequest, register: Register, number: int) -> Exhibit:
    exhibits = Exhibit.objects.visible_to(request.user).filter(register=register).with_targets()
    return get_object_or_404(exhibits, number=number)


def _list_url(register: Register) -> str:
    return reverse("exhibits:exhibit_list", kwargs={"register_id": register.pk})


@require_GET
@login_required
def exhibit_list(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id)
    exhibits = Exhibit.objects.visible_to(request.user).filter(register=register).with_targets()
    form = None
    if register.can_edit:
        form = ExhibitForm(choices=record_choices(request.user, register), max_mb=_max_mb())
    context = {"register": register, "exhibits": exhibits, "form": form}
    return render(request, "exhibits/exhibit_list.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def exhibit_upload(request: HttpRequest, register_id, kind=None, target_id=None) -> HttpResponse:
    """Attach a file to a record: the record is in the URL (a record's own page), or
    chosen in the form (the register's exhibits page)."""
    register = get_register(request, register_id, write=True)
    record = get_record(request.user, register, kind, target_id) if kind else None
    if is_closed(record):
        raise PermissionDenied(FROZEN_REVIEW_MESSAGE)
    choices = None if record else record_choices(request.user, register)
    data = (request.POST, request.FILES) if request.method == "POST" else ()
    form = ExhibitForm(*data, choices=choices, max_mb=_max_mb())
    if request.method == "POST" and form.is_valid():
        if record is None:
            kind, target_id = parse_choice(form.cleaned_data["record"])
            record = get_record(request.user, register, kind, target_id)
        exhibit = attach_exhibit(
            record=record,
            checked=form.cleaned_data["checked"],
            title=form.cleaned_data["title"],
            uploaded_by=request.user,
        )
        messages.success(request, f"{exhibit.label} “{exhibit.title}” attached.")
        return redirect(record_url(register, kind, record) if kind else _list_url(register))
    context = {
        "register": register,
        "form": form,
        "record": record,
        "record_kind": kind_label(kind) if record else "",
        "record_label": describe_record(kind, record) if record else "",
        "back": record_url(register, kind, record) if record else _list_url(register),
    }
    status = 400 if form.is_bound else 200
    return render(request, "exhibits/exhibit_upload.html", context, status=status)


@require_GET
@login_required
def exhibit_download(request: HttpRequest, register_id, exhibit_number: int) -> FileResponse:
    register = get_register(request, register_id)
    exhibit = _get_exhibit(request, register, exhibit_number)
    name = f"{exhibit.label}-{slugify(exhibit.title)[:60] or 'exhibit'}{exhibit.extension}"
    response = FileResponse(
        exhibit.file.open("rb"),
        as_attachment=True,
        filename=name,
        content_type=exhibit.content_type,
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "default-src 'none'; sandbox"
    return response


@require_http_methods(["GET", "POST"])
@login_required
def exhibit_delete(request: HttpRequest, register_id, exhibit_number: int) -> HttpResponse:
    register = get_register(request, register_id, write=True)
    exhibit = _get_exhibit(request, register, exhibit_number)
    back = record_url(register, exhibit.kind, exhibit.target)
    if is_closed(exhibit.target):
        raise PermissionDenied(FROZEN_REVIEW_MESSAGE)
    if request.method == "POST":
        label, title = exhibit.label, exhibit.title
        remove_exhibit(exhibit=exhibit)
        messages.success(request, f"{label} “{title}” deleted.")
        return redirect(_list_url(register) if request.POST.get("from") == "list" else back)
    context = {"register": register, "exhibit": exhibit, "back": back}
    return render(request, "exhibits/exhibit_delete.html", context)
