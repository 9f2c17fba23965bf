from django.apps import AppConfig


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = "Danh mục sản phẩm"

    def ready(self):
        from . import signals  # noqa: F401
