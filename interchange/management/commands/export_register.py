"""manage.py export_register <register> --format xlsx|csv|json -o FILE"""

from __future__ import annotations

import uuid
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from interchange import exporters
from registers.models import Register


def find_register(value: str) -> Register:
    """A register by id, or by title when only one register has it."""
    registers = Register.objects.select_related("team", "matrix")
    try:
        return registers.get(pk=uuid.UUID(value))
    except (ValueError, Register.DoesNotExist):
        pass
    found = list(registers.filter(title=value)[:2])
    if len(found) != 1:
        raise CommandError(
            f"No single register with id or title {value!r}"
            + (" (several teams have one: give its id)." if found else ".")
        )
    return found[0]


class Command(BaseCommand):
    help = "Export a register as xlsx, CSV (its risks) or a JSON backup."

    def add_arguments(self, parser):
        parser.add_argument("register", help="The register's id, or its title.")
        parser.add_argument("--format", choices=sorted(exporters.FORMATS), default="json")
        parser.add_argument("-o", "--output", help="File to write (default: a readable name).")

    def handle(self, *args, register, format, output, **options):
        found = find_register(register)
        path = Path(output or exporters.filename(found, format))
        path.write_bytes(exporters.render(found, format))
        self.stdout.write(f"Wrote {path} ({path.stat().st_size:,} bytes).")
