from django.apps import AppConfig


class TraceabilityConfig(AppConfig):
    name = "traceability"
    verbose_name = "Truy xuất nguồn gốc"

    def ready(self):
        from . import photos  # noqa: F401 - connects its signal receiver
