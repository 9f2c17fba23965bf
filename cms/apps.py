from django.apps import AppConfig


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = "Nội dung"

    def ready(self):
        from . import signals  # noqa: F401
