"""Background exports: claiming jobs, rendering them in a limited child process."""

from __future__ import annotations

import subprocess
import sys
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from evidence.models import ExportJob
from evidence.pack import PackOptions
from evidence.services import claim_next_job, fail_stale_jobs, queue_export
from evidence.worker import WorkerLimits, run_limited, run_pending
from tests import builders
from tests.evidence.reading import outline_titles


@pytest.fixture
def queued(register, stage, member):
    builders.make_risk(register, stage=stage, title="Slippery floor", rating=(2, 2, 2, 2))
    return queue_export(
        register=register, requested_by=member, options=PackOptions(sections=("risks",))
    )


def _in_process(command, **kwargs):
    """Stands in for the child process: the test database lives in this one."""
    out, err = StringIO(), StringIO()
    try:
        call_command(*command[2:], stdout=out, stderr=err)
    except CommandError as exc:
        return subprocess.CompletedProcess(command, 1, out.getvalue(), f"CommandError: {exc}")
    return subprocess.CompletedProcess(command, 0, out.getvalue(), err.getvalue())


def test_it_claims_each_queued_job_once(queued):
    job = claim_next_job()
    assert job == queued and job.status == ExportJob.Status.RUNNING and job.started_at
    assert claim_next_job() is None


def test_it_renders_a_queued_job_into_default_storage(queued, monkeypatch):
    monkeypatch.setattr("evidence.worker.subprocess.run", _in_process)
    assert run_pending(WorkerLimits(memory_mb=2048, cpu_seconds=60, wall_seconds=90)) == 1

    queued.refresh_from_db()
    assert queued.status == ExportJob.Status.DONE
    assert queued.filename.startswith("front-desk-register-evidence-")
    assert queued.file.name.startswith("evidence/")
    with queued.file.open("rb") as stored:
        titles = outline_titles(stored.read())
    assert "R-001 Slippery floor" in titles and "Action log" not in titles
    assert queued.pages >= 3


def test_it_marks_a_job_failed_with_the_reason(queued, monkeypatch, settings):
    settings.EVIDENCE_MAX_PAGES = 1
    monkeypatch.setattr("evidence.worker.subprocess.run", _in_process)
    run_pending(WorkerLimits(memory_mb=2048, cpu_seconds=60, wall_seconds=90))

    queued.refresh_from_db()
    assert queued.status == ExportJob.Status.FAILED
    assert queued.error == "The export failed: CommandError: The document would be over 1 pages."


def test_it_fails_jobs_a_stopped_worker_left_running(queued, time_machine):
    time_machine.move_to("2026-03-14 10:00:00+00:00", tick=False)
    claim_next_job()
    time_machine.shift(60 * 29)
    assert fail_stale_jobs() == 0
    time_machine.shift(60 * 2)
    assert fail_stale_jobs() == 1
    queued.refresh_from_db()
    assert queued.status == ExportJob.Status.FAILED


LIMITS = WorkerLimits(memory_mb=300, cpu_seconds=2, wall_seconds=20)


def test_it_caps_a_childs_memory():
    completed = run_limited([sys.executable, "-c", "b = bytearray(600 * 1024 * 1024)"], LIMITS)
    assert completed.returncode != 0
    assert "MemoryError" in completed.stderr


def test_it_caps_a_childs_cpu_time():
    completed = run_limited([sys.executable, "-c", "while True: pass"], LIMITS)
    assert completed.returncode < 0  # killed by SIGXCPU


def test_it_caps_a_childs_wall_clock_time():
    limits = WorkerLimits(memory_mb=300, cpu_seconds=10, wall_seconds=1)
    with pytest.raises(subprocess.TimeoutExpired):
        run_limited([sys.executable, "-c", "import time; time.sleep(30)"], limits)
