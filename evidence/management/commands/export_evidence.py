"""manage.py export_evidence REGISTER -o FILE.pdf: the evidence pack from the command line."""

from __future__ import annotations

from pathlib import Path

from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError, CommandParser

from evidence.pack import SECTION_CODES, PackOptions
from evidence.renderer import RenderLimitExceeded
from evidence.services import export_pdf
from registers.commands import register_from_argument
from registers.models import Register


class Command(BaseCommand):
    help = (
        "Write the annotated PDF evidence pack of a register (by id or exact title), at any size."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("register", nargs="?", help="The register's id or exact title.")
        parser.add_argument("-o", "--output", help="Where to write the PDF.")
        parser.add_argument(
            "--sections",
            nargs="+",
            metavar="SECTION",
            help=f"Sections to include (default all): {', '.join(SECTION_CODES)}. "
            "Separate with spaces or commas.",
        )
        parser.add_argument("--no-annotations", action="store_true", help="Leave notes out.")
        parser.add_argument(
            "--redact-names", action="store_true", help="Replace personal names by roles."
        )
        parser.add_argument(
            "--as",
            dest="learner",
            metavar="USERNAME",
            help="The learner named on the cover (default: the register's owner).",
        )

    def handle(self, *args, **options) -> None:
        if not options["register"] or not options["output"]:
            raise CommandError("Give a register and -o FILE.pdf.")
        register = register_from_argument(
            options["register"], Register.objects.select_related("team", "matrix", "owner")
        )
        learner = self.find_learner(register, options["learner"])
        sections = [
            code.strip()
            for value in options["sections"] or SECTION_CODES
            for code in value.split(",")
            if code.strip()
        ]
        try:
            pack_options = PackOptions(
                sections=tuple(sections),
                annotations=not options["no_annotations"],
                redact_names=options["redact_names"],
            )
        except ValueError as exc:
            raise CommandError(str(exc)) from exc
        try:
            exported = export_pdf(register=register, learner=learner, options=pack_options)
        except RenderLimitExceeded as exc:
            raise CommandError(str(exc)) from exc
        Path(options["output"]).write_bytes(exported.pdf)
        self.stdout.write(
            f"Wrote {options['output']}: {exported.pages} pages, document "
            f"{exported.document_id}, in {exported.build_seconds + exported.render_seconds:.1f} s."
        )

    def find_learner(self, register: Register, username: str | None):
        if username is None:
            if register.owner is None:
                raise CommandError("This register has no owner; say who exports it with --as.")
            return register.owner
        try:
            return get_user_model().objects.get(username=username)
        except get_user_model().DoesNotExist as exc:
            raise CommandError(f"No user {username!r}.") from exc
