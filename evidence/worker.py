"""What a task worker does with one evidence export: claim it, render it in a child
process with limits, and record the outcome in words a person understands.

The child is forked from the worker (``db_worker`` or RQ's work horse), so Django and
WeasyPrint are not loaded again for every pack. Its address space and CPU time are capped
with ``resource.setrlimit`` and its wall-clock time by the parent, which meanwhile writes
a heartbeat: a pack that would blow up the worker only takes its own process down, and an
export whose worker was killed is noticed by ``services.sweep_stale`` and retried. The
child dies with its parent (``PR_SET_PDEATHSIG``), so a killed worker leaves no render
running behind it.
"""

from __future__ import annotations

import ctypes
import logging
import multiprocessing
import os
import resource
import signal
import sys
import time
import traceback
from dataclasses import dataclass

from django.conf import settings
from django.db import connections

from evidence import services
from evidence.models import PackExport
from evidence.pack import PackOptions
from evidence.renderer import RenderLimitExceeded
from registers.models import Register

log = logging.getLogger(__name__)

#: Seconds between the parent's heartbeats while a child renders; stale after
#: ``EVIDENCE_STALE_SECONDS`` without one.
HEARTBEAT_SECONDS = 3.0
#: The child writes its page count at most this often.
PROGRESS_SECONDS = 0.5

OUT_OF_LIMITS = (
    "The export ran out of the memory or time allowed for one pack and was stopped. "
    "Try leaving out some sections."
)
STOPPED = "The export worker was stopped before finishing; please export again."
CRASHED = (
    "The export failed because of a fault on our side (the administrators can see it in "
    "the worker's log). Please try again later."
)


@dataclass(frozen=True)
class WorkerLimits:
    memory_mb: int
    cpu_seconds: int
    wall_seconds: int

    @classmethod
    def from_settings(cls) -> WorkerLimits:
        return cls(
            memory_mb=settings.EVIDENCE_WORKER_MEMORY_MB,
            cpu_seconds=settings.EVIDENCE_WORKER_CPU_SECONDS,
            wall_seconds=settings.EVIDENCE_WORKER_WALL_SECONDS,
        )

    def apply(self) -> None:
        """Runs in the child, before any work."""
        memory = self.memory_mb * 1024 * 1024
        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
        resource.setrlimit(resource.RLIMIT_CPU, (self.cpu_seconds, self.cpu_seconds + 5))


def run_export(export_id: str, *, limits: WorkerLimits | None = None, isolate: bool = True):
    """Claim and render one export; returns a short summary for the task result.

    With ``isolate=False`` the pack is rendered in this process (tests whose database
    lives only in this process use it).
    """
    services.sweep_stale()
    services.purge_old()
    attempt = services.claim(export_id)
    if attempt is None:
        return {"export": export_id, "rendered": False, "reason": "not waiting"}
    if isolate:
        error = render_in_child(export_id, attempt, limits or WorkerLimits.from_settings())
    else:
        error = render(export_id, attempt)
    if error:
        services.fail(export_id, attempt=attempt, error=error)
    status = PackExport.objects.filter(pk=export_id).values_list("status", flat=True).first()
    return {"export": export_id, "rendered": True, "attempt": attempt, "status": status}


def render(export_id: str, attempt: int) -> str:
    """Render a claimed export here; '' when stored, else the reason it failed."""
    export = PackExport.objects.select_related("requested_by").get(pk=export_id)
    register = Register.objects.select_related("team", "matrix", "owner").get(pk=export.register_id)
    progress = _Progress(export_id, attempt)
    try:
        exported = services.export_pdf(
            register=register,
            learner=export.requested_by,
            options=PackOptions.from_json(export.options),
            on_progress=progress,
        )
    except RenderLimitExceeded as exc:
        return f"{exc} Leave out some sections and try again."
    services.finish(export_id, attempt, exported)
    return ""


class _Progress:
    """Writes the phase at once and the page count at most every ``PROGRESS_SECONDS``."""

    def __init__(self, export_id, attempt: int) -> None:
        self.export_id, self.attempt = export_id, attempt
        self.phase, self.pages, self.written = None, 0, 0.0

    def __call__(self, phase: str, pages: int | None) -> None:
        if pages is not None:
            self.pages = max(self.pages, pages)  # a repagination starts again at page 1
        now = time.monotonic()
        if phase == self.phase and now - self.written < PROGRESS_SECONDS:
            return
        self.phase, self.written = phase, now
        services.beat(self.export_id, self.attempt, phase=phase, pages=self.pages)


# --- The child process ---------------------------------------------------------------------


def render_in_child(export_id: str, attempt: int, limits: WorkerLimits) -> str:
    """Render in a forked child under ``limits``; '' on success, else the reason."""
    # The child opens its own connections: a connection shared across fork breaks both.
    if any(connection.in_atomic_block for connection in connections.all()):
        raise RuntimeError("An export is rendered in a child process outside any transaction.")
    connections.close_all()
    child = multiprocessing.get_context("fork").Process(
        target=_child,
        args=(export_id, attempt, limits, os.getpid()),
        name=f"evidence-export-{export_id}",
    )
    child.start()
    deadline = time.monotonic() + limits.wall_seconds
    while True:
        child.join(HEARTBEAT_SECONDS)
        if child.exitcode is not None:
            break
        if time.monotonic() > deadline:
            child.kill()
            child.join()
            return f"The export took longer than {limits.wall_seconds} seconds and was stopped."
        services.beat(export_id, attempt)
    if child.exitcode == 0:
        return ""
    log.warning("Evidence export %s: render process ended with %s", export_id, child.exitcode)
    if child.exitcode in (-signal.SIGTERM, -signal.SIGINT):
        return STOPPED
    if child.exitcode < 0 or child.exitcode == _EXIT_MEMORY:
        return OUT_OF_LIMITS
    return CRASHED  # the child recorded its own reason when it could; this is the fallback


_EXIT_FAILED = 3
_EXIT_MEMORY = 4


def _child(export_id: str, attempt: int, limits: WorkerLimits, parent: int) -> None:
    _die_with_parent(parent)
    # Not the worker's handlers (they would wait for a task this process is running).
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    limits.apply()
    try:
        error = render(export_id, attempt)
    except MemoryError:
        sys.exit(_EXIT_MEMORY)
    except BaseException:
        traceback.print_exc(file=sys.stderr)
        sys.exit(_EXIT_FAILED)
    finally:
        connections.close_all()
    if error:
        services.fail(export_id, attempt=attempt, error=error)
        connections.close_all()


def _die_with_parent(parent: int) -> None:
    """Linux: the kernel kills this process when the worker that forked it dies."""
    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGKILL)  # PR_SET_PDEATHSIG
    except (OSError, AttributeError):
        return
    if os.getppid() != parent:  # the parent died before prctl took effect
        os._exit(1)
