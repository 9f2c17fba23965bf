"""Who may see which lots and certificates in the admin.

A producer's staff (the group made by `catalogue.permissions.producer_editors`) edit their producer
page and the products below it; they see and record only the lots of those products and the
certificates of their producer or of those lots. Superusers and holders of `view_all_lots` see all.
Both rules are one `ProducerScopedPermissionPolicy` each, registered with Wagtail in
`wagtail_hooks.py`; the functions below are the same rules for code outside the admin views.
"""

from catalogue.models import PackSize, ProducerPage
from catalogue.permission_policies import ProducerScopedPermissionPolicy, limit_to_producers

from .models import Certificate, Lot

SEE_ALL = "traceability.view_all_lots"

lot_policy = ProducerScopedPermissionPolicy(
    Lot, producer_lookups=["pack_size__product__producer"], see_all_permission=SEE_ALL
)
certificate_policy = ProducerScopedPermissionPolicy(
    Certificate,
    producer_lookups=["producer", "lot__pack_size__product__producer"],
    see_all_permission=SEE_ALL,
)


def sees_everything(user) -> bool:
    return lot_policy.sees_everything(user)


def visible_lots(user, queryset=None):
    return lot_policy.scope(user, queryset)


def visible_certificates(user, queryset=None):
    return certificate_policy.scope(user, queryset)


def selectable_pack_sizes(user, queryset=None):
    """Pack sizes a producer's staff may record lots of: their own products'."""
    queryset = PackSize.objects.all() if queryset is None else queryset
    return queryset if sees_everything(user) else limit_to_producers(queryset, user, ["product__producer"])


def selectable_producers(user, queryset=None):
    queryset = ProducerPage.objects.all() if queryset is None else queryset
    return queryset if sees_everything(user) else limit_to_producers(queryset, user, ["pk"])
