from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


class PageCacheConfig(AppConfig):
    name = "pagecache"
    verbose_name = "Page cache"

    def ready(self):
        from . import purges  # connects the purge receivers

        # post_migrate is sent once for each app with models (this one has none): the page tree's app,
        # for one purge per migrate command.
        post_migrate.connect(
            purges.purge_after_migrate,
            sender=apps.get_app_config("wagtailcore"),
            dispatch_uid="pagecache.purge_after_migrate",
        )
