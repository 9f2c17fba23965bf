"""Who may see which lots and certificates in the admin.

A producer's staff (the group made by `catalogue.permissions.producer_editors`) edit their producer
page and the products below it; they see and record only the lots of those products and the
certificates of their producer or of those lots. Superusers and holders of `view_all_lots` see all.
Each rule is one queryset (the pages a user may edit come from Wagtail's page permission policy as a
subquery), so listings stay at a fixed number of queries however many lots there are.
"""

from django.db.models import Q
from wagtail.permission_policies.pages import PagePermissionPolicy

from catalogue.models import PackSize, ProducerPage

from .models import Certificate, Lot


def sees_everything(user) -> bool:
    return user.is_active and (user.is_superuser or user.has_perm("traceability.view_all_lots"))


def editable_pages(user):
    """Ids of the pages the user may edit (their producer page and its products), as a subquery."""
    return PagePermissionPolicy().instances_user_has_permission_for(user, "change").values("pk")


def visible_lots(user, queryset=None):
    queryset = Lot.objects.all() if queryset is None else queryset
    if sees_everything(user):
        return queryset
    return queryset.filter(pack_size__product__producer__in=editable_pages(user))


def selectable_pack_sizes(user, queryset=None):
    queryset = PackSize.objects.all() if queryset is None else queryset
    if sees_everything(user):
        return queryset
    return queryset.filter(product__producer__in=editable_pages(user))


def selectable_producers(user, queryset=None):
    queryset = ProducerPage.objects.all() if queryset is None else queryset
    if sees_everything(user):
        return queryset
    return queryset.filter(pk__in=editable_pages(user))


def visible_certificates(user, queryset=None):
    queryset = Certificate.objects.all() if queryset is None else queryset
    if sees_everything(user):
        return queryset
    pages = editable_pages(user)
    return queryset.filter(Q(producer__in=pages) | Q(lot__pack_size__product__producer__in=pages))
