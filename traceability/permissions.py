"""Who may see which lots and certificates in the admin.

A producer's staff (the group made by `catalogue.permissions.producer_editors`) edit their producer
page and the products below it; they see and record only the lots of those products and the
certificates of their producer or of those lots, and the copied-label reports on those lots.
Superusers and holders of `view_all_lots` (programme staff) see all, reports about no known lot too.
A recall or warning ("recall", `lot_policy`) is set by a producer's staff on their own lots, and by
holders of `recall_any_lot` (programme staff) on every lot, who change nothing else of a lot.
Each rule is one `ProducerScopedPermissionPolicy`, registered with Wagtail in `wagtail_hooks.py`;
the functions below are the same rules for code outside the admin views.
"""

from catalogue.models import PackSize, ProducerPage
from catalogue.permission_policies import ProducerScopedPermissionPolicy, limit_to_producers

from .models import Certificate, CertificateKind, CopyReport, Lot

SEE_ALL = "traceability.view_all_lots"
RECALL_ANY = "traceability.recall_any_lot"
RECALL = "recall"  # the policy's action: set, change or lift a lot's recall or warning


class LotPermissionPolicy(ProducerScopedPermissionPolicy):
    """The producer scope, and the "recall" action: those who change lots recall the lots they see
    (their own), holders of `recall_any_lot` any lot, though they may change none of them."""

    def recalls_any_lot(self, user) -> bool:
        return user.is_active and user.has_perm(RECALL_ANY)  # a superuser has every permission

    def user_has_permission(self, user, action):
        if action == RECALL:
            return self.recalls_any_lot(user) or super().user_has_permission(user, "change")
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)

    def recallable(self, user, queryset=None):
        """The lots of `queryset` (default: all) whose recall or warning the user may set or lift."""
        queryset = self.model._default_manager.all() if queryset is None else queryset
        if self.recalls_any_lot(user):
            return queryset
        if super().user_has_permission(user, "change"):
            return self.scope(user, queryset)
        return queryset.none()

    def instances_user_has_any_permission_for(self, user, actions):
        if RECALL in actions and self.recalls_any_lot(user):
            return self.recallable(user)
        return super().instances_user_has_any_permission_for(user, actions)

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if RECALL in actions and self.recalls_any_lot(user):
            return True
        return super().user_has_any_permission_for_instance(user, actions, instance)


lot_policy = LotPermissionPolicy(
    Lot, producer_lookups=["pack_size__product__producer"], see_all_permission=SEE_ALL
)


def may_change_certificate(user, certificate) -> bool:
    """An OCOP recognition decision recorded here before the product's "Chứng nhận OCOP" record became
    its one source is kept to be read (and deleted by a superuser), never changed or copied: no one
    records one here any more (`CertificateForm`). Asks no query, so a listing may ask it of every row."""
    return certificate.kind != CertificateKind.OCOP


class CertificatePermissionPolicy(ProducerScopedPermissionPolicy):
    """The producer scope, and no "change" of an old OCOP decision (`may_change_certificate`)."""

    def user_has_any_permission_for_instance(self, user, actions, instance):
        if not may_change_certificate(user, instance):
            actions = [action for action in actions if action != "change"]
        return bool(actions) and super().user_has_any_permission_for_instance(user, actions, instance)


certificate_policy = CertificatePermissionPolicy(
    Certificate,
    producer_lookups=["producer", "lot__pack_size__product__producer"],
    see_all_permission=SEE_ALL,
)
report_policy = ProducerScopedPermissionPolicy(
    CopyReport,
    producer_lookups=["lot__pack_size__product__producer", "pack_size__product__producer"],
    see_all_permission=SEE_ALL,
)


def sees_everything(user) -> bool:
    return lot_policy.sees_everything(user)


def visible_lots(user, queryset=None):
    return lot_policy.scope(user, queryset)


def labelled_lots(user, queryset=None):
    """The lots whose serials and label issues the user manages ("Tem theo gói", the serialised
    sheets): their own producer's, if they may change lots. Programme staff, who read every lot but
    change none, are left out: a sheet of genuine codes is what a counterfeiter needs."""
    queryset = Lot.objects.all() if queryset is None else queryset
    if not lot_policy.user_has_permission(user, "change"):
        return queryset.none()
    return visible_lots(user, queryset)


def recallable_lots(user, queryset=None):
    return lot_policy.recallable(user, queryset)


def may_recall(user, lot) -> bool:
    return lot_policy.user_has_permission_for_instance(user, RECALL, lot)


def visible_certificates(user, queryset=None):
    return certificate_policy.scope(user, queryset)


def visible_reports(user, queryset=None):
    return report_policy.scope(user, queryset)


def may_read_report(user, report) -> bool:
    """The report's own page and its photo: `view_copyreport` and the report in the user's scope."""
    return report_policy.user_has_permission_for_instance(user, "view", report)


def selectable_pack_sizes(user, queryset=None):
    """Pack sizes a producer's staff may record lots of: their own products'."""
    queryset = PackSize.objects.all() if queryset is None else queryset
    return queryset if sees_everything(user) else limit_to_producers(queryset, user, ["product__producer"])


def selectable_producers(user, queryset=None):
    queryset = ProducerPage.objects.all() if queryset is None else queryset
    return queryset if sees_everything(user) else limit_to_producers(queryset, user, ["pk"])
