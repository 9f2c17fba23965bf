"""Each producer's own corner of the admin: a group with page permissions on its producer page (and so
on every product below it), and a collection of its own for product photos and evidence documents
(certificate scans, test reports), so that producers never browse each other's files.

Apps above the catalogue add the model permissions a producer's group gets through the Wagtail hook
`register_producer_permissions`, from their `wagtail_hooks.py`. A hook function returns permission
names as "app_label.codename"; the app promises that its admin shows a producer only its own
records (orders holding its products, its lots, its certificates)::

    @hooks.register("register_producer_permissions")
    def producer_lot_permissions():
        return ["traceability.view_lot", "traceability.add_lot"]

The programme staff's group gets theirs the same way, through `register_programme_staff_permissions`.
Both groups are brought in line after every migrate (`catalogue.apps.ensure_programme_staff`), so a
permission an app contributes reaches existing groups on the next `make run`.
"""

from django.contrib.auth.models import Group, Permission
from django.db.models import Q
from wagtail import hooks
from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission

PRODUCER_PERMISSIONS_HOOK = "register_producer_permissions"
PROGRAMME_STAFF_PERMISSIONS_HOOK = "register_programme_staff_permissions"

# Publishing directly is for trusted producers only (see moderation.py); the others submit for review.
PAGE_PERMISSIONS = ("add_page", "change_page")
# "change" on the collection, not only "add": Wagtail lets an adder edit only the files it uploaded itself,
# so the photos filed for a producer (the demo's, an editor's) were counted on its dashboard (which counts
# what it may choose) but missing from its Images listing (which lists what it may change) and not
# editable. With "change", the dashboard, the listing and the chooser all show the same collection.
# Documents stay add/choose: a certificate's evidence (a test report) must not be replaced once checked.
FILE_PERMISSIONS = (
    ("wagtailimages", "add_image"),
    ("wagtailimages", "change_image"),
    ("wagtailimages", "choose_image"),
    ("wagtaildocs", "add_document"),
    ("wagtaildocs", "choose_document"),
)


def contributed_permissions(hook_name=PRODUCER_PERMISSIONS_HOOK):
    """The model permissions other apps give every producer's group, or with
    `PROGRAMME_STAFF_PERMISSIONS_HOOK` the programme staff's group (see the module's docstring)."""
    wanted = Q(pk__in=[])  # matches nothing when no app contributes
    for hook in hooks.get_hooks(hook_name):
        for name in hook():
            app_label, codename = name.split(".", 1)
            wanted |= Q(content_type__app_label=app_label, codename=codename)
    return Permission.objects.filter(wanted)


def group_name(producer_page) -> str:
    return f"Chủ thể: {producer_page.title}"[:150]


def producer_group(producer_page) -> Group | None:
    """The editors' group of a producer, if it has one: the group that may edit that very page. Found by
    its permission, not by its name, which holds the page's title when made and is not renamed with it."""
    return (
        Group.objects.filter(
            page_permissions__page=producer_page, page_permissions__permission__codename="change_page"
        )
        .order_by("pk")
        .first()
    )


def producer_collection(producer_page, group=None) -> Collection:
    """The producer's collection: the one its group already adds files to (kept after a rename), else
    one named after the producer."""
    if group is not None:
        own = Collection.objects.filter(group_permissions__group=group).order_by("pk").first()
        if own is not None:
            return own
    root = Collection.get_first_root_node()
    name = group_name(producer_page)
    return root.get_children().filter(name=name).first() or root.add_child(name=name)


def producer_editors(producer_page) -> Group:
    """The editors' group of a producer, created with its permissions the first time it is asked for."""
    group, created = producer_group(producer_page), False
    if group is None:
        group, created = Group.objects.get_or_create(name=group_name(producer_page))
    if created or not group.page_permissions.filter(page=producer_page).exists():
        group.permissions.add(
            Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
        )
        for codename in PAGE_PERMISSIONS:
            GroupPagePermission.objects.get_or_create(
                group=group,
                page=producer_page,
                permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
            )
    from .moderation import moderate_producers, sync_publish_permission

    sync_publish_permission(producer_page, group)
    parent = producer_page.get_parent()
    if parent is not None:
        moderate_producers(parent, programme_staff_group())
    collection = producer_collection(producer_page, group)
    for app_label, codename in FILE_PERMISSIONS:
        GroupCollectionPermission.objects.get_or_create(
            group=group,
            collection=collection,
            permission=Permission.objects.get(content_type__app_label=app_label, codename=codename),
        )
    # Model permissions are added on every call (adding is idempotent), so groups made before a
    # permission was contributed receive it the next time `load_demo` or the command runs.
    group.permissions.add(*contributed_permissions())
    return group


def grant_producer_access(user, producer_page) -> Group:
    group = producer_editors(producer_page)
    user.groups.add(group)
    return group


# --- Programme staff ("cán bộ OCOP") -----------------------------------------------------------------

PROGRAMME_STAFF_PERMISSIONS = (
    ("wagtailadmin", "access_admin"),
    ("catalogue", "certify_product"),
    ("catalogue", "add_certification"),
    ("catalogue", "view_certification"),
)


def programme_staff_group() -> Group:
    """The group of programme staff: they alone record, renew, upgrade and revoke certifications.
    Idempotent; run after every migrate so the group exists on any fresh database."""
    from .certification import PROGRAMME_STAFF_GROUP

    group, _ = Group.objects.get_or_create(name=PROGRAMME_STAFF_GROUP)
    query = Q()
    for app_label, codename in PROGRAMME_STAFF_PERMISSIONS:
        query |= Q(content_type__app_label=app_label, codename=codename)
    group.permissions.add(*Permission.objects.filter(query))
    group.permissions.add(*contributed_permissions(PROGRAMME_STAFF_PERMISSIONS_HOOK))
    return group


# --- OCOP stores ---------------------------------------------------------------------------------------

STORE_PAGE_PERMISSIONS = ("change_page", "publish_page")


def store_editors(store_page) -> Group:
    """A store's staff: they edit and publish their store page (address, hours, what it carries)."""
    group, _ = Group.objects.get_or_create(name=f"Cửa hàng: {store_page.title}"[:150])
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin")
    )
    for codename in STORE_PAGE_PERMISSIONS:
        GroupPagePermission.objects.get_or_create(
            group=group,
            page=store_page,
            permission=Permission.objects.get(content_type__app_label="wagtailcore", codename=codename),
        )
    return group
