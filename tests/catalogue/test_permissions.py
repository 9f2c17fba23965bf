"""Apps above the catalogue give a producer's group their model permissions through a Wagtail hook."""

import pytest
from wagtail import hooks

from catalogue.permissions import PRODUCER_PERMISSIONS_HOOK, producer_editors

pytestmark = pytest.mark.django_db


def _model_permissions(group):
    return {
        f"{app_label}.{codename}"
        for app_label, codename in group.permissions.exclude(
            content_type__app_label="wagtailadmin"
        ).values_list("content_type__app_label", "codename")
    }


def test_a_producer_group_gets_the_order_and_traceability_permissions_those_apps_register(producer):
    assert _model_permissions(producer_editors(producer)) == {
        "storefront.view_order",
        "storefront.change_order",
        "storefront.view_recallnotice",  # who was told of its own lots' recalls (storefront/wagtail_hooks.py)
        "traceability.add_lot",
        "traceability.change_lot",
        "traceability.delete_lot",  # a lot made by mistake, while none of its codes is out (LotDeleteView)
        "traceability.view_lot",
        "traceability.add_certificate",
        "traceability.change_certificate",
        "traceability.view_certificate",
        "traceability.view_copyreport",  # buyers' reports on its own lots (traceability/permissions.py)
    }


def test_a_permission_another_app_registers_later_reaches_existing_groups_when_asked_again(producer):
    group = producer_editors(producer)
    assert "wagtaildocs.change_document" not in _model_permissions(group)

    def more():
        return ["wagtaildocs.change_document"]

    with hooks.register_temporarily(PRODUCER_PERMISSIONS_HOOK, more):
        assert producer_editors(producer) == group
    assert "wagtaildocs.change_document" in _model_permissions(group)
    assert "storefront.view_order" in _model_permissions(group)
