from django.apps import AppConfig, apps
from django.db.models.signals import post_migrate


def ensure_programme_staff(sender, **kwargs):
    """After every migrate: the programme staff group exists with its permissions, and every producer
    group already made is brought in line (moderation workflow, publishing only when trusted), so an
    existing site needs no extra command. Idempotent; runs after each app's permissions are created."""
    if kwargs.get("plan") is None:
        # Sent by `flush` (tests reset the database): serialized test data brings the group back.
        return
    if sender is not _last_app_migrated():
        return  # once per migrate, not once per app: each run re-syncs every producer's group
    if not _migrated(kwargs.get("apps"), ("auth", "Group"), ("catalogue", "ProducerPage")):
        return  # a partial migrate (e.g. `migrate places`): the group's tables do not exist yet
    from .models import ProducerPage
    from .permissions import producer_editors, producer_group, programme_staff_group

    programme_staff_group()
    for producer in ProducerPage.objects.all():
        if producer_group(producer) is not None:  # found by its page, whatever the page is called now
            producer_editors(producer)


def _last_app_migrated():
    """The app whose post_migrate comes last (Django sends it for each app with models, in order): by
    then every app's permissions exist, wagtailadmin's `access_admin` among them."""
    return [config for config in apps.get_app_configs() if config.models_module is not None][-1]


def _migrated(state_apps, *models) -> bool:
    """Whether every (app_label, model) is in the migrated state `post_migrate` passes, as Django's
    own permission creation checks, so a partial migrate never queries a missing table."""
    if state_apps is None:
        return False
    try:
        for app_label, model in models:
            state_apps.get_model(app_label, model)
    except LookupError:
        return False
    return True


class CatalogueConfig(AppConfig):
    name = "catalogue"
    verbose_name = "Danh mục sản phẩm"

    def ready(self):

        from . import signals, tree  # noqa: F401
        from .admin_fields import use_in_admin_forms
        from .origin import sync_default_site

        use_in_admin_forms()

        # The image and document libraries and choosers find titles typed without tone marks.
        from wagtail.documents import get_document_model
        from wagtail.images import get_image_model

        from .folded_search import fold_titles_of

        fold_titles_of(get_image_model())
        fold_titles_of(get_document_model())

        # After every migrate (so on each `make run`), the Wagtail Site follows SITE_URL.
        post_migrate.connect(sync_default_site, sender=self, dispatch_uid="catalogue.sync_default_site")

        # No sender: it waits for the last app's signal, after wagtailadmin's `access_admin` permission exists.
        post_migrate.connect(ensure_programme_staff, dispatch_uid="catalogue_programme_staff")
