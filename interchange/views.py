"""Import pages (upload -> sheet -> mapping -> preview -> commit) and the export page."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import NoReverseMatch, reverse
from django.views.decorators.http import require_GET, require_http_methods

from interchange import exporters, importer, readers, services
from interchange.forms import MappingForm, SheetForm, UploadForm
from interchange.mapping import clean_text
from interchange.models import ImportSession
from journeys.models import Stage
from registers.access import get_register
from registers.models import Register, Team
from riskportal.downloads import private_download

#: Problems listed on the preview page; a file with more is described by their count (a
#: 5,000-row file with a few problems a row made a page of 20,000 table rows).
PREVIEW_MAX_PROBLEMS = 500


def register_url(register: Register) -> str:
    """The register's overview, or the closest page that exists."""
    for name in ("dashboard:register", "assessments:risk_list", "interchange_register:export"):
        try:
            return reverse(name, kwargs={"register_id": register.pk})
        except NoReverseMatch:
            continue
    return reverse("dashboard:home")


def _session(request: HttpRequest, session_id) -> ImportSession:
    session = get_object_or_404(
        ImportSession.objects.of(request.user).select_related(
            "team", "register__matrix", "new_register_matrix"
        ),
        pk=session_id,
    )
    if session.is_committed:
        raise Http404("This import is finished.")
    return session


def _source(request: HttpRequest, session: ImportSession):
    """The session's source, or None after telling the user why the file cannot be read."""
    try:
        return services.source_for(session)
    except readers.ImportFileError as exc:
        messages.error(request, str(exc))
        return None


@require_http_methods(["GET", "POST"])
@login_required
def start(request: HttpRequest) -> HttpResponse:
    if not Team.objects.editable_by(request.user).exists():
        # A viewer (or someone in no team) has nowhere to import to; the menu hides it too.
        raise PermissionDenied("Only members and supervisors of a team can import.")
    initial = {"register": request.GET.get("register")}
    form = UploadForm(
        request.POST or None, request.FILES or None, user=request.user, initial=initial
    )
    if request.method == "POST" and form.is_valid():
        data, upload = form.cleaned_data, form.cleaned_data["file"]
        try:
            session = services.start_import(
                user=request.user,
                data=upload.read(),
                filename=upload.name,
                kind=data["kind"],
                register=data["register"],
                team=data["team"],
                title=data["title"],
                matrix=data["matrix"],
            )
        except readers.ImportFileError as exc:
            form.add_error("file", str(exc))
        else:
            return redirect("interchange:sheet", session_id=session.pk)
    return render(request, "interchange/start.html", {"form": form})


@require_http_methods(["GET", "POST"])
@login_required
def sheet(request: HttpRequest, session_id) -> HttpResponse:
    session = _session(request, session_id)
    source = _source(request, session)
    if source is None:
        return redirect("interchange:start")
    initial = {"sheet": session.sheet, "header_row": session.header_row}
    form = SheetForm(request.POST or None, sheets=source.table.sheets, initial=initial)
    if request.method == "POST" and form.is_valid():
        session.sheet = form.cleaned_data.get("sheet", "")
        session.header_row = form.cleaned_data["header_row"]
        session.mapping = importer.default_mapping(services.source_for(session))
        session.state = ImportSession.State.UPLOADED
        session.save()
        return redirect("interchange:mapping", session_id=session.pk)
    width = source.table.width()
    rows = [
        (n, [clean_text(c) for c in row] + [""] * (width - len(row)))
        for n, row in enumerate(source.table.rows[:12], start=1)
    ]
    context = {"session": session, "form": form, "rows": rows, "columns": range(1, width + 1)}
    return render(request, "interchange/sheet.html", context)


@require_http_methods(["GET", "POST"])
@login_required
def mapping(request: HttpRequest, session_id) -> HttpResponse:
    session = _session(request, session_id)
    source = _source(request, session)
    if source is None:
        return redirect("interchange:start")
    stored = importer.mapped_columns(session.mapping)
    guessed = importer.guess_values(source, stored, session.mapping.get("values"))
    values = {group: list(found) for group, found in guessed.items()}
    limit = readers.max_values_to_map()
    if request.method == "GET" and any(len(found) >= limit for found in values.values()):
        messages.warning(
            request,
            f"A column has {limit} or more different values: only the first {limit} are "
            "listed below, and rows with the others will be reported as not mapped. A "
            "column with that many is rarely a list of choices: check the columns.",
        )
    matrix = importer.matrix_for(source)
    stages = Stage.objects.filter(register=session.register) if session.register_id else []
    form = MappingForm(
        request.POST or None,
        kind=session.kind,
        headers=importer.header_names(source.table, session.header_row),
        values=values,
        spec=matrix.spec,
        stages=stages,
        initial=MappingForm.initial_from(session.mapping, values),
    )
    if request.method == "POST" and form.is_valid():
        new = form.to_mapping()
        changed = importer.mapped_columns(new) != stored
        new["values"] = importer.guess_values(source, importer.mapped_columns(new), new["values"])
        session.mapping = new
        session.state = ImportSession.State.MAPPED
        session.save(update_fields=["mapping", "state"])
        if changed and new["values"]:
            messages.info(request, "You changed the columns: check how their values are read.")
            return redirect("interchange:mapping", session_id=session.pk)
        return redirect("interchange:preview", session_id=session.pk)
    return render(request, "interchange/mapping.html", {"session": session, "form": form})


@require_http_methods(["GET", "POST"])
@login_required
def preview(request: HttpRequest, session_id) -> HttpResponse:
    session = _session(request, session_id)
    source = _source(request, session)
    if source is None:
        return redirect("interchange:start")
    if request.method == "POST":
        try:
            register = services.finish_import(session=session, user=request.user)
        except importer.ImportRejected as exc:
            messages.error(request, str(exc))
        else:
            messages.success(request, f"Imported {session.filename} into {register}.")
            return redirect(register_url(register))
    plan = importer.build_plan(source)
    context = {
        "session": session,
        "plan": plan,
        "sample": plan.risks[:50],
        "problems": plan.problems[:PREVIEW_MAX_PROBLEMS],
        "problems_not_shown": max(0, len(plan.problems) - PREVIEW_MAX_PROBLEMS),
    }
    return render(request, "interchange/preview.html", context)


@require_GET
@login_required
def export(request: HttpRequest, register_id) -> HttpResponse:
    register = get_register(request, register_id)
    return render(request, "interchange/export.html", {"register": register})


@require_GET
@login_required
@private_download
def download(request: HttpRequest, register_id, fmt: str) -> HttpResponse:
    register = get_register(request, register_id)
    if fmt not in exporters.FORMATS:
        raise Http404("No such export format.")
    return exporters.response(register, fmt)
