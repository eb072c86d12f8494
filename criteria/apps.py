from django.apps import AppConfig


class CriteriaConfig(AppConfig):
    name = "criteria"
    verbose_name = "Assessment criteria"

    def ready(self) -> None:
        from criteria import coverage

        coverage.connect_signals()
