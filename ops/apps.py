from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the shop: background tasks and their schedule, health, metrics, request ids in logs."""

    name = "ops"
    verbose_name = _("Vận hành")

    def ready(self):
        from . import checks  # noqa: F401 (registers the system checks)
