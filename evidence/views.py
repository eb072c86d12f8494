"""The evidence pack pages: options, the HTML print preview, an export's progress and its PDF.

Every member, supervisor and viewer of the team may export (it changes nothing); others
get 404. No request renders a PDF: exporting queues a task (``evidence.services``) and
answers at once with a progress page that htmx polls until the PDF is ready. An export is
seen only by the person who asked for it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.views.decorators.http import require_GET, require_http_methods

from evidence.forms import PackOptionsForm
from evidence.models import PackExport
from evidence.pack import PackOptions, build_pack
from evidence.services import TooManyExports, pack_html, request_export, sweep_stale
from registers.access import get_register
from riskportal.downloads import private_download

#: How often the progress page asks for news while an export runs.
POLL_SECONDS = 1


def _own_exports(request: HttpRequest, register):
    return PackExport.objects.of(request.user).filter(register=register)


@require_http_methods(["GET", "POST"])
@login_required
def pack(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id)
    form = PackOptionsForm(request.POST if request.method == "POST" else None)
    if form.is_valid():
        try:
            export, joined = request_export(
                register=register, user=request.user, options=form.options()
            )
        except TooManyExports as exc:
            form.add_error(None, str(exc))
            return _options_page(request, register, form, status=429)
        if joined:
            messages.info(
                request,
                "Your earlier export of this register is still being prepared; here it is. "
                "Export again once it is ready to change the options.",
            )
        return redirect(export.get_absolute_url())
    return _options_page(request, register, form)


def _options_page(request: HttpRequest, register, form, status: int | None = None):
    exports = list(_own_exports(request, register)[:5])
    context = {
        "register": register,
        "form": form,
        "exports": exports,
        "running": next((export for export in exports if export.is_pending), None),
    }
    status = status or (400 if form.errors else 200)
    return render(request, "evidence/pack.html", context, status=status)


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
def export(request: HttpRequest, register_id, export_id) -> HttpResponse:
    """An export's progress; with htmx, only the part that changes (polled until done)."""
    register = get_register(request, register_id)
    found = get_object_or_404(_own_exports(request, register), pk=export_id)
    stale = found.status == PackExport.Status.RUNNING and any(
        sweep_stale(export_id=found.pk).values()
    )
    if stale:
        found.refresh_from_db()  # its worker went silent: queued again, or failed
    template = "evidence/export.html#status" if request.htmx else "evidence/export.html"
    context = {
        "register": register,
        "export": found,
        "now": timezone.now(),
        "poll_seconds": POLL_SECONDS,
    }
    return render(request, template, context)


@require_GET
@login_required
@private_download
def download(request: HttpRequest, register_id, export_id) -> FileResponse:
    register = get_register(request, register_id)
    found = get_object_or_404(_own_exports(request, register).ready(), pk=export_id)
    try:
        stored = found.file.open("rb")
    except FileNotFoundError:
        raise Http404("This PDF has been deleted; export the pack again.") from None
    return FileResponse(
        stored, as_attachment=True, filename=found.filename, content_type="application/pdf"
    )
