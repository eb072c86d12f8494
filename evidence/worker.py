"""The export worker: renders queued evidence packs, each in a child process with limits.

A pack is rendered by ``manage.py export_evidence --job ID`` in a subprocess whose address
space and CPU time are capped with ``resource.setrlimit`` and whose wall-clock time is
capped by the parent; a pack that would blow up the worker only takes its own process
down, and the job is marked failed with a message for the user.
"""

from __future__ import annotations

import logging
import resource
import subprocess
import sys
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings

from evidence.services import claim_next_job, fail_job, fail_stale_jobs, purge_old_jobs

log = logging.getLogger(__name__)
MANAGE = Path(settings.BASE_DIR) / "manage.py"


@dataclass(frozen=True)
class WorkerLimits:
    memory_mb: int
    cpu_seconds: int
    wall_seconds: int

    @classmethod
    def from_settings(cls) -> WorkerLimits:
        cpu = settings.EVIDENCE_WORKER_CPU_SECONDS
        return cls(
            memory_mb=settings.EVIDENCE_WORKER_MEMORY_MB,
            cpu_seconds=cpu,
            wall_seconds=settings.EVIDENCE_WORKER_WALL_SECONDS,
        )

    def apply(self) -> None:
        """Runs in the child between fork and exec."""
        memory = self.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (self.cpu_seconds, self.cpu_seconds + 5))


def run_limited(command: list[str], limits: WorkerLimits) -> subprocess.CompletedProcess:
    """Run ``command`` in a child process under ``limits``.

    Raises ``subprocess.TimeoutExpired`` past the wall-clock limit (the child is killed).
    """
    return subprocess.run(  # noqa: S603 - our own command, no shell
        command,
        preexec_fn=limits.apply,  # noqa: PLW1509 - the worker is single-threaded
        capture_output=True,
        text=True,
        timeout=limits.wall_seconds,
        check=False,
    )


def render_in_child(job_id, limits: WorkerLimits) -> str:
    """Render one claimed job in a limited child process; '' on success, else the reason."""
    command = [sys.executable, str(MANAGE), "export_evidence", "--job", str(job_id)]
    try:
        completed = run_limited(command, limits)
    except subprocess.TimeoutExpired:
        return f"The export took longer than {limits.wall_seconds} seconds and was stopped."
    if completed.returncode == 0:
        return ""
    log.warning("Export job %s failed: %s", job_id, completed.stderr[-2000:])
    if completed.returncode < 0 or "MemoryError" in completed.stderr:
        return (
            "The export ran out of the memory or time allowed for one pack and was stopped. "
            "Try leaving out some sections."
        )
    last_line = (completed.stderr.strip().splitlines() or ["unknown error"])[-1]
    return f"The export failed: {last_line[:300]}"


def run_pending(limits: WorkerLimits | None = None) -> int:
    """Render every queued job, one at a time; returns how many were taken."""
    limits = limits or WorkerLimits.from_settings()
    fail_stale_jobs()
    purge_old_jobs()
    taken = 0
    while (job := claim_next_job()) is not None:
        taken += 1
        error = render_in_child(job.pk, limits)
        if error:
            fail_job(job_id=job.pk, error=error)
    return taken
