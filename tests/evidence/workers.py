"""Real task workers in their own processes, against the test database.

A worker is another process, so it must reach the database the test writes to. PostgreSQL
is a server: the worker connects to the test database by name. SQLite's test database is
in memory, where no other process can see it; ``shared_database`` copies it (schema and the
migrations' data) into a file and points this process's connection at that file for the
test, so the test, the live server thread and the workers all use one database. The
in-memory database is kept open aside and put back afterwards.
"""

from __future__ import annotations

import contextlib
import os
import signal
import sqlite3
import subprocess
import sys
import time
import uuid
from pathlib import Path
from urllib.parse import quote

from django.conf import settings
from django.db import connections

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = os.environ.get("TEST_REDIS_URL", "redis://127.0.0.1:6379/5")


@contextlib.contextmanager
def shared_database(folder: Path):
    """Yields a ``DATABASE_URL`` other processes can use for this test's database."""
    connection = connections["default"]
    params = connection.settings_dict
    if connection.vendor == "postgresql":
        password = f":{quote(params['PASSWORD'], safe='')}" if params.get("PASSWORD") else ""
        yield (
            f"postgres://{quote(params['USER'] or '', safe='')}{password}@"
            f"{params['HOST'] or '127.0.0.1'}:{params['PORT'] or 5432}/{params['NAME']}"
        )
        return
    if not connection.is_in_memory_db():
        yield f"sqlite:///{params['NAME']}"
        return
    connection.ensure_connection()
    memory = connection.connection
    target = folder / "shared.sqlite3"
    copy = sqlite3.connect(target)
    memory.backup(copy)
    copy.execute("PRAGMA journal_mode=WAL")
    copy.close()
    name = params["NAME"]
    connection.connection = None  # the next query opens the file
    params["NAME"] = str(target)
    try:
        yield f"sqlite:///{target}"
    finally:
        connection.close()
        params["NAME"] = name
        connection.connection = memory


def worker_environment(database_url: str, **extra: str) -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TASKS_", "EVIDENCE_", "REDIS_", "CACHE_", "AWS_"))
    }
    env.update(
        DJANGO_SETTINGS_MODULE="riskportal.settings",
        DATABASE_URL=database_url,
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        PYTHONUNBUFFERED="1",
        **extra,
    )
    return env


def start_db_worker(env: dict, *, batch: bool, worker_id: str | None = None, log: Path):
    """``manage.py db_worker`` in its own process group (so a test can kill it all)."""
    command = [
        sys.executable,
        str(ROOT / "manage.py"),
        "db_worker",
        "--no-reload",
        "--no-startup-delay",
        "--interval",
        "0.2",
        "--queue-name",
        env["TASKS_QUEUE"],
        "--worker-id",
        worker_id or f"test-{uuid.uuid4().hex[:12]}",
    ]
    if batch:
        command.append("--batch")
    return _start(command, env, log)


def start_rq_worker(env: dict, *, burst: bool, log: Path):
    command = [
        sys.executable,
        str(ROOT / "manage.py"),
        "rqworker",
        "--job-class",
        "django_tasks_rq.Job",
        "--name",
        f"{env['TASKS_QUEUE']}-{uuid.uuid4().hex[:6]}",  # its keys carry the queue's name
        env["TASKS_QUEUE"],
    ]
    if burst:
        command.insert(3, "--burst")
    return _start(command, env, log)


def _start(command: list[str], env: dict, log: Path) -> subprocess.Popen:
    handle = log.open("ab")
    return subprocess.Popen(  # noqa: S603 - our own command
        command, cwd=ROOT, env=env, stdout=handle, stderr=subprocess.STDOUT, start_new_session=True
    )


def finish(process: subprocess.Popen, log: Path, timeout: float = 120) -> None:
    """Wait for a batch worker to empty the queue and exit."""
    try:
        assert process.wait(timeout) == 0, log.read_text()[-3000:]
    finally:
        stop(process)


def stop(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait(10)


def wait_for(condition, *, timeout: float = 90, what: str = "the condition"):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.1)
    raise AssertionError(f"Timed out after {timeout} s waiting for {what}.")


def children_of(pid: int) -> list[int]:
    """Direct child processes of ``pid`` (Linux)."""
    found = []
    for task in Path(f"/proc/{pid}/task").glob("*"):
        with contextlib.suppress(OSError):
            found += [int(child) for child in (task / "children").read_text().split()]
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state != "Z"


def redis_or_skip():
    """A Redis client on the test database, or skip saying why."""
    import pytest
    import redis

    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=1)
    try:
        client.ping()
    except redis.RedisError as exc:
        pytest.skip(f"No Redis answers at {REDIS_URL} ({exc}); the RQ worker tests need one.")
    return client
