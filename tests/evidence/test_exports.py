"""Evidence exports as the worker runs them, in this process: claiming, progress, storage,
failures in words, the stale-running sweep, purging, and the child process's limits.

The real workers (``db_worker``, RQ) in their own processes: ``test_task_workers.py``.
"""

from __future__ import annotations

import datetime as dt
import time

import pytest
from django.core.files.storage import default_storage

from evidence import services, worker
from evidence.models import PackExport
from evidence.pack import PackOptions
from evidence.worker import OUT_OF_LIMITS, WorkerLimits, render_in_child, run_export
from tests import builders
from tests.evidence.reading import outline_titles, reader


@pytest.fixture
def queued(register, stage, viewer):
    builders.make_risk(register, stage=stage, title="Slippery floor", rating=(2, 2, 2, 2))
    export, joined = services.request_export(
        register=register, user=viewer, options=PackOptions(sections=("risks",))
    )
    assert not joined
    return export


def _stored(export: PackExport) -> bytes:
    with export.file.open("rb") as stored:
        return stored.read()


def test_it_renders_an_export_into_the_default_storage(queued):
    summary = run_export(str(queued.pk), isolate=False)
    assert summary == {"export": str(queued.pk), "rendered": True, "attempt": 1, "status": "done"}

    queued.refresh_from_db()
    assert queued.status == PackExport.Status.DONE and queued.phase == PackExport.Phase.DONE
    assert queued.filename.startswith("front-desk-register-evidence-")
    assert queued.file.name.startswith("evidence/") and default_storage.exists(queued.file.name)
    pdf = _stored(queued)
    titles = outline_titles(pdf)
    assert "R-001 Slippery floor" in titles and "Action log" not in titles
    assert queued.pages == queued.pages_done == len(reader(pdf).pages) >= 3
    assert reader(pdf).metadata.author == "Val Viewer"  # the person who asked is the learner


def test_it_reports_each_phase_and_the_pages_laid_out(queued, monkeypatch):
    heard = []
    real_beat = services.beat

    def beat(export_id, attempt, *, phase=None, pages=None):
        heard.append((phase, pages))
        return real_beat(export_id, attempt, phase=phase, pages=pages)

    monkeypatch.setattr(services, "beat", beat)
    monkeypatch.setattr(worker, "PROGRESS_SECONDS", 0)
    run_export(str(queued.pk), isolate=False)

    phases = [phase for phase, _ in heard]
    assert phases[0] == "reading" and phases[-1] == "saving"
    assert phases.index("layout") < phases.index("saving")
    pages = [count for phase, count in heard if phase == "layout"]
    assert len(pages) >= 3 and pages == sorted(pages)  # never goes back on a repagination


def test_each_export_is_claimed_once(queued):
    assert services.claim(queued.pk) == 1
    assert services.claim(queued.pk) is None
    assert run_export(str(queued.pk), isolate=False)["rendered"] is False
    queued.refresh_from_db()
    assert queued.status == PackExport.Status.RUNNING and queued.attempts == 1


def test_a_pack_over_its_budget_fails_with_a_message_a_person_understands(queued, settings):
    settings.EVIDENCE_MAX_PAGES = 1
    run_export(str(queued.pk), isolate=False)
    queued.refresh_from_db()
    assert queued.status == PackExport.Status.FAILED
    assert queued.error == (
        "The document would be over 1 pages. Leave out some sections and try again."
    )
    assert not queued.file


def test_a_superseded_attempt_keeps_nothing(queued):
    attempt = services.claim(queued.pk)
    exported = services.export_pdf(
        register=queued.register, learner=queued.requested_by, options=PackOptions()
    )
    PackExport.objects.filter(pk=queued.pk).update(attempts=attempt + 1)  # retried meanwhile
    assert services.finish(queued.pk, attempt, exported) is False
    queued.refresh_from_db()
    assert queued.status == PackExport.Status.RUNNING and not queued.file
    assert _stored_files() == []


def _stored_files(top: str = "evidence") -> list[str]:
    try:
        directories, files = default_storage.listdir(top)
    except FileNotFoundError:
        return []
    return [f"{top}/{name}" for name in files] + [
        path for directory in directories for path in _stored_files(f"{top}/{directory}")
    ]


def test_a_stopped_workers_export_is_retried_once_then_failed(queued, time_machine):
    time_machine.move_to("2026-03-14 10:00:00+00:00", tick=False)
    services.claim(queued.pk)
    time_machine.shift(89)
    assert services.sweep_stale() == {"retried": 0, "failed": 0}
    time_machine.shift(2)
    assert services.sweep_stale() == {"retried": 1, "failed": 0}
    queued.refresh_from_db()
    assert queued.status == PackExport.Status.QUEUED and queued.task_id

    assert services.claim(queued.pk) == 2
    time_machine.shift(91)
    assert services.sweep_stale() == {"retried": 0, "failed": 1}
    queued.refresh_from_db()
    assert queued.status == PackExport.Status.FAILED
    assert queued.error == services.WORKER_LOST


def test_a_heartbeat_keeps_a_long_render_from_being_swept(queued, time_machine):
    time_machine.move_to("2026-03-14 10:00:00+00:00", tick=False)
    attempt = services.claim(queued.pk)
    beats = 0
    for _ in range(5):
        time_machine.shift(60)
        assert services.beat(queued.pk, attempt)
        assert services.sweep_stale() == {"retried": 0, "failed": 0}
        beats += 1
    assert beats == 5  # five minutes in all, far past the stale limit without the beats


def test_old_exports_and_their_files_are_purged(
    queued, time_machine, django_capture_on_commit_callbacks
):
    time_machine.move_to(queued.created_at, tick=False)
    run_export(str(queued.pk), isolate=False)
    queued.refresh_from_db()
    assert _stored_files() == [queued.file.name]
    waiting = PackExport.objects.create(
        register=queued.register, requested_by=queued.register.owner
    )
    time_machine.shift(dt.timedelta(days=6, hours=23))
    assert services.purge_old() == 0
    time_machine.shift(dt.timedelta(hours=2))
    with django_capture_on_commit_callbacks(execute=True):
        assert services.purge_old() == 1
    assert not PackExport.objects.filter(pk=queued.pk).exists()
    assert PackExport.objects.filter(pk=waiting.pk).exists()  # never while waiting
    assert _stored_files() == []


def test_a_deleted_export_takes_its_file_along(queued, django_capture_on_commit_callbacks):
    run_export(str(queued.pk), isolate=False)
    queued.refresh_from_db()
    name = queued.file.name
    assert default_storage.exists(name)
    with django_capture_on_commit_callbacks(execute=True):
        queued.requested_by.delete()  # a cascade, as when a user or register goes
    assert not default_storage.exists(name)


# --- The child process's limits ------------------------------------------------------------

LIMITS = WorkerLimits(memory_mb=400, cpu_seconds=2, wall_seconds=20)


def _child_runs(monkeypatch, body, limits=LIMITS, beats=None) -> str:
    """What ``render_in_child`` answers when the render in the child does ``body``; the
    parent's heartbeats go to ``beats``."""
    monkeypatch.setattr(worker, "HEARTBEAT_SECONDS", 0.2)
    beats = [] if beats is None else beats
    monkeypatch.setattr(services, "beat", lambda *args, **kwargs: beats.append(args))
    monkeypatch.setattr(worker, "render", lambda export_id, attempt: body())
    return render_in_child("00000000-0000-0000-0000-000000000000", 1, limits)


def test_a_render_is_capped_in_memory(monkeypatch):
    assert _child_runs(monkeypatch, lambda: bytearray(800 * 1024 * 1024)) == OUT_OF_LIMITS


def test_a_render_is_capped_in_cpu_time(monkeypatch):
    def spin():
        while True:
            pass

    assert _child_runs(monkeypatch, spin) == OUT_OF_LIMITS


def test_a_render_is_capped_in_wall_clock_time(monkeypatch):
    started = time.monotonic()
    limits = WorkerLimits(memory_mb=400, cpu_seconds=10, wall_seconds=1)
    beats = []
    answer = _child_runs(monkeypatch, lambda: time.sleep(30), limits, beats)
    assert answer == "The export took longer than 1 seconds and was stopped."
    assert beats  # the parent kept saying it was alive while it waited
    assert time.monotonic() - started < 10


def test_a_render_that_crashes_says_so_without_the_traceback(monkeypatch):
    def crash():
        raise KeyError("internal detail")

    answer = _child_runs(monkeypatch, crash)
    assert answer == worker.CRASHED and "internal detail" not in answer


def test_a_clean_render_answers_nothing(monkeypatch):
    assert _child_runs(monkeypatch, lambda: "") == ""


def test_a_render_in_a_child_refuses_to_start_inside_a_transaction(db):
    with pytest.raises(RuntimeError, match="outside any transaction"):
        render_in_child("00000000-0000-0000-0000-000000000000", 1, LIMITS)
