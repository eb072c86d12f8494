"""manage.py check_register REGISTER [--json]: the consistency checks from the command line."""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand, CommandParser

from checks.loading import register_report
from registers.commands import register_from_argument


class Command(BaseCommand):
    help = (
        "Run the consistency checks on a register (by id or exact title) and print the "
        "findings. Exits with status 1 when a problem is open."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("register", help="The register's id or exact title.")
        parser.add_argument("--json", action="store_true", help="Print the findings as JSON.")

    def handle(self, *args, **options) -> None:
        register = register_from_argument(options["register"])
        report = register_report(register)
        if options["json"]:
            self.stdout.write(json.dumps(as_json(register, report), indent=2))
        else:
            self.stdout.write(as_text(register, report))
        if report.problems:
            raise SystemExit(1)


def _finding(finding) -> dict:
    return {
        "rule": finding.rule.id,
        "severity": finding.severity,
        "record": finding.reference,
        "key": finding.record,
        "message": finding.message,
    }


def as_json(register, report) -> dict:
    return {
        "register": {"id": str(register.pk), "title": register.title},
        "problems": len(report.problems),
        "worth_a_look": len(report.worth_a_look),
        "findings": [_finding(f) for f in report.open],
        "dismissed": [
            {**_finding(f), "reason": d.reason, "dismissed_by": str(d.dismissed_by or "")}
            for f, d in report.dismissed
        ],
        "checks": [
            {"rule": r.rule.id, "title": r.rule.title, "open": r.open, "dismissed": r.dismissed}
            for r in report.results
        ],
    }


def as_text(register, report) -> str:
    lines = [
        f"{register.title}: {len(report.problems)} problem(s), "
        f"{len(report.worth_a_look)} worth a look, {len(report.dismissed)} dismissed, "
        f"{len(report.rules)} checks run."
    ]
    for finding in report.open:
        lines.append(
            f"{finding.severity.upper():12} {finding.rule.id:26} {finding.reference}: "
            f"{finding.message}"
        )
    for finding, dismissal in report.dismissed:
        lines.append(
            f"{'DISMISSED':12} {finding.rule.id:26} {finding.reference}: {dismissal.reason}"
        )
    return "\n".join(lines)
