from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_programme_staff(sender, **kwargs):
    from .permissions import programme_staff_group

    programme_staff_group()


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = "Danh mục sản phẩm"

    def ready(self):
        from . import signals  # noqa: F401

        post_migrate.connect(ensure_programme_staff, sender=self)
