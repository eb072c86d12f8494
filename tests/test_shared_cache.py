"""Pages stay right under gunicorn with two worker processes, whether each process keeps
its own cache (``CACHE_URL=locmem://``) or they share Redis (``redis://``): whatever a
process caches (the matrix spec, the criteria, the checks' dismissals), a change made
anywhere shows on the very next request, whichever process answers it."""

from __future__ import annotations

import http.client
import socket
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.urls import reverse

from tests import builders
from tests.evidence import workers

pytestmark = pytest.mark.django_db(transaction=True)
ROOT = Path(__file__).resolve().parents[1]


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture(params=["locmem", "redis"])
def cache_url(request):
    if request.param == "locmem":
        return "locmem://"
    workers.redis_or_skip()
    return workers.REDIS_URL


def _up(port: int) -> bool:
    try:
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
        connection.request("GET", "/healthz/")
        return connection.getresponse().status == 200
    except OSError:
        return False


def _get(port: int, path: str, session: str) -> tuple[int, str]:
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    # A new connection each time, so both worker processes take requests.
    connection.request(
        "GET", path, headers={"Cookie": f"sessionid={session}", "Connection": "close"}
    )
    response = connection.getresponse()
    return response.status, response.read().decode()


def test_two_gunicorn_workers_never_serve_a_stale_page(
    cache_url, client, settings, tmp_path, register, stage, member
):
    risk = builders.make_risk(
        register, stage=stage, title="Till drawer left open", rating=(3, 3, 3, 3)
    )
    client.force_login(member)
    session = client.cookies["sessionid"].value
    port = _free_port()
    access_log = tmp_path / "access.log"
    with workers.shared_database(tmp_path) as database_url:
        env = workers.worker_environment(
            database_url,
            CACHE_URL=cache_url,
            CACHE_KEY_PREFIX=f"rp-que-test-{uuid.uuid4().hex[:8]}",
            SECRET_KEY=settings.SECRET_KEY,
            PORT=str(port),
            WEB_CONCURRENCY="2",
            GUNICORN_THREADS="1",
        )
        gunicorn = Path(sys.executable).parent / "gunicorn"
        server = subprocess.Popen(  # noqa: S603 - our own command
            [
                str(gunicorn),
                "-c",
                "gunicorn.conf.py",
                "--access-logfile",
                str(access_log),
                "--access-logformat",
                "%(p)s %(U)s %(s)s",
            ],
            cwd=ROOT,
            env=env,
            stdout=(tmp_path / "server.log").open("w"),
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
        try:
            workers.wait_for(lambda: _up(port), timeout=60, what="gunicorn to answer")
            pages = [
                reverse("assessments:risk_list", args=[register.pk]),
                reverse("dashboard:journey_map", args=[register.pk]),
                reverse("dashboard:home"),
            ]

            def served() -> set[str]:
                return {line.split()[0] for line in access_log.read_text().splitlines()}

            # Both processes serve the pages, each filling its own cache. Which process
            # accepts a connection is the kernel's choice, so ask until both have answered
            # each page several times.
            deadline = time.monotonic() + 90
            requests = 0
            while requests < 12 or len(served()) < 2:
                assert time.monotonic() < deadline, f"both worker processes answered: {served()}"
                for path in pages[:2]:
                    status, body = _get(port, path, session)
                    assert status == 200 and "Till drawer left open" in body
                requests += 1
            before_change = len(access_log.read_text().splitlines())

            risk.title = "Till drawer locked at every change of shift"
            risk.save()

            def served_since_change() -> set[str]:
                lines = access_log.read_text().splitlines()[before_change:]
                return {line.split()[0] for line in lines}

            deadline = time.monotonic() + 90
            requests = 0
            while requests < 12 or len(served_since_change()) < 2:
                assert time.monotonic() < deadline, f"answered: {served_since_change()}"
                for path in pages[:2]:
                    status, body = _get(port, path, session)
                    assert status == 200
                    assert "Till drawer left open" not in body, f"stale {path}"
                    assert "Till drawer locked at every change of shift" in body
                requests += 1
            assert _get(port, pages[2], session)[0] == 200
        finally:
            workers.stop(server)
