from django.apps import AppConfig


class StorefrontConfig(AppConfig):
    name = "storefront"
    verbose_name = "Bán hàng"

    def ready(self):
        from . import (
            recalls,  # noqa: F401  (listen to traceability's signals)
            tasks,  # noqa: F401  (emails the buyer when their order moves)
        )
        from .payments import warn_of_settings_set_in_part

        warn_of_settings_set_in_part()
