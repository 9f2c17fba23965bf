"""One producer-scoped permission policy, registered with Wagtail for lots, certificates and orders."""

import pytest
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Permission
from wagtail.hooks import search_for_hooks
from wagtail.permissions import policy_registry

from catalogue.factories import PackSizeFactory, ProducerPageFactory, ProductPageFactory
from catalogue.permission_policies import ProducerScopedPermissionPolicy
from catalogue.permissions import grant_producer_access
from storefront.models import Order
from tests.page_tree import independent_of_the_page_tree
from traceability.factories import CertificateFactory, LotFactory
from traceability.models import Certificate, Lot

pytestmark = pytest.mark.django_db


@pytest.fixture
def own_pack(product):
    return product.pack_sizes.get()


@pytest.fixture
def other_pack(producer_index):
    other = ProducerPageFactory(parent=producer_index, title="HTX Bánh tráng Mỹ Lồng", slug="my-long")
    return PackSizeFactory(product=ProductPageFactory(parent=other, slug="banh-trang"), label="Gói 500g")


@pytest.fixture
@independent_of_the_page_tree
def producer_user(producer):
    user = get_user_model().objects.create_user("dong-a", "dong-a@example.vn", "pw")
    grant_producer_access(user, producer)
    return get_user_model().objects.get(pk=user.pk)  # fresh permission caches


@pytest.fixture
@independent_of_the_page_tree
def superuser(db):
    return get_user_model().objects.create_superuser("admin", "admin@example.vn", "pw")


def test_lots_certificates_and_orders_each_have_a_producer_scoped_policy_in_wagtails_registry():
    search_for_hooks()
    for model in (Lot, Certificate, Order):
        assert isinstance(policy_registry.get_by_type(model), ProducerScopedPermissionPolicy)


def test_a_producer_may_change_and_delete_its_own_lot_and_not_another_producers(
    producer_user, own_pack, other_pack
):
    search_for_hooks()
    policy = policy_registry.get_by_type(Lot)
    own, other = LotFactory(pack_size=own_pack), LotFactory(pack_size=other_pack)
    assert policy.user_has_permission_for_instance(producer_user, "change", own)
    assert not policy.user_has_permission_for_instance(producer_user, "change", other)
    # Deleting is refused by LotDeleteView while any of the lot's codes is out (tests/traceability).
    assert policy.user_has_permission_for_instance(producer_user, "delete", own)
    assert not policy.user_has_permission_for_instance(producer_user, "delete", other)
    assert list(policy.instances_user_has_any_permission_for(producer_user, ["view"])) == [own]


def test_a_superuser_and_a_holder_of_view_all_lots_see_every_lot(superuser, own_pack, other_pack):
    search_for_hooks()
    policy = policy_registry.get_by_type(Lot)
    lots = {LotFactory(pack_size=own_pack), LotFactory(pack_size=other_pack)}
    auditor = get_user_model().objects.create_user("thanh-tra", "tt@example.vn", "pw")
    auditor.user_permissions.add(*Permission.objects.filter(codename__in=["view_lot", "view_all_lots"]))
    auditor = get_user_model().objects.get(pk=auditor.pk)
    assert set(policy.instances_user_has_any_permission_for(superuser, ["view"])) == lots
    assert set(policy.instances_user_has_any_permission_for(auditor, ["view"])) == lots
    assert not policy.user_has_permission(auditor, "change")


def test_a_certificate_is_a_producers_through_its_producer_or_its_lot(
    producer_user, producer, own_pack, other_pack
):
    search_for_hooks()
    policy = policy_registry.get_by_type(Certificate)
    by_producer = CertificateFactory(producer=producer)
    by_lot = CertificateFactory(lot=LotFactory(pack_size=own_pack))
    CertificateFactory(producer=other_pack.product.producer)
    CertificateFactory(lot=LotFactory(pack_size=other_pack))
    assert set(policy.scope(producer_user)) == {by_producer, by_lot}


def test_an_inactive_producer_account_sees_nothing(producer_user, own_pack):
    search_for_hooks()
    LotFactory(pack_size=own_pack)
    producer_user.is_active = False
    assert not policy_registry.get_by_type(Lot).instances_user_has_any_permission_for(producer_user, ["view"])


def test_the_pack_chooser_tells_a_producer_nothing_of_another_producers_pack(
    client, product, producer_user, other_product
):
    others = other_product.pack_sizes.get()
    client.force_login(producer_user)

    assert client.get(f"/admin/pack_size_chooser/chosen/{others.pk}/").status_code == 404
    own = client.get(f"/admin/pack_size_chooser/chosen/{product.pack_sizes.get().pk}/")
    assert own.json()["result"]["title"] == "Kẹo dừa sầu riêng – Hộp 400g"
