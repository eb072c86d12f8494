"""manage.py import_register FILE --team <team> [--register <title>] [--mapping FILE]
[--dry-run]

A JSON backup is loaded as a new register; an xlsx or CSV goes through the same
mapping and preview as the import page, with the guessed mapping unless ``--mapping``
gives one (the format printed by ``--show-mapping``).
"""

from __future__ import annotations

import json
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from interchange import backup, importer, mapping, readers
from registers.models import Register, RiskMatrix, Team


class DryRun(Exception):
    pass


class Command(BaseCommand):
    help = "Import a register from a JSON backup, or risks / actions / ratings from xlsx or CSV."

    def add_arguments(self, parser):
        parser.add_argument("file")
        parser.add_argument("--team", required=True, help="The team's slug or name.")
        parser.add_argument(
            "--register",
            help="Title of the register: an existing one to import rows into, or the new one.",
        )
        parser.add_argument("--kind", choices=sorted(mapping.KINDS), default=mapping.RISKS)
        parser.add_argument("--sheet", help="Sheet of an xlsx workbook (default: the first).")
        parser.add_argument("--header-row", type=int, default=1)
        parser.add_argument("--matrix", default="5x5-standard", help="Matrix of a new register.")
        parser.add_argument("--mapping", help="JSON file with the column and value mapping.")
        parser.add_argument("--show-mapping", action="store_true", help="Print the mapping used.")
        parser.add_argument(
            "--users",
            choices=["members", "all", "create"],
            default="members",
            help="JSON backups: match people among the team's members, all users, or create "
            "the missing ones (inactive, no password).",
        )
        parser.add_argument("--dry-run", action="store_true", help="Report; write nothing.")

    def handle(self, *args, **options):
        path = Path(options["file"])
        if not path.exists():
            raise CommandError(f"No such file: {path}")
        team = (
            Team.objects.filter(slug=options["team"]).first()
            or Team.objects.filter(name=options["team"]).first()
        )
        if team is None:
            raise CommandError(f"No team {options['team']!r}.")
        try:
            with transaction.atomic():
                if path.suffix.lower() == ".json":
                    register = self._backup(path, team, options)
                else:
                    register = self._rows(path, team, options)
                if options["dry_run"]:
                    raise DryRun
        except DryRun:
            self.stdout.write("Dry run: nothing was written.")
            return
        except (backup.BackupError, readers.ImportFileError) as exc:
            raise CommandError(str(exc)) from None
        except importer.ImportRejected as exc:
            self._report(exc.plan)
            raise CommandError(str(exc)) from None
        self.stdout.write(f"Imported into {register} ({register.pk}).")

    def _backup(self, path: Path, team: Team, options) -> Register:
        return backup.load_json(
            path.read_bytes(), team=team, title=options["register"], users=options["users"]
        )

    def _rows(self, path: Path, team: Team, options) -> Register:
        table = readers.read(path.read_bytes(), path.name, sheet=options["sheet"])
        register = (
            Register.objects.filter(team=team, title=options["register"]).first()
            if options["register"]
            else None
        )
        new_register = None
        if register is None:
            matrix = RiskMatrix.objects.filter(slug=options["matrix"]).order_by("-version").first()
            if matrix is None:
                raise CommandError(f"No matrix {options['matrix']!r}.")
            new_register = {"title": options["register"] or path.stem, "matrix": matrix.pk}
        source = importer.Source(
            kind=options["kind"],
            table=table,
            filename=path.name,
            team=team,
            header_row=options["header_row"],
            register=register,
            new_register=new_register,
        )
        source.mapping = importer.default_mapping(source)
        if options["mapping"]:
            given = json.loads(Path(options["mapping"]).read_text(encoding="utf-8"))
            headers = importer.header_names(table, options["header_row"])
            for key, value in given.get("columns", {}).items():
                # A column is named by its heading or by its position from 0.
                index = str(headers.index(key)) if key in headers else key
                source.mapping["columns"][index] = value
            for group, values in given.get("values", {}).items():
                source.mapping["values"].setdefault(group, {}).update(values)
            source.mapping["options"].update(given.get("options", {}))
        if options["show_mapping"]:
            self.stdout.write(json.dumps(source.mapping, indent=2, ensure_ascii=False))
        register, plan = importer.commit_import(source=source, user=None)
        self._report(plan)
        return register

    def _report(self, plan: importer.Plan) -> None:
        self.stdout.write(
            f"{len(plan.new_stages)} stages, {len(plan.risks)} risks, {plan.rating_count} "
            f"ratings, {plan.action_count} actions; {len(plan.errors)} errors, "
            f"{len(plan.notices)} notices."
        )
        for p in plan.problems:
            kind = "error" if p.error else "notice"
            where = f"row {p.row}" if p.row else "file"
            self.stdout.write(f"  {where} {kind}: {p.column} {p.value!r}: {p.message}")
