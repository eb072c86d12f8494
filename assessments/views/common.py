"""Small helpers shared by the assessments views."""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.shortcuts import get_object_or_404
from django.utils.http import url_has_allowed_host_and_scheme

from assessments.models import Risk
from registers.models import Register
from riskportal.concurrency import ConflictError


def get_risk(request: HttpRequest, register: Register, number: int) -> Risk:
    """The risk ``number`` of ``register``, through the tenant-scoped queryset (404 if not)."""
    queryset = Risk.objects.visible_to(request.user).filter(register=register).with_ratings()
    return get_object_or_404(queryset, number=number)


def save_versioned(form) -> bool:
    """Validate and save a ``VersionedModelForm`` in one transaction; False if it failed.

    The version check locks the row (``select_for_update``), which needs a transaction. On
    a conflict the hidden version moves to the stored one, so that saving again after
    comparing is a deliberate choice and not a loop of refusals.
    """
    try:
        with transaction.atomic():
            if not form.is_valid():
                raise _Invalid
            form.save()
    except (_Invalid, ConflictError):
        if "version" in form.fields and form.instance.pk is not None and has_conflict(form):
            data = form.data.copy()
            data[form.add_prefix("version")] = current_version(form)
            form.data = data
        return False
    return True


class _Invalid(Exception):
    pass


def has_conflict(form) -> bool:
    return any(error.code == "conflict" for error in form.non_field_errors().as_data())


def stored_after_conflict(form, queryset=None):
    """After a refused stale save, the record as it now stands (to show beside the form)."""
    if not (form.is_bound and has_conflict(form)):
        return None
    queryset = queryset if queryset is not None else type(form.instance)._default_manager
    return queryset.get(pk=form.instance.pk)


def current_version(form) -> int | None:
    model = type(form.instance)
    return (
        model._default_manager.filter(pk=form.instance.pk).values_list("version", flat=True).first()
    )


def next_url(request: HttpRequest, fallback: str) -> str:
    """``?next=`` (or the posted ``next``) if it stays on this site, else ``fallback``."""
    candidate = request.POST.get("next") or request.GET.get("next")
    if candidate and url_has_allowed_host_and_scheme(
        candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        return candidate
    return fallback


def template_for(request: HttpRequest, page: str, partial: str) -> str:
    """The whole page, or only its named partial for an htmx request."""
    return f"{page}#{partial}" if request.htmx else page


def initial_from(data, form_class, **kwargs):
    """An unbound form showing ``data`` as its starting values: re-shows what the user
    typed without validating it (the "Check rating" button must not raise every error)."""
    probe = form_class(**kwargs)
    initial = {
        name: data.getlist(name)
        if getattr(field.widget, "allow_multiple_selected", False)
        else data.get(name)
        for name, field in probe.fields.items()
        if name in data
    }
    return form_class(initial=initial, **kwargs)
