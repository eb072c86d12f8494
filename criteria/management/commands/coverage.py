"""manage.py coverage REGISTER [--json]

How far a register evidences each criterion, from the same ``criteria.coverage.evaluate``
the coverage page and the evidence pack read. REGISTER is the register's id or its exact
title (a title two registers share is refused: give the id).
"""

from __future__ import annotations

import json

from django.core.management.base import BaseCommand

from criteria import coverage
from criteria.presentation import evidence_kind, evidence_label
from registers.commands import register_from_argument
from registers.models import Register


def rows(register: Register) -> list[dict]:
    """One ``{"code", "status", "records", "gaps"}`` per criterion, in catalogue order."""
    return [
        {
            "code": result.criterion.code,
            "status": result.status,
            "records": [f"{evidence_kind(obj)}: {evidence_label(obj)}" for obj in result.evidence],
            "gaps": list(result.gaps),
        }
        for result in coverage.evaluate_register(register)
    ]


class Command(BaseCommand):
    help = "Print how far a register evidences each assessment criterion."

    def add_arguments(self, parser):
        parser.add_argument("register", help="The register's id or exact title.")
        parser.add_argument("--json", action="store_true", help="Print a JSON list.")

    def handle(self, *args, **options):
        found = rows(register_from_argument(options["register"]))
        if options["json"]:
            self.stdout.write(json.dumps(found, indent=2, ensure_ascii=False))
            return
        width = max(len(row["code"]) for row in found)
        for row in found:
            self.stdout.write(f"{row['code']:<{width}}  {row['status']}")
