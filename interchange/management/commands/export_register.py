"""manage.py export_register <register> --format xlsx|csv|json -o FILE"""

from __future__ import annotations

from pathlib import Path

from django.core.management.base import BaseCommand

from interchange import exporters
from registers.commands import register_from_argument


class Command(BaseCommand):
    help = "Export a register as xlsx, CSV (its risks) or a JSON backup."

    def add_arguments(self, parser):
        parser.add_argument("register", help="The register's id, or its title.")
        parser.add_argument("--format", choices=sorted(exporters.FORMATS), default="json")
        parser.add_argument("-o", "--output", help="File to write (default: a readable name).")

    def handle(self, *args, register, format, output, **options):
        found = register_from_argument(register)
        path = Path(output or exporters.filename(found, format))
        path.write_bytes(exporters.render(found, format))
        self.stdout.write(f"Wrote {path} ({path.stat().st_size:,} bytes).")
