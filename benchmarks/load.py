"""Load test: the production server under many signed-in users, then a check nothing was lost.

For each database asked for, it creates a scratch database (PostgreSQL: a database on the
server of ``--postgres``, dropped afterwards; SQLite: a file in a temporary folder), loads
the demo scaled up (20 teams, 100 registers, 5,000 rated risks with actions, one login per
register for the first ``--users``), starts the production configuration (DEBUG off,
HTTPS off, whitenoise, gunicorn with ``--workers`` workers) on loopback, and has
``--users`` threads sign in and drive a mix of dashboard, risk list, journey map, heat map
and risk edit with save for ``--seconds``, ``--runs`` times. Each save carries the form's
version and a unique marker; afterwards every saved marker must be in the risk's history.

Prints requests per second, median and 99th percentile latency per page and the errors
of every run, and the median of the runs.

    uv run python benchmarks/load.py [--databases postgres sqlite] [--users 30]
        [--seconds 30] [--runs 3] [--workers 4] [--port 8201]
"""

from __future__ import annotations

import argparse
import http.client
import os
import random
import re
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

TEAMS, REGISTERS_PER_TEAM, RISKS_PER_REGISTER = 20, 5, 50
PASSWORD = "load-test-password-7"
#: page -> share of the requests
MIX = {"dashboard": 20, "risk list": 25, "journey map": 15, "heat map": 15, "risk edit": 25}


# --- the scratch database and the data -------------------------------------------------------


def create_database(kind: str, postgres: str, workdir: Path) -> str:
    if kind == "sqlite":
        return f"sqlite:///{workdir / 'load.sqlite3'}"
    import psycopg2

    url = urllib.parse.urlsplit(postgres)
    name = url.path.lstrip("/")
    admin = psycopg2.connect(postgres.replace(f"/{name}", "/postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()
    return postgres


def drop_database(kind: str, postgres: str) -> None:
    if kind != "postgres":
        return
    import psycopg2

    name = urllib.parse.urlsplit(postgres).path.lstrip("/")
    admin = psycopg2.connect(postgres.replace(f"/{name}", "/postgres"))
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    admin.close()


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


POPULATE = """
import sys
from django.contrib.auth import get_user_model
from benchmarks.interchange import spreadsheet
from demo.loader import seed_demo
from interchange import importer, readers
from interchange import mapping
from registers.models import Membership, RiskMatrix, Team

seed_demo()
teams, per_team, risks, users = {teams}, {per_team}, {risks}, {users}
matrix = RiskMatrix.objects.get(slug="5x5-standard", version=1)
data = readers.read(spreadsheet(risks), "load.csv")
n = 0
for t in range(teams):
    team = Team.objects.create(name=f"Load team {{t + 1}}", slug=f"load-{{t + 1}}")
    for r in range(per_team):
        user = get_user_model().objects.create_user(f"load{{n}}", password="{password}")
        Membership.objects.create(team=team, user=user, role="member")
        source = importer.Source(
            kind=mapping.RISKS, table=data, filename="load.csv", team=team,
            new_register={{"title": f"Register {{r + 1}}", "matrix": matrix.pk}},
        )
        source.mapping = importer.default_mapping(source)
        register, plan = importer.commit_import(source=source, user=user)
        assert not plan.errors
        print(f"load{{n}} {{register.pk}}")
        n += 1
"""


def populate(env: dict, users: int) -> dict[str, str]:
    """Scale the demo up; returns the register of each login (one login per register)."""
    code = POPULATE.format(
        teams=TEAMS,
        per_team=REGISTERS_PER_TEAM,
        risks=RISKS_PER_REGISTER,
        users=users,
        password=PASSWORD,
    )
    out = manage({**env, "IMPORT_MAX_ROWS": "5000"}, "shell", "-c", code)
    pairs = dict(line.split() for line in out.splitlines() if line.startswith("load"))
    return dict(list(pairs.items())[:users])


# --- the server ---------------------------------------------------------------------------------


def start_server(env: dict, port: int, workers: int, log: Path) -> subprocess.Popen:
    server_env = {
        **env,
        "PORT": str(port),
        "WEB_CONCURRENCY": str(workers),
        "GUNICORN_THREADS": env.get("GUNICORN_THREADS", "2"),
    }
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    process = subprocess.Popen(
        [gunicorn, "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env=server_env,
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", port, timeout=2)
            connection.request("GET", "/healthz/")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.3)
    stop_server(process)
    raise SystemExit(f"The server did not start; see {log}")


def stop_server(process: subprocess.Popen) -> None:
    os.killpg(process.pid, signal.SIGTERM)
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)


# --- the client -----------------------------------------------------------------------------------

_FIELD = re.compile(r"<(input|textarea|select)\b([^>]*)>", re.S)


class Browser:
    """One signed-in person: a keep-alive connection, cookies, and the forms they post."""

    def __init__(self, port: int):
        self.port = port
        self.cookies: dict[str, str] = {}
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)

    def request(self, method: str, path: str, body: dict | None = None):
        headers = {"Cookie": "; ".join(f"{k}={v}" for k, v in self.cookies.items())}
        data = None
        if body is not None:
            data = urllib.parse.urlencode(body, doseq=True)
            headers["Content-Type"] = "application/x-www-form-urlencoded"
            headers["Referer"] = f"http://127.0.0.1:{self.port}{path}"
        for attempt in (1, 2):
            try:
                self.connection.request(method, path, body=data, headers=headers)
                response = self.connection.getresponse()
                content = response.read()
                break
            except (http.client.RemoteDisconnected, ConnectionResetError, BrokenPipeError):
                # A worker recycled (max_requests) closes kept-alive connections: reconnect.
                self.connection.close()
                self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
                if attempt == 2:
                    raise
        for header in response.headers.get_all("Set-Cookie") or []:
            name, _, rest = header.partition("=")
            self.cookies[name.strip()] = rest.split(";", 1)[0]
        return response.status, response.getheader("Location", ""), content.decode()

    def sign_in(self, username: str) -> None:
        status, _, html = self.request("GET", "/accounts/login/")
        token = form_fields(html)["csrfmiddlewaretoken"][0]
        body = {"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD}
        status, location, _ = self.request("POST", "/accounts/login/", body)
        if status != 302:
            raise RuntimeError(f"{username} could not sign in ({status})")


def form_fields(html: str, action: str | None = None) -> dict[str, list[str]]:
    """The values the page's form (the one posting to ``action``) would submit."""
    from benchmarks.html_forms import forms_of

    forms = [f for f in forms_of(html, action or "/") if action is None or f.action == action]
    if action is None:
        return {k: v for f in forms for k, v in f.data().items()}
    return forms[0].data()


@dataclass
class Results:
    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    errors: list[str] = field(default_factory=list)
    saved: list[tuple[str, int, str]] = field(default_factory=list)  # register, number, marker
    lock: threading.Lock = field(default_factory=threading.Lock)


def user_loop(
    browser: Browser,
    register: str,
    deadline: float,
    run: int,
    who: str,
    out: Results,
    think: float = 0.0,
):
    """One signed-in user: a weighted random page, then ``think`` seconds (0.5x-1.5x) of
    reading before the next, as a person at a desk would; ``think=0`` saturates.

    Users start at a random moment within the first ``think`` seconds, as people at their
    desks do: started together, all of them would send their first request in the same
    instant, each on a connection the server has meanwhile closed, and the run would
    measure that one burst rather than the steady load.
    """
    pages = list(MIX)
    weights = [MIX[p] for p in pages]
    rng = random.Random(f"{run}-{who}")
    sequence = 0
    if think:
        time.sleep(rng.uniform(0, think))
    while time.monotonic() < deadline:
        page = rng.choices(pages, weights)[0]
        number = rng.randint(1, RISKS_PER_REGISTER)
        paths = {
            "dashboard": "/",
            "risk list": f"/registers/{register}/risks/",
            "journey map": f"/registers/{register}/map/",
            "heat map": f"/registers/{register}/heatmap/",
            "risk edit": f"/registers/{register}/risks/{number}/edit/",
        }
        path = paths[page]
        started = time.perf_counter()
        try:
            status, location, html = browser.request("GET", path)
            if status == 200 and page == "risk edit":
                sequence += 1
                marker = f"load-{run}-{who}-{sequence}"
                data = form_fields(html, path)
                data["notes"] = [marker]
                status, location, html = browser.request("POST", path, data)
                if status == 302:
                    with out.lock:
                        out.saved.append((register, number, marker))
                else:
                    raise RuntimeError(f"save answered {status}")
            elif status != 200:
                raise RuntimeError(f"answered {status} {location}")
        except Exception as error:  # every failure counts as an error
            with out.lock:
                out.errors.append(f"{page} {path}: {error}")
            continue
        with out.lock:
            out.latencies[page].append((time.perf_counter() - started) * 1000)
        if think:
            time.sleep(min(rng.uniform(0.5, 1.5) * think, max(deadline - time.monotonic(), 0)))


def one_run(
    port: int, logins: dict[str, str], seconds: int, run: int, think: float = 0.0
) -> tuple[Results, float]:
    out = Results()
    browsers = {}
    for who in logins:
        browsers[who] = Browser(port)
        browsers[who].sign_in(who)
    deadline = time.monotonic() + seconds
    threads = [
        threading.Thread(target=user_loop, args=(browsers[w], r, deadline, run, w, out, think))
        for w, r in logins.items()
    ]
    started = time.monotonic()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return out, time.monotonic() - started


def percentile(values: list[float], p: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(p / 100 * (len(ordered) - 1)))] if ordered else 0


def print_run(label: str, out: Results, elapsed: float) -> dict:
    total = sum(len(v) for v in out.latencies.values()) + len(out.errors)
    figures = {"rps": total / elapsed, "errors": len(out.errors), "pages": {}}
    print(
        f"  {label}: {total} requests in {elapsed:.0f} s = {figures['rps']:.1f}/s, "
        f"{len(out.errors)} errors, {len(out.saved)} edits saved"
    )
    for page in MIX:
        values = out.latencies.get(page, [])
        median, p99 = statistics.median(values) if values else 0, percentile(values, 99)
        figures["pages"][page] = (median, p99)
        print(f"    {page:<12} {len(values):>6}  median {median:>6.0f} ms  p99 {p99:>6.0f} ms")
    for error in out.errors[:5]:
        print(f"    error: {error}")
    return figures


def check_saved(env: dict, saved: list[tuple[str, int, str]]) -> int:
    """How many saved markers are missing from the risks' history (should be none)."""
    code = (
        "import json, sys\n"
        "from assessments.models import Risk\n"
        "saved = json.load(sys.stdin)\n"
        "found = set(Risk.history.filter(notes__startswith='load-')"
        ".values_list('notes', flat=True))\n"
        "print(sum(1 for _r, _n, marker in saved if marker not in found))\n"
    )
    import json

    result = subprocess.run(
        [sys.executable, "manage.py", "shell", "-c", code],
        cwd=ROOT,
        env=env,
        input=json.dumps(saved),
        capture_output=True,
        text=True,
        check=True,
    )
    return int(result.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--databases", nargs="+", default=["postgres", "sqlite"])
    parser.add_argument("--postgres", default="postgres://postgres@127.0.0.1:5432/riskportal_load")
    parser.add_argument("--users", type=int, default=30)
    parser.add_argument("--seconds", type=int, default=30)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--workers", type=int, default=4)
    parser.add_argument(
        "--think",
        type=float,
        default=1.0,
        help="Mean seconds a user reads a page before the next request; 0 saturates the server.",
    )
    parser.add_argument("--port", type=int, default=8201)
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="riskportal-load-"))
    failed = False
    try:
        for kind in args.databases:
            print(
                f"\n== {kind}: {args.users} users, {args.workers} workers, "
                f"{args.runs} runs of {args.seconds} s"
            )
            url = create_database(kind, args.postgres, workdir)
            env = {
                **{k: v for k, v in os.environ.items() if k != "DJANGO_ALLOW_ASYNC_UNSAFE"},
                "DEBUG": "false",
                "HTTPS": "false",
                "SECRET_KEY": secrets.token_urlsafe(50),
                "ALLOWED_HOSTS": "127.0.0.1",
                "DATABASE_URL": url,
                "LOG_LEVEL": "ERROR",
            }
            try:
                manage(env, "migrate", "--no-input", "-v", "0")
                manage(env, "collectstatic", "--no-input", "-v", "0")
                started = time.monotonic()
                logins = populate(env, args.users)
                print(
                    f"  data: {TEAMS} teams, {TEAMS * REGISTERS_PER_TEAM} registers, "
                    f"{TEAMS * REGISTERS_PER_TEAM * RISKS_PER_REGISTER:,} risks "
                    f"(+ the demo), built in {time.monotonic() - started:.0f} s"
                )
                server = start_server(env, args.port, args.workers, workdir / f"{kind}.log")
                runs, saved = [], []
                try:
                    for run in range(1, args.runs + 1):
                        out, elapsed = one_run(args.port, logins, args.seconds, run, args.think)
                        runs.append(print_run(f"run {run}", out, elapsed))
                        saved += out.saved
                finally:
                    stop_server(server)
                missing = check_saved(env, saved)
                print(
                    f"  median of {len(runs)} runs: "
                    f"{statistics.median(r['rps'] for r in runs):.1f} requests/s, "
                    f"errors {sum(r['errors'] for r in runs)}"
                )
                for page in MIX:
                    med = statistics.median(r["pages"][page][0] for r in runs)
                    p99 = statistics.median(r["pages"][page][1] for r in runs)
                    print(f"    {page:<12} median {med:>6.0f} ms  p99 {p99:>6.0f} ms")
                print(f"  saved edits: {len(saved)}, missing from the database: {missing}")
                failed |= missing > 0 or any(r["errors"] for r in runs)
            finally:
                drop_database(kind, args.postgres)
    finally:
        shutil.rmtree(workdir, ignore_errors=True)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
