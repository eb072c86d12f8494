"""manage.py coverage REGISTER [--json]

How far a register evidences each criterion, from the same ``criteria.coverage.evaluate``
the coverage page and the evidence pack read. REGISTER is the register's id or its exact
title (a title two registers share is refused: give the id).
"""

from __future__ import annotations

import json
import uuid

from django.core.management.base import BaseCommand, CommandError

from criteria import coverage
from criteria.presentation import evidence_kind, evidence_label
from registers.models import Register


def find_register(key: str) -> Register:
    """The register whose id or exact title is ``key``; ``CommandError`` otherwise."""
    try:
        return Register.objects.get(pk=uuid.UUID(key))
    except (ValueError, Register.DoesNotExist):
        pass
    found = list(Register.objects.filter(title=key)[:2])
    if len(found) == 1:
        return found[0]
    if found:
        raise CommandError(f"Two or more registers are called {key!r}: give the register's id.")
    raise CommandError(f"No register has the id or title {key!r}.")


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
        found = rows(find_register(options["register"]))
        if options["json"]:
            self.stdout.write(json.dumps(found, indent=2, ensure_ascii=False))
            return
        width = max(len(row["code"]) for row in found)
        for row in found:
            self.stdout.write(f"{row['code']:<{width}}  {row['status']}")
