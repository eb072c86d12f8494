"""The evidence pack pages: options and download, the HTML print preview, background jobs.

Every member, supervisor and viewer of the team may export (it changes nothing); others
get 404. Large registers are prepared in the background (see ``evidence.services``).
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_GET, require_http_methods

from evidence.forms import PackOptionsForm
from evidence.models import ExportJob
from evidence.pack import PackOptions, build_pack
from evidence.renderer import RenderLimitExceeded
from evidence.services import (
    export_pdf,
    needs_background,
    pack_html,
    queue_export,
    sync_max_risks,
)
from registers.access import get_register


def _pdf_response(pdf: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    response["Cache-Control"] = "private, no-store"
    return response


def _own_jobs(request: HttpRequest, register):
    return ExportJob.objects.visible_to(request.user).filter(
        register=register, requested_by=request.user
    )


@require_http_methods(["GET", "POST"])
@login_required
def pack(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id)
    form = PackOptionsForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        if needs_background(register):
            job = queue_export(register=register, requested_by=request.user, options=form.options())
            return redirect(job)
        try:
            exported = export_pdf(register=register, learner=request.user, options=form.options())
        except RenderLimitExceeded as exc:
            form.add_error(None, f"{exc} Leave out some sections and try again.")
        else:
            return _pdf_response(exported.pdf, exported.filename)
    return _options_page(request, register, form)


def _options_page(request: HttpRequest, register, form: PackOptionsForm) -> HttpResponse:
    context = {
        "register": register,
        "form": form,
        "background": needs_background(register),
        "sync_max_risks": sync_max_risks(),
        "jobs": _own_jobs(request, register)[:5],
    }
    return render(request, "evidence/pack.html", context, status=400 if form.errors else 200)


@require_http_methods(["GET", "POST"])
@login_required
def preview(request: HttpRequest, register_id) -> HttpResponse:
    """The pack as HTML. The options form posts here (POST keeps its CSRF token out of the
    URL); a plain GET shows the default pack and also accepts the options as a query."""
    register = get_register(request, register_id)
    form = PackOptionsForm((request.POST if request.method == "POST" else request.GET) or None)
    if form.is_bound and not form.is_valid():
        return _options_page(request, register, form)
    options = form.options() if form.is_bound else PackOptions()
    pack = build_pack(register, learner=request.user, options=options)
    return HttpResponse(pack_html(pack, preview_of=register, request=request))


@require_GET
@login_required
def job(request: HttpRequest, register_id, job_id) -> HttpResponse:
    register = get_register(request, register_id)
    export = get_object_or_404(_own_jobs(request, register), pk=job_id)
    template = "evidence/job.html#status" if request.htmx else "evidence/job.html"
    return render(request, template, {"register": register, "job": export})


@require_GET
@login_required
def job_download(request: HttpRequest, register_id, job_id) -> FileResponse:
    register = get_register(request, register_id)
    export = get_object_or_404(
        _own_jobs(request, register), pk=job_id, status=ExportJob.Status.DONE
    )
    response = FileResponse(
        export.file.open("rb"),
        as_attachment=True,
        filename=export.filename,
        content_type="application/pdf",
    )
    response["Cache-Control"] = "private, no-store"
    return response
