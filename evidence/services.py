"""Exporting evidence packs: every PDF is a task, never rendered in a web request.

``request_export`` records a ``PackExport`` and enqueues ``evidence.tasks.render_export``
on the django-tasks backend (the database or RQ on Redis, ``TASKS_BACKEND``). A worker
(``evidence.worker``) claims the export, renders it in a limited child process that
reports its progress here, and stores the PDF in the default storage. One export per user
and register runs at a time (a second request joins it), a user has at most
``EVIDENCE_MAX_PENDING_PER_USER`` waiting or running, an export whose worker went silent
is retried once then failed (``sweep_stale``), and finished ones are deleted after
``EVIDENCE_KEEP_DAYS`` (``purge_old``). The command line (``export_evidence``) renders
directly.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import F
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from evidence.models import PackExport, expected_pages
from evidence.pack import Pack, PackOptions, build_pack
from evidence.renderer import Limits, render_pdf
from registers.models import Register

log = logging.getLogger(__name__)

#: Tries of one export: a worker that dies mid-render gets one retry, then it is failed.
MAX_ATTEMPTS = 2
WORKER_LOST = "The export worker stopped before finishing, twice; please export again."
QUEUE_DOWN = "The export queue did not answer; please try again in a minute."


@dataclass(frozen=True)
class Exported:
    pdf: bytes
    filename: str
    pages: int
    document_id: str
    build_seconds: float  # reading the database and rendering the templates
    render_seconds: float  # WeasyPrint


def pack_filename(pack: Pack) -> str:
    """A readable file name: ``front-desk-register-evidence-2026-03-14.pdf``."""
    title = slugify(pack.content.title)[:80] or "register"
    return f"{title}-evidence-{timezone.localtime(pack.generated_at):%Y-%m-%d}.pdf"


def pack_html(pack: Pack, *, preview_of: Register | None = None, request=None) -> str:
    """The pack as one HTML document; ``preview_of`` adds the browser preview's bar."""
    context = {
        "pack": pack,
        "preview": preview_of is not None,
        "pack_register_id": preview_of.pk if preview_of else None,
    }
    return render_to_string("evidence/document.html", context, request=request)


def export_pdf(
    *,
    register: Register,
    learner,
    options: PackOptions,
    limits: Limits | None = None,
    on_progress=None,
) -> Exported:
    """Build and render the evidence pack of ``register`` for ``learner``.

    ``on_progress(phase, pages)`` hears "reading" before the database is read, then the
    renderer's "layout" (pages laid out so far) and "saving".
    """
    started = time.perf_counter()
    if on_progress:
        on_progress("reading", None)
    pack = build_pack(register, learner=learner, options=options)
    html = pack_html(pack)
    built = time.perf_counter() - started
    rendered = render_pdf(html, limits=limits, identifier=pack.document_id, on_progress=on_progress)
    return Exported(
        pdf=rendered.pdf,
        filename=pack_filename(pack),
        pages=rendered.pages,
        document_id=pack.document_id,
        build_seconds=built,
        render_seconds=rendered.seconds,
    )


# --- Asking for an export ---------------------------------------------------------------------


class TooManyExports(Exception):
    """The user already has as many exports waiting or running as allowed."""

    def __init__(self, limit: int) -> None:
        super().__init__(
            f"You already have {limit} evidence packs being prepared. Wait for one to "
            "finish, then export again."
        )


def request_export(*, register: Register, user, options: PackOptions) -> tuple[PackExport, bool]:
    """The user's export of ``register``: a new one queued, or the one already running.

    Returns ``(export, joined)``; ``joined`` is true when an export of this register by
    this user was already waiting or running (its options stand). Raises
    ``TooManyExports`` past ``EVIDENCE_MAX_PENDING_PER_USER``.
    """
    mine = PackExport.objects.pending().filter(requested_by=user)
    running = mine.filter(register=register).first()
    if running is not None:
        return running, True
    limit = settings.EVIDENCE_MAX_PENDING_PER_USER
    if mine.count() >= limit:
        raise TooManyExports(limit)
    export = PackExport(
        register=register,
        requested_by=user,
        options=options.to_json(),
        pages_expected=expected_pages(register, register.risks.count()),
    )
    try:
        with transaction.atomic():
            export.save()
    except IntegrityError:
        # Another request of the same user and register won the race: join it.
        return mine.filter(register=register).get(), True
    transaction.on_commit(lambda: enqueue(export))
    return export, False


def enqueue(export: PackExport) -> None:
    """Hand ``export`` to the task queue (after its row is committed)."""
    from evidence.tasks import render_export

    try:
        result = render_export.using(queue_name=settings.TASKS_QUEUE).enqueue(str(export.pk))
    except Exception:
        log.exception("Could not enqueue evidence export %s", export.pk)
        fail(export.pk, attempt=None, error=QUEUE_DOWN)
        return
    PackExport.objects.filter(pk=export.pk).update(task_id=str(result.id))
    export.task_id = str(result.id)


# --- The worker's side ---------------------------------------------------------------------


def claim(export_id) -> int | None:
    """Mark a queued export running; returns its attempt number, or None if it is not
    queued (taken by another worker, finished, or deleted). A conditional UPDATE, so two
    workers never both render one export."""
    now = timezone.now()
    taken = PackExport.objects.filter(pk=export_id, status=PackExport.Status.QUEUED).update(
        status=PackExport.Status.RUNNING,
        phase=PackExport.Phase.READING,
        attempts=F("attempts") + 1,
        pages_done=0,
        started_at=now,
        heartbeat_at=now,
    )
    if not taken:
        return None
    return PackExport.objects.filter(pk=export_id).values_list("attempts", flat=True).get()


def _this_attempt(export_id, attempt):
    return PackExport.objects.filter(
        pk=export_id, attempts=attempt, status=PackExport.Status.RUNNING
    )


def beat(export_id, attempt: int, *, phase: str | None = None, pages: int | None = None) -> bool:
    """The worker is alive (and, optionally, how far it is); False if no longer its job."""
    changes: dict = {"heartbeat_at": timezone.now()}
    if phase is not None:
        changes["phase"] = phase
    if pages is not None:
        changes["pages_done"] = pages
    return bool(_this_attempt(export_id, attempt).update(**changes))


def finish(export_id, attempt: int, exported: Exported) -> bool:
    """Store the PDF and mark the export done; False (and nothing kept) if superseded."""
    export = PackExport.objects.get(pk=export_id)
    export.file.save(exported.filename, ContentFile(exported.pdf), save=False)
    done = _this_attempt(export_id, attempt).update(
        status=PackExport.Status.DONE,
        phase=PackExport.Phase.DONE,
        file=export.file.name,
        filename=exported.filename,
        pages=exported.pages,
        pages_done=exported.pages,
        error="",
        finished_at=timezone.now(),
    )
    if not done:
        export.file.delete(save=False)
    return bool(done)


def fail(export_id, *, attempt: int | None, error: str) -> bool:
    """Record why an export could not be rendered (unless it finished after all)."""
    exports = PackExport.objects.filter(pk=export_id, status__in=PackExport.PENDING)
    if attempt is not None:
        exports = exports.filter(attempts=attempt)
    return bool(
        exports.update(
            status=PackExport.Status.FAILED, error=error[:2000], finished_at=timezone.now()
        )
    )


def sweep_stale(*, export_id=None, now: dt.datetime | None = None) -> dict[str, int]:
    """Exports left running by a worker that stopped (not heard from for
    ``EVIDENCE_STALE_SECONDS``): queued again once, failed the second time."""
    now = now or timezone.now()
    cutoff = now - dt.timedelta(seconds=settings.EVIDENCE_STALE_SECONDS)
    stale = PackExport.objects.filter(status=PackExport.Status.RUNNING, heartbeat_at__lt=cutoff)
    if export_id is not None:
        stale = stale.filter(pk=export_id)
    counts = {"retried": 0, "failed": 0}
    for pk, attempts, task_id in stale.values_list("pk", "attempts", "task_id"):
        this = stale.filter(pk=pk, attempts=attempts)
        _forget_task(task_id)
        if attempts >= MAX_ATTEMPTS:
            counts["failed"] += this.update(
                status=PackExport.Status.FAILED, error=WORKER_LOST, finished_at=now
            )
        elif this.update(
            status=PackExport.Status.QUEUED, phase=PackExport.Phase.QUEUED, pages_done=0
        ):
            counts["retried"] += 1
            enqueue(PackExport.objects.get(pk=pk))
    return counts


def _forget_task(task_id: str) -> None:
    """Mark a lost task failed in the database backend's table (RQ does this itself)."""
    from django_tasks import task_backends
    from django_tasks_db import DatabaseBackend
    from django_tasks_db.models import DBTaskResult

    if not task_id or not isinstance(task_backends["default"], DatabaseBackend):
        return

    DBTaskResult.objects.filter(id=task_id, status="RUNNING").update(
        status="FAILED",
        finished_at=timezone.now(),
        exception_class_path="evidence.worker.WorkerLost",
        traceback="The worker stopped while running this task.",
    )


def purge_old(*, now: dt.datetime | None = None) -> int:
    """Delete finished exports and their PDFs after ``EVIDENCE_KEEP_DAYS`` (the register
    holds the evidence; a pack can be exported again)."""
    cutoff = (now or timezone.now()) - dt.timedelta(days=settings.EVIDENCE_KEEP_DAYS)
    old = list(
        PackExport.objects.filter(created_at__lt=cutoff).exclude(status__in=PackExport.PENDING)
    )
    for export in old:
        export.delete()  # the post_delete receiver removes the file
    return len(old)
