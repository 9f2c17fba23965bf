"""Producer-scoped permissions: a producer's staff act only on rows that belong to their own producer.

Lots, certificates and orders are plain models whose rows each lead to a producer page (a lot via its
pack size's product, an order via its lines). One Wagtail permission policy, parametrised by those
lookup paths and by the permission that lifts the scope, decides for all of them:

- superusers and holders of the "see all" permission (`traceability.view_all_lots`,
  `storefront.view_all_orders`) see every row;
- everyone else sees the rows whose producer page they may edit, as Wagtail's own page permission
  policy says (the group made by `catalogue.permissions.producer_editors` edits its producer page).

The pages a user may edit are a subquery, never a list, so a listing stays at a fixed number of
queries however many rows it has. The model-level actions (add, change, view, delete) stay Django's
permissions, as in `ModelPermissionPolicy`; register an instance with
`wagtail.permissions.register_permission_policy(Model, policy)` and every admin view of the model
consults it (`catalogue.admin_views` holds the scoped views).
"""

from collections.abc import Sequence

from django.db.models import Q
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permission_policies.pages import PagePermissionPolicy


def editable_producer_pages(user):
    """Ids of the pages the user may edit (their producer page and its products), as a subquery."""
    return PagePermissionPolicy().instances_user_has_permission_for(user, "change").values("pk")


def limit_to_producers(queryset, user, producer_lookups: Sequence[str]):
    """The rows of `queryset` that lead, by any of `producer_lookups`, to a page the user may edit.

    A lookup through a to-many relation (an order's lines) would repeat rows, so the condition then
    selects primary keys in a subquery instead of joining.
    """
    pages = editable_producer_pages(user)
    condition = Q()
    for lookup in producer_lookups:
        condition |= Q(**{f"{lookup}__in": pages})
    model = queryset.model
    if any(_spans_many(model, lookup) for lookup in producer_lookups):
        return queryset.filter(pk__in=model._default_manager.filter(condition).values("pk"))
    return queryset.filter(condition)


def _spans_many(model, lookup: str) -> bool:
    for name in lookup.split("__"):
        if name == "pk":
            return False
        field = model._meta.get_field(name)
        if field.one_to_many or field.many_to_many:
            return True
        model = field.related_model
    return False


class ProducerScopedPermissionPolicy(ModelPermissionPolicy):
    """`ModelPermissionPolicy` whose instances are limited to the user's own producer(s).

    `producer_lookups`: paths from the model to its producer page ("pack_size__product__producer");
    a row is the user's when any path leads to a page they may edit. `see_all_permission`: the
    permission ("app_label.codename") that shows every row.
    """

    def __init__(self, model, *, producer_lookups: Sequence[str], see_all_permission: str, auth_model=None):
        super().__init__(model, auth_model=auth_model)
        self.producer_lookups = tuple(producer_lookups)
        self.see_all_permission = see_all_permission

    def sees_everything(self, user) -> bool:
        return user.is_active and (user.is_superuser or user.has_perm(self.see_all_permission))

    def scope(self, user, queryset=None):
        """The rows of `queryset` (default: all) this user may see at all."""
        queryset = self.model._default_manager.all() if queryset is None else queryset
        if self.sees_everything(user):
            return queryset
        return limit_to_producers(queryset, user, self.producer_lookups)

    def instances_user_has_any_permission_for(self, user, actions):
        if not self.user_has_any_permission(user, actions):
            return self.model._default_manager.none()
        return self.scope(user)

    def user_has_permission_for_instance(self, user, action, instance):
        return self.user_has_any_permission_for_instance(user, [action], instance)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not self.user_has_any_permission(user, actions):
            return False
        return self.sees_everything(user) or self.scope(user).filter(pk=instance.pk).exists()
