from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Running the shop: background tasks and their schedule, health, metrics, request ids in logs."""

    name = "ops"
    verbose_name = _("Vận hành")

    def ready(self):
        from django.core.signals import request_finished

        from . import checks  # noqa: F401 (registers the system checks)
        from .logs import forget_request_id

        request_finished.connect(forget_request_id, dispatch_uid="ops.forget_request_id")
