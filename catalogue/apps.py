from django.apps import AppConfig
from django.db.models.signals import post_migrate


def ensure_programme_staff(sender, **kwargs):
    """After every migrate: the programme staff group exists with its permissions, and every producer
    group already made is brought in line (moderation workflow, publishing only when trusted), so an
    existing site needs no extra command. Idempotent; runs after each app's permissions are created."""
    if kwargs.get("plan") is None:
        # Sent by `flush` (tests reset the database): serialized test data brings the group back.
        return
    from django.contrib.auth.models import Group

    from .models import ProducerPage
    from .permissions import group_name, producer_editors, programme_staff_group

    programme_staff_group()
    for producer in ProducerPage.objects.all():
        if Group.objects.filter(name=group_name(producer)).exists():
            producer_editors(producer)


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = "Danh mục sản phẩm"

    def ready(self):

        from . import signals  # noqa: F401
        from .origin import sync_default_site

        # After every migrate (so on each `make run`), the Wagtail Site follows SITE_URL.
        post_migrate.connect(sync_default_site, sender=self, dispatch_uid="catalogue.sync_default_site")

        # No sender: the last app's signal comes after wagtailadmin's `access_admin` permission exists.
        post_migrate.connect(ensure_programme_staff, dispatch_uid="catalogue_programme_staff")
