"""Exporting evidence packs: at once for small registers, through a job for large ones.

A web request renders a pack itself only up to ``EVIDENCE_SYNC_MAX_RISKS`` risks; above
that it queues an ``ExportJob`` and ``manage.py run_export_jobs`` renders it in a worker
process with memory and time limits. The command line (``export_evidence``) renders any
size directly.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.text import slugify

from evidence.models import ExportJob
from evidence.pack import Pack, PackOptions, build_pack
from evidence.renderer import Limits, render_pdf
from registers.models import Register


def sync_max_risks() -> int:
    """Largest register (in risks) a web request renders itself."""
    return settings.EVIDENCE_SYNC_MAX_RISKS


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
    *, register: Register, learner, options: PackOptions, limits: Limits | None = None
) -> Exported:
    """Build and render the evidence pack of ``register`` for ``learner``."""
    started = time.perf_counter()
    pack = build_pack(register, learner=learner, options=options)
    html = pack_html(pack)
    built = time.perf_counter() - started
    rendered = render_pdf(html, limits=limits, identifier=pack.document_id)
    return Exported(
        pdf=rendered.pdf,
        filename=pack_filename(pack),
        pages=rendered.pages,
        document_id=pack.document_id,
        build_seconds=built,
        render_seconds=rendered.seconds,
    )


def needs_background(register: Register) -> bool:
    return register.risks.count() > sync_max_risks()


@transaction.atomic
def queue_export(*, register: Register, requested_by, options: PackOptions) -> ExportJob:
    """Queue a background export; ``run_export_jobs`` picks it up."""
    job = ExportJob(register=register, requested_by=requested_by, options=options.to_json())
    job.full_clean()
    job.save()
    return job


def claim_next_job() -> ExportJob | None:
    """Mark the oldest queued job running and return it; None when the queue is empty.

    The claim is a conditional UPDATE, so two workers never take the same job (on
    PostgreSQL and SQLite alike).
    """
    for job_id in ExportJob.objects.queued().values_list("pk", flat=True)[:5]:
        claimed = ExportJob.objects.filter(pk=job_id, status=ExportJob.Status.QUEUED).update(
            status=ExportJob.Status.RUNNING, started_at=timezone.now()
        )
        if claimed:
            return ExportJob.objects.select_related("register", "requested_by").get(pk=job_id)
    return None


def run_job(*, job: ExportJob, limits: Limits | None = None) -> ExportJob:
    """Render a claimed job and store its PDF in the default storage."""
    register = Register.objects.select_related("team", "matrix", "owner").get(pk=job.register_id)
    exported = export_pdf(
        register=register,
        learner=job.requested_by,
        options=PackOptions.from_json(job.options),
        limits=limits,
    )
    job.file.save(exported.filename, ContentFile(exported.pdf), save=False)
    job.filename = exported.filename
    job.pages = exported.pages
    job.status = ExportJob.Status.DONE
    job.finished_at = timezone.now()
    job.error = ""
    job.save()
    return job


def fail_job(*, job_id, error: str) -> None:
    """Record why a job could not be rendered (unless it finished after all)."""
    ExportJob.objects.filter(pk=job_id).exclude(status=ExportJob.Status.DONE).update(
        status=ExportJob.Status.FAILED, error=error[:2000], finished_at=timezone.now()
    )


def fail_stale_jobs(*, older_than_minutes: int = 30) -> int:
    """Jobs left running by a worker that stopped; the user may export again."""
    cutoff = timezone.now() - dt.timedelta(minutes=older_than_minutes)
    return ExportJob.objects.filter(status=ExportJob.Status.RUNNING, started_at__lt=cutoff).update(
        status=ExportJob.Status.FAILED,
        error="The export worker stopped before finishing; please export again.",
        finished_at=timezone.now(),
    )


def purge_old_jobs(*, older_than_days: int = 7) -> int:
    """Delete finished jobs and their files after a week (the register holds the evidence)."""
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    old = list(
        ExportJob.objects.filter(created_at__lt=cutoff).exclude(
            status__in=[ExportJob.Status.QUEUED, ExportJob.Status.RUNNING]
        )
    )
    for job in old:
        if job.file:
            job.file.delete(save=False)
        job.delete()
    return len(old)
