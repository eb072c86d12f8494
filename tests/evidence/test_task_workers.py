"""The real task workers, each in its own process: django-tasks' database backend
(``manage.py db_worker``, on SQLite and PostgreSQL, whichever the suite runs on) and RQ on
Redis (``manage.py rqworker``; skipped, saying so, when no Redis answers).

Each renders an export the web queued; a worker killed mid-render leaves its export to be
retried, never stuck; two workers at once render each export exactly once.
"""

from __future__ import annotations

import os
import signal
import time
import uuid
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.core.files.storage import default_storage

from evidence import services
from evidence.models import PackExport
from evidence.pack import PackOptions
from tests import builders
from tests.evidence import workers
from tests.evidence.reading import outline_titles, reader

pytestmark = pytest.mark.django_db(transaction=True)


@dataclass
class Backend:
    name: str
    env: dict
    log: Path
    redis: object = None

    def start(self, *, batch: bool):
        if self.name == "rq":
            return workers.start_rq_worker(self.env, burst=batch, log=self.log)
        return workers.start_db_worker(self.env, batch=batch, log=self.log)

    def task_states(self, task_ids: list[str]) -> dict[str, tuple[str, list[str]]]:
        """Each task's django-tasks status and the workers that ran it."""
        from django_tasks import default_task_backend

        results = {}
        for task_id in task_ids:
            result = default_task_backend.get_result(task_id)
            results[task_id] = (result.status, list(result.worker_ids))
        return results


@pytest.fixture(params=["database", "rq"])
def backend(request, settings, tmp_path):
    queue = f"rp-que-test-{uuid.uuid4().hex[:10]}"
    queues = [queue, settings.TASKS_QUEUE]  # the task is declared on the configured queue
    settings.TASKS_QUEUE = queue
    redis = None
    extra = {"TASKS_BACKEND": request.param, "TASKS_QUEUE": queue}
    if request.param == "rq":
        redis = workers.redis_or_skip()
        settings.RQ_QUEUES = {
            name: {"URL": workers.REDIS_URL, "DEFAULT_TIMEOUT": 600} for name in (queue, "default")
        }
        settings.TASKS = {"default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": queues}}
        extra["REDIS_URL"] = workers.REDIS_URL
    else:
        settings.TASKS = {
            "default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": queues}
        }
    with workers.shared_database(tmp_path) as database_url:
        yield Backend(
            request.param,
            workers.worker_environment(database_url, **extra),
            tmp_path / "worker.log",
            redis,
        )
    if redis is not None:  # leave nothing of this test's queue behind in Redis
        for key in redis.scan_iter(match="rq:job:*"):
            if redis.type(key) == b"hash" and redis.hget(key, "origin") == queue.encode():
                job_id = key.decode().removeprefix("rq:job:")
                redis.delete(key, f"rq:results:{job_id}")
        for key in redis.scan_iter(match=f"*{queue}*"):
            redis.delete(key)
        for key in ("rq:queues", "rq:workers"):
            redis.srem(
                key, *[name for name in redis.smembers(key) if queue.encode() in name] or [b""]
            )
        redis.close()


def _register(team, owner, title: str, risks: int):
    register = builders.make_register(team, title=title, owner=owner)
    stage = builders.make_stage(register, "Booking")
    for number in range(risks):
        builders.make_risk(
            register, stage=stage, title=f"Risk {number} at the desk", rating=(3, 2, 3, 2)
        )
    return register


def _export(register, user, **options) -> PackExport:
    export, joined = services.request_export(
        register=register, user=user, options=PackOptions(**options)
    )
    assert not joined and export.task_id  # enqueued once the row was committed
    return export


def _pdf(export: PackExport) -> bytes:
    with default_storage.open(export.file.name, "rb") as stored:
        return stored.read()


def test_a_worker_renders_an_export_queued_by_the_web(backend, client, team, member):
    register = _register(team, member, "Front desk register", risks=2)
    client.force_login(member)
    response = client.post(
        f"/registers/{register.pk}/evidence/", {"sections": ["risks"], "annotations": "on"}
    )
    export = PackExport.objects.get()
    assert response["Location"] == export.get_absolute_url()
    assert export.status == PackExport.Status.QUEUED

    workers.finish(backend.start(batch=True), backend.log)

    export.refresh_from_db()
    assert export.status == PackExport.Status.DONE, (export.error, backend.log.read_text())
    assert export.attempts == 1 and export.pages >= 3
    titles = outline_titles(_pdf(export))
    assert "R-001 Risk 0 at the desk" in titles
    status, worker_ids = backend.task_states([export.task_id])[export.task_id]
    assert status == "SUCCESSFUL" and len(worker_ids) == 1
    download = client.get(export.get_download_url())
    assert len(reader(b"".join(download.streaming_content)).pages) == export.pages


def test_a_worker_killed_mid_render_leaves_its_export_to_be_retried(
    backend, client, settings, team, member
):
    register = _register(team, member, "Large register", risks=25)
    export = _export(register, member)
    worker = backend.start(batch=False)
    try:
        workers.wait_for(
            lambda: PackExport.objects.filter(pk=export.pk, phase="layout", pages_done__gte=2),
            timeout=240,  # a busy machine; reading the register comes first
            what=f"the worker to start laying out pages; its log: {backend.log}",
        )
        rendering = [pid for pid in _descendants(worker.pid) if workers.alive(pid)]
        assert rendering, "the render runs in a child process"
        if backend.name == "database":
            # Only the worker dies: its render child must not go on without it.
            os.kill(worker.pid, signal.SIGKILL)
            worker.wait(10)
            workers.wait_for(
                lambda: not any(workers.alive(pid) for pid in rendering),
                timeout=10,
                what="the orphaned render to stop",
            )
        else:
            # The machine goes: the RQ worker, its work horse (in a session of its own)
            # and the render.
            for pid in (worker.pid, *_descendants(worker.pid)):
                os.kill(pid, signal.SIGKILL)
    finally:
        workers.stop(worker)

    export.refresh_from_db()
    assert export.status == PackExport.Status.RUNNING  # nobody said otherwise...
    first_task = export.task_id
    settings.EVIDENCE_STALE_SECONDS = 2
    time.sleep(2.5)
    client.force_login(member)
    page = client.get(export.get_absolute_url())  # ...until someone looks
    assert b"Queued" in page.content
    export.refresh_from_db()
    assert export.status == PackExport.Status.QUEUED and export.task_id != first_task
    if backend.name == "database":
        assert backend.task_states([first_task])[first_task][0] == "FAILED"

    workers.finish(backend.start(batch=True), backend.log)
    export.refresh_from_db()
    assert export.status == PackExport.Status.DONE, (export.error, backend.log.read_text())
    assert export.attempts == 2
    assert len(reader(_pdf(export)).pages) == export.pages


def _descendants(pid: int) -> list[int]:
    found, todo = [], [pid]
    while todo:
        children = workers.children_of(todo.pop())
        found += children
        todo += children
    return found


def test_two_workers_at_once_render_each_export_exactly_once(backend, settings, team, member):
    settings.EVIDENCE_MAX_PENDING_PER_USER = 10
    exports = [
        _export(_register(team, member, f"Register {n}", risks=3), member, sections=("risks",))
        for n in range(6)
    ]
    first, second = backend.start(batch=True), backend.start(batch=True)
    workers.finish(first, backend.log)
    workers.finish(second, backend.log)

    states = backend.task_states([export.task_id for export in exports])
    assert len(states) == 6
    ran_by = set()
    for export in exports:
        export.refresh_from_db()
        assert export.status == PackExport.Status.DONE, (export.error, backend.log.read_text())
        assert export.attempts == 1  # claimed once
        status, worker_ids = states[export.task_id]
        assert status == "SUCCESSFUL" and len(worker_ids) == 1  # run once
        ran_by.update(worker_ids)
    assert len(ran_by) == 2, f"both workers took exports: {ran_by}"
