from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = "Danh mục sản phẩm"

    def ready(self):
        from django.db.models.signals import post_migrate

        from . import signals  # noqa: F401
        from .origin import sync_default_site

        # After every migrate (so on each `make run`), the Wagtail Site follows SITE_URL.
        post_migrate.connect(sync_default_site, sender=self, dispatch_uid="catalogue.sync_default_site")
