"""Evidence pack export throughput through the task queue, and how soon a click shows progress.

On a scratch SQLite database loaded with the demo plus a generated register of 200 risks
(``benchmarks/evidence_pdf.py`` builds it), it queues exports as the web does
(``evidence.services.request_export``, one per user) and times real ``manage.py
db_worker --batch`` processes, one and then two at once, until the queue is empty: packs
per minute for each register. Then it starts the production server (gunicorn, DEBUG off)
and, in headless Chromium signed in as the demo member, clicks "Prepare the PDF" on the
demo register and times the click until the progress page shows (target under 300 ms).

    uv run python benchmarks/exports.py [--packs 4] [--large-packs 2] [--clicks 7]

Wall-clock figures: on a shared machine they depend on what else runs.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import secrets
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_TITLE = "Front desk customer journey"
PORT = 8217
MEMBER = ("priya.shah", "demo-member-2026")

QUEUE = """
import json
from django.contrib.auth import get_user_model
from evidence.models import PackExport
from evidence.pack import PackOptions
from evidence.services import request_export
from registers.models import Membership, Register
register = Register.objects.get(pk="{register}")
PackExport.objects.filter(status__in=PackExport.PENDING).update(status="failed")
ids = []
for n in range({count}):
    user, _ = get_user_model().objects.get_or_create(username=f"bench{{n}}")
    Membership.objects.get_or_create(team=register.team, user=user, defaults={{"role": "viewer"}})
    export, joined = request_export(register=register, user=user, options=PackOptions())
    assert not joined
    ids.append(str(export.pk))
print(json.dumps(ids))
"""

RESULTS = """
import json
from evidence.models import PackExport
exports = PackExport.objects.filter(pk__in={ids})
print(json.dumps([[e.status, e.pages or 0, e.error] for e in exports]))
"""


def manage(env: dict, *args: str) -> str:
    result = subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True
    )
    if result.returncode:
        raise SystemExit(f"manage.py {' '.join(args[:2])} failed:\n{result.stdout}{result.stderr}")
    return result.stdout


def shell(env: dict, code: str) -> str:
    return manage(env, "shell", "-c", code).strip().splitlines()[-1]


def throughput(env: dict, register: str, packs: int, workers: int, workdir: Path) -> dict:
    ids = json.loads(shell(env, QUEUE.format(register=register, count=packs)))
    started = time.monotonic()
    processes = [
        subprocess.Popen(
            [
                sys.executable,
                "manage.py",
                "db_worker",
                "--batch",
                "--no-reload",
                "--no-startup-delay",
                "--interval",
                "0.2",
            ],
            cwd=ROOT,
            env=env,
            stdout=(workdir / f"worker-{n}.log").open("a"),
            stderr=subprocess.STDOUT,
        )
        for n in range(workers)
    ]
    for process in processes:
        process.wait()
    seconds = time.monotonic() - started
    results = json.loads(shell(env, RESULTS.format(ids=ids)))
    failed = [error for status, _, error in results if status != "done"]
    if failed:
        raise SystemExit(f"{len(failed)} exports failed: {failed[:2]}")
    return {
        "packs": packs,
        "workers": workers,
        "seconds": round(seconds, 1),
        "pages": results[0][1],
        "per_minute": round(packs / seconds * 60, 2),
    }


def start_server(env: dict, log: Path) -> subprocess.Popen:
    gunicorn = shutil.which("gunicorn", path=str(Path(sys.executable).parent))
    process = subprocess.Popen(
        [gunicorn, "-c", "gunicorn.conf.py", "--access-logfile", "/dev/null"],
        cwd=ROOT,
        env={**env, "PORT": str(PORT), "WEB_CONCURRENCY": "2"},
        stdout=log.open("w"),
        stderr=subprocess.STDOUT,
        start_new_session=True,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=2)
            connection.request("GET", "/healthz/")
            if connection.getresponse().status == 200:
                return process
        except OSError:
            time.sleep(0.3)
    os.killpg(process.pid, signal.SIGKILL)
    raise SystemExit(f"The server did not start; see {log}")


def click_to_progress(env: dict, register: str, clicks: int) -> list[float]:
    from playwright.sync_api import sync_playwright

    times = []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=shutil.which("chromium") or "/usr/bin/chromium",
            args=["--headless=new", "--no-sandbox", "--disable-gpu"],
        )
        page = browser.new_page(base_url=f"http://127.0.0.1:{PORT}")
        page.goto("/accounts/login/")
        page.get_by_label("Username").fill(MEMBER[0])  # the demo member (README)
        page.get_by_label("Password").fill(MEMBER[1])
        page.get_by_role("button", name="Sign in").click()
        page.wait_for_url("**/")
        for _ in range(clicks):
            shell(env, QUEUE.format(register=register, count=0))  # nothing left running
            page.goto(f"/registers/{register}/evidence/")
            button = page.get_by_role("button", name="Prepare the PDF")
            started = time.monotonic()
            button.click()
            page.locator("#export-status").wait_for()
            times.append((time.monotonic() - started) * 1000)
        browser.close()
    return times


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--packs", type=int, default=4, help="demo packs per run")
    parser.add_argument("--large-packs", type=int, default=2, help="200-risk packs per run")
    parser.add_argument("--clicks", type=int, default=7)
    parser.add_argument(
        "--clicks-only", action="store_true", help="only time the click to first progress"
    )
    args = parser.parse_args()
    workdir = Path(tempfile.mkdtemp(prefix="riskportal-exports-"))
    env = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("TASKS_", "EVIDENCE_"))},
        "DEBUG": "false",
        "HTTPS": "false",
        "SECRET_KEY": secrets.token_urlsafe(50),
        "ALLOWED_HOSTS": "127.0.0.1",
        "DATABASE_URL": f"sqlite:///{workdir / 'exports.sqlite3'}",
        "MEDIA_ROOT": str(workdir / "media"),
        "TASKS_BACKEND": "database",
        "LOG_LEVEL": "ERROR",
        "EVIDENCE_MAX_PENDING_PER_USER": "10",
    }
    manage(env, "migrate", "--no-input", "-v", "0")
    manage(env, "collectstatic", "--no-input", "-v", "0")
    manage(env, "seed_demo")
    demo = shell(
        env,
        f"from registers.models import Register; "
        f"print(Register.objects.get(title={DEMO_TITLE!r}).pk)",
    )
    large = (
        ""
        if args.clicks_only
        else json.loads(
            subprocess.run(
                [
                    sys.executable,
                    str(ROOT / "benchmarks" / "evidence_pdf.py"),
                    "--child",
                    "make",
                    "200",
                ],
                cwd=ROOT,
                env=env,
                capture_output=True,
                text=True,
                check=True,
            )
            .stdout.strip()
            .splitlines()[-1]
        )
    )
    rows = []
    runs = [("demo", demo, args.packs), ("200 risks", large, args.large_packs)]
    for label, register, packs in [] if args.clicks_only else runs:
        for workers in (1, 2):
            row = {"register": label, **throughput(env, register, packs, workers, workdir)}
            rows.append(row)
            print(
                f"{label:>10} | {workers} worker{'s' if workers > 1 else ' '} | "
                f"{row['packs']} packs of {row['pages']} pages in {row['seconds']} s | "
                f"{row['per_minute']} packs/min",
                flush=True,
            )
    server = start_server(env, workdir / "server.log")
    try:
        times = click_to_progress(env, demo, args.clicks)
    finally:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(30)
    print(
        f"click to first progress shown: median {statistics.median(times):.0f} ms, "
        f"worst {max(times):.0f} ms ({len(times)} clicks; target under 300 ms)"
    )
    shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
