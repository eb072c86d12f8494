from django.core.management.base import BaseCommand

from demo.loader import seed_demo


class Command(BaseCommand):
    help = "Load the demo teams, logins and registers. Running it again changes nothing."

    def handle(self, *args, **options):
        result = seed_demo()
        for register in result.created:
            self.stdout.write(f"Created the register '{register}' for {register.team}.")
        for register in result.existing:
            self.stdout.write(f"The register '{register}' for {register.team} exists; unchanged.")
        for warning in result.warnings:
            self.stderr.write(warning)
        self.stdout.write("Demo logins:")
        for login in result.logins:
            self.stdout.write(str(login))
