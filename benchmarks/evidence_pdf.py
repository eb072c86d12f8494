"""How fast the evidence pack renders, against WeasyPrint's own floor.

On a scratch SQLite database loaded with the demo, it exports the demo register and
generated registers of 50 and 200 risks (every risk rated twice, with actions,
consultations, awareness, annotations and reviews), each in a fresh process, and prints
for each: wall and CPU seconds, pages, pages per CPU second, peak memory, and the share of
time spent outside WeasyPrint (queries and templates). For comparison it renders a plain
table of the same page count with WeasyPrint alone.

    uv run python benchmarks/evidence_pdf.py [--sizes 50 200] [--skip-demo]

CPU seconds are the fairer figure on a shared machine; wall seconds are what a user waits.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEMO_TITLE = "Front desk customer journey"


def _django() -> None:
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "riskportal.settings")
    import django

    django.setup()


def _peak_mb() -> float:
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


# --- Child processes ------------------------------------------------------------------------


def make_register(risks: int) -> str:
    """A register of ``risks`` risks in the demo team, with something in every section."""
    _django()
    import datetime as dt
    from decimal import Decimal

    from django.utils import timezone

    from assessments.models import (
        Action,
        Annotation,
        AwarenessRecord,
        Category,
        Consultation,
        Review,
    )
    from assessments.reviews import sign_off_review, submit_review
    from assessments.services import create_risk, rate_risk
    from journeys.models import Stage
    from registers.models import Register, RiskMatrix

    demo = Register.objects.select_related("team", "owner").get(title=DEMO_TITLE)
    learner, team = demo.owner, demo.team
    supervisor = team.supervisors().first()
    register = Register.objects.create(
        team=team,
        title=f"Benchmark register of {risks} risks",
        organisation=demo.organisation,
        service=demo.service,
        scope=demo.scope,
        context=demo.context,
        owner=learner,
        matrix=RiskMatrix.objects.get(slug="5x5-standard", version=1),
        status=Register.Status.ACTIVE,
    )
    stages = [
        Stage.objects.create(
            register=register,
            order=i,
            name=f"Stage {i}: {name}",
            description="What happens at this stage, who the customer meets and what can go "
            "wrong, in two or three sentences as a learner would write them.",
            customer_actions="Phones, books online or arrives at the desk.",
            channels="phone, website, front desk",
            emotion=(i % 5) - 2,
            is_moment_of_truth=i % 2 == 1,
            moment_of_truth_note="A failure here loses the customer's trust." if i % 2 else "",
        )
        for i, name in enumerate(
            ["Enquiry", "Booking", "Arrival", "Activity", "Payment", "Feedback"], start=1
        )
    ]
    categories = list(Category.values)
    today = timezone.localdate()
    for n in range(risks):
        risk = create_risk(
            register=register,
            stage=stages[n % len(stages)],
            title=f"Risk {n + 1}: customers are let down when the process fails at busy times",
            category=categories[n % 4],
            cause="Too few staff at peak times and a booking system that drops connections.",
            event="Customers wait, payments fail or information is given wrongly.",
            consequence="Complaints, refunds and lost members; in the worst case an injury.",
            affected="Customers and front desk staff",
            existing_controls="Rota reviewed monthly; supervisor on call.",
            owner=learner,
            decision="treat" if n % 3 else "tolerate",
            decision_rationale="The cost of acting is small against the harm avoided.",
        )
        for tier, values in (("inherent", (4, 3, 3, 2)), ("residual", (2, 2, 2, 1))):
            rate_risk(
                risk=risk,
                tier=tier,
                likelihood=values[0] - n % 2,
                finance=values[1],
                reputation=values[2],
                health_safety=values[3],
                rationale="Based on the incident log for the last six months and the "
                "complaints we received; the worst realistic outcome is reputational.",
                assessed_by=learner,
            )
        action = Action.objects.create(
            register=register,
            description="Roster a second advisor at peak times and brief the team.",
            owner=learner,
            due_date=today + dt.timedelta(days=n % 60),
            cost_one_off=Decimal("100"),
            cost_annual=Decimal("500"),
            benefit_annual=Decimal("2000"),
        )
        action.risks.add(risk)
        if n % 3 == 0:
            Consultation.objects.create(
                register=register,
                risk=risk,
                group=Consultation.Group.TEAM,
                people="Front desk team",
                method="Team meeting",
                summary="The team agreed the cause and suggested the second advisor.",
            )
        if n % 2 == 0:
            AwarenessRecord.objects.create(
                risk=risk, audience="customers", method="signage", details="Signs at the desk."
            )
        if n % 3 == 1:
            Annotation.objects.create(
                register=register,
                risk=risk,
                author=learner,
                text="I chose this rating because the log shows it most months.",
            )
    for month in range(3):
        review = Review.objects.create(
            register=register,
            date=today - dt.timedelta(days=30 * (3 - month)),
            reviewer=learner,
            attendees="Front desk team",
            minutes="We went through every risk and re-rated those that changed.",
        )
        review.risks.set(register.risks.all())
        if supervisor and month < 2:
            submit_review(review=review, by=learner)
            sign_off_review(review=review, by=supervisor, comment="Agreed.")
    return str(register.pk)


def render(register_id: str) -> dict:
    """Export one register; all figures measured in this process."""
    _django()
    import time

    from evidence.pack import PackOptions, build_pack
    from evidence.renderer import render_pdf
    from evidence.services import pack_html
    from registers.models import Register

    wall, cpu = time.perf_counter(), time.process_time()
    register = Register.objects.select_related("team", "matrix", "owner").get(pk=register_id)
    pack = build_pack(register, learner=register.owner, options=PackOptions())
    html = pack_html(pack)
    build_wall, build_cpu = time.perf_counter() - wall, time.process_time() - cpu
    rendered = render_pdf(html)
    return {
        "register": register.title,
        "risks": register.risks.count(),
        "pages": rendered.pages,
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
        "build_wall": build_wall,
        "build_cpu": build_cpu,
        "peak_mb": _peak_mb(),
    }


def plain_table(pages: int, tagged: bool = False) -> dict:
    """WeasyPrint alone: a plain register table of about ``pages`` A4 pages.

    ``tagged`` renders it as the pack is rendered, tagged PDF/UA-1 (accessibility asks
    for it), which costs WeasyPrint itself several per cent.

    About ten rows a page, as dense as a register with its cause, event and consequence
    written out (the 212-row, 20-page table WeasyPrint lays out at 4 to 5 pages a second).
    """
    import time

    from weasyprint import HTML

    words = "customers wait at the desk while the booking system drops the connection again"
    cell = " ".join([words] * 2)
    row = (
        "<tr><td>R-{0:03d}</td><td>"
        + words
        + "</td><td>"
        + cell
        + "</td><td>"
        + cell
        + "</td><td>"
        + cell
        + "</td><td>Medium 12</td></tr>"
    )
    rows = "".join(row.format(i) for i in range(round(pages * 10.6)))
    html = (
        "<style>@page { size: A4; margin: 20mm } body { font: 9pt 'Liberation Sans' } "
        "table { width: 100%; border-collapse: collapse } "
        "td { border: 0.5pt solid #888; padding: 3pt; vertical-align: top }</style>"
        f"<table>{rows}</table>"
    )
    wall, cpu = time.perf_counter(), time.process_time()
    variant = {"pdf_variant": "pdf/ua-1"} if tagged else {}
    html = f'<html lang="en-GB"><head><title>Table</title></head><body>{html}</body></html>'
    document = HTML(string=html).render(**variant)
    document.write_pdf(**variant)
    return {
        "pages": len(document.pages),
        "wall": time.perf_counter() - wall,
        "cpu": time.process_time() - cpu,
    }


# --- The driver -------------------------------------------------------------------------------


def _child(env: dict, *arguments: str) -> str:
    completed = subprocess.run(
        [sys.executable, __file__, "--child", *arguments],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
        text=True,
    )
    return completed.stdout.strip().splitlines()[-1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="*", default=[50, 200])
    parser.add_argument("--skip-demo", action="store_true")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, value = args.child
        runners = {
            "make": make_register,
            "render": render,
            "table": plain_table,
            "tagged": lambda pages: plain_table(pages, tagged=True),
        }
        result = runners[kind](int(value) if kind in ("make", "table", "tagged") else value)
        print(json.dumps(result))
        return

    with tempfile.TemporaryDirectory() as folder:
        env = {**os.environ, "DATABASE_URL": f"sqlite:///{folder}/bench.sqlite3"}
        manage = [sys.executable, "manage.py"]
        subprocess.run([*manage, "migrate", "-v", "0"], cwd=ROOT, env=env, check=True)
        subprocess.run([*manage, "seed_demo"], cwd=ROOT, env=env, check=True, capture_output=True)
        targets = [] if args.skip_demo else [("demo", _demo_id(env))]
        targets += [(f"{n} risks", json.loads(_child(env, "make", str(n)))) for n in args.sizes]

        print(
            f"{'register':<10} {'risks':>5} {'pages':>5} {'wall s':>7} {'cpu s':>6} "
            f"{'pages/s':>7} {'table p/s':>9} {'ratio':>5} {'tagged table p/s':>16} "
            f"{'ratio':>5} {'peak MB':>7} {'outside':>7}"
        )
        for label, register_id in targets:
            result = json.loads(_child(env, "render", register_id))
            table = json.loads(_child(env, "table", str(result["pages"])))
            tagged = json.loads(_child(env, "tagged", str(result["pages"])))
            rate = result["pages"] / result["cpu"]
            table_rate = table["pages"] / table["cpu"]
            tagged_rate = tagged["pages"] / tagged["cpu"]
            print(
                f"{label:<10} {result['risks']:>5} {result['pages']:>5} {result['wall']:>7.1f} "
                f"{result['cpu']:>6.1f} {rate:>7.2f} {table_rate:>9.2f} "
                f"{rate / table_rate:>5.2f} {tagged_rate:>16.2f} {rate / tagged_rate:>5.2f} "
                f"{result['peak_mb']:>7.0f} "
                f"{result['build_cpu'] / result['cpu']:>7.1%}",
                flush=True,
            )


def _demo_id(env: dict) -> str:
    code = (
        "import django, os; django.setup(); from registers.models import Register; "
        f"print(Register.objects.get(title={DEMO_TITLE!r}).pk)"
    )
    completed = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**env, "DJANGO_SETTINGS_MODULE": "riskportal.settings"},
        check=True,
        capture_output=True,
        text=True,
    )
    return completed.stdout.strip()


if __name__ == "__main__":
    main()
