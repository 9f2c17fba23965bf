"""A producer's staff see and record only their own lots and certificates in the admin."""

import datetime

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.contrib.auth.models import Group, Permission
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from catalogue.factories import PackSizeFactory, ProducerPageFactory, ProductPageFactory
from catalogue.permissions import grant_producer_access, producer_collection, producer_editors
from tests.page_tree import independent_of_the_page_tree
from traceability.factories import CertificateFactory, LotFactory
from traceability.models import Certificate, Lot

pytestmark = [pytest.mark.django_db, pytest.mark.reference_index]

# What traceability contributes to every producer's group (its `register_producer_permissions` hook).
TRACEABILITY_PERMISSIONS = (
    "add_lot",
    "change_lot",
    "delete_lot",
    "view_lot",
    "add_certificate",
    "change_certificate",
    "view_certificate",
    "view_copyreport",
)


@pytest.fixture
def other_pack(producer_index):
    other = ProducerPageFactory(parent=producer_index, title="HTX Bánh tráng Mỹ Lồng", slug="my-long")
    product = ProductPageFactory(parent=other, title="Bánh tráng sữa", slug="banh-trang-sua")
    return PackSizeFactory(product=product, label="Gói 500g")


@pytest.fixture
def own_lot(pack):
    return LotFactory(pack_size=pack, code="DONGA-01")


@pytest.fixture
def other_lot(other_pack):
    return LotFactory(pack_size=other_pack, code="MYLONG-01")


@pytest.fixture
@independent_of_the_page_tree
def superuser_client(client):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "pw"))
    return client


@pytest.fixture
@independent_of_the_page_tree
def auditor_client(client):
    """An inspector's account: sees every lot and certificate, edits none."""
    group = Group.objects.create(name="Thanh tra")
    group.permissions.add(
        Permission.objects.get(content_type__app_label="wagtailadmin", codename="access_admin"),
        *Permission.objects.filter(
            content_type__app_label="traceability",
            codename__in=["view_lot", "view_certificate", "view_all_lots"],
        ),
    )
    user = get_user_model().objects.create_user("thanh-tra", "tt@example.com", "pw")
    user.groups.add(group)
    client.force_login(user)
    return client


def _lot_form(pack_id, code="L2411-09"):
    produced = timezone.localdate() - datetime.timedelta(days=5)
    return {
        "pack_size": str(pack_id),
        "code": code,
        "production_date": produced.isoformat(),
        "expiry_date": (produced + datetime.timedelta(days=365)).isoformat(),
        "quantity": "800",
        "raw_material_area": "Ấp Phú Lợi, xã Phú Túc, tỉnh Vĩnh Long",
        "raw_material_grower": "",
        "harvest_date": "",
        "notice_level": "",
        "notice": "",
        "events-TOTAL_FORMS": "0",
        "events-INITIAL_FORMS": "0",
        "events-MIN_NUM_FORMS": "0",
        "events-MAX_NUM_FORMS": "1000",
    }


def _certificate_form(*, producer_id="", lot_id="", number="77/2026/ATTP"):
    return {
        "kind": "food_safety",
        "number": number,
        "issuer": "Sở Y tế tỉnh Vĩnh Long",
        "valid_from": "2025-01-10",
        "valid_until": "2028-01-10",
        "document": "",
        "producer": str(producer_id),
        "lot": str(lot_id),
    }


def _codes_listed(response):
    return {lot.code for lot in response.context["object_list"]}


# Permissions of the producer's group


def test_a_producer_group_may_add_change_and_view_lots_and_certificates_and_delete_only_lots(producer):
    """A lot made by mistake is deleted while none of its codes is out (`LotDeleteView`)."""
    group = producer_editors(producer)
    codenames = set(
        group.permissions.filter(content_type__app_label="traceability").values_list("codename", flat=True)
    )
    assert codenames == set(TRACEABILITY_PERMISSIONS)
    assert not codenames & {"delete_certificate", "view_all_lots"}


def test_a_group_made_before_the_traceability_permissions_receives_them_when_asked_for_again(producer):
    group = producer_editors(producer)
    group.permissions.remove(*group.permissions.filter(content_type__app_label="traceability"))
    others_before = set(group.permissions.exclude(content_type__app_label="traceability"))

    assert producer_editors(producer) == group
    codenames = set(
        group.permissions.filter(content_type__app_label="traceability").values_list("codename", flat=True)
    )
    assert codenames == set(TRACEABILITY_PERMISSIONS)
    assert set(group.permissions.exclude(content_type__app_label="traceability")) == others_before
    assert group.permissions.count() == len(others_before) + len(TRACEABILITY_PERMISSIONS)


# Lots


def test_the_lot_listing_shows_a_producer_its_own_lots_and_not_another_producers(
    producer_client, own_lot, other_lot
):
    response = producer_client.get("/admin/lots/")
    assert response.status_code == 200
    assert _codes_listed(response) == {"DONGA-01"}
    assert "MYLONG-01" not in response.content.decode()


@pytest.mark.search_index  # the search box also looks up product names in Wagtail's index
def test_searching_the_lot_listing_does_not_reveal_another_producers_lot(producer_client, own_lot, other_lot):
    response = producer_client.get("/admin/lots/", {"q": "MYLONG"})
    assert response.status_code == 200
    assert _codes_listed(response) == set()


def test_the_lot_listing_takes_the_same_number_of_queries_for_2_and_12_lots(producer_client, pack, other_lot):
    def listing_queries():
        with CaptureQueriesContext(connection) as queries:
            response = producer_client.get("/admin/lots/")
        assert response.status_code == 200
        return len(queries), len(response.context["object_list"])

    LotFactory.create_batch(2, pack_size=pack)
    producer_client.get("/admin/lots/")  # warm per-process caches (content types, site)
    few, listed_few = listing_queries()
    LotFactory.create_batch(10, pack_size=pack)
    many, listed_many = listing_queries()
    assert (listed_few, listed_many) == (2, 12)
    assert many == few


@pytest.mark.parametrize("view", ["edit", "inspect", "delete", "copy", "history", "usage"])
def test_another_producers_lot_cannot_be_opened_by_its_url(producer_client, other_lot, view):
    response = producer_client.get(f"/admin/lots/{view}/{other_lot.pk}/")
    assert response.status_code in (403, 404)


# No "copy": lots are not copied (a lot code is printed on its packages; see test_lots_admin.py).
@pytest.mark.parametrize("view", ["edit", "inspect", "history", "usage"])
def test_a_producer_opens_its_own_lot(producer_client, own_lot, view):
    assert producer_client.get(f"/admin/lots/{view}/{own_lot.pk}/").status_code == 200


def test_posting_an_edit_of_another_producers_lot_is_refused_and_changes_nothing(
    producer_client, other_lot, pack
):
    before = Lot.objects.values().get(pk=other_lot.pk)
    response = producer_client.post(f"/admin/lots/edit/{other_lot.pk}/", _lot_form(pack.pk, code="STOLEN"))
    assert response.status_code in (403, 404)
    assert Lot.objects.values().get(pk=other_lot.pk) == before


def test_deleting_another_producers_lot_is_refused_and_it_remains(producer_client, other_lot):
    response = producer_client.post(f"/admin/lots/delete/{other_lot.pk}/")
    assert response.status_code in (403, 404)
    assert Lot.objects.filter(pk=other_lot.pk).exists()


def test_the_add_form_offers_only_the_producers_own_pack_sizes(producer_client, pack, other_pack, product):
    second = PackSizeFactory(product=product, label="Túi 200g")
    response = producer_client.get("/admin/lots/new/")
    assert response.status_code == 200
    choices = response.context["form"].fields["pack_size"].queryset
    assert set(choices.values_list("pk", flat=True)) == {pack.pk, second.pk}
    # The field is the pack size chooser (a modal), not a <select>: its listing is what the producer sees.
    assert "/admin/pack_size_chooser/" in response.content.decode()
    listing = producer_client.get("/admin/pack_size_chooser/").json()["html"]
    assert pack.full_label in listing and second.full_label in listing
    assert other_pack.full_label not in listing


def test_posting_another_producers_pack_size_is_rejected_with_a_form_error(producer_client, other_pack):
    response = producer_client.post("/admin/lots/new/", _lot_form(other_pack.pk))
    assert response.status_code == 200
    assert "pack_size" in response.context["form"].errors
    assert not Lot.objects.filter(code="L2411-09").exists()


def test_a_producer_cannot_put_another_producers_photo_on_a_lot_event(producer_client, pack, other_pack):
    foreign = wagtail_factories.ImageFactory(
        title="ANH-BI-MAT-B", collection=producer_collection(other_pack.product.get_parent())
    )
    event = {
        "events-TOTAL_FORMS": "1",
        "events-0-kind": "harvest",
        "events-0-occurred_at": (timezone.now() - datetime.timedelta(days=7)).strftime("%Y-%m-%d %H:%M"),
        "events-0-place": "Ấp Phú Lợi",
        "events-0-actor": "HTX Dừa Phú Túc",
        "events-0-description": "",
        "events-0-image": str(foreign.pk),
        "events-0-document": "",
        "events-0-ORDER": "1",
        "events-0-id": "",
        "events-0-DELETE": "",
    }
    response = producer_client.post("/admin/lots/new/", {**_lot_form(pack.pk), **event})
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not Lot.objects.filter(code="L2411-09").exists()


def _others_document(other_pack):
    """Another producer's private test report, in its own collection (which the chooser never lists)."""
    collection = producer_collection(other_pack.product.get_parent())
    return wagtail_factories.DocumentFactory(title="PHIEU-KIEM-NGHIEM-BI-MAT", collection=collection)


def _event_row(document_id):
    return {
        "events-TOTAL_FORMS": "1",
        "events-0-kind": "quality_test",
        "events-0-occurred_at": (timezone.now() - datetime.timedelta(days=7)).strftime("%Y-%m-%d %H:%M"),
        "events-0-place": "Ấp Phú Lợi",
        "events-0-actor": "HTX Dừa Phú Túc",
        "events-0-description": "",
        "events-0-image": "",
        "events-0-document": str(document_id),
        "events-0-ORDER": "1",
        "events-0-id": "",
        "events-0-DELETE": "",
    }


def test_a_producer_cannot_attach_another_producers_document_to_a_new_lots_event(
    producer_client, pack, other_pack
):
    foreign = _others_document(other_pack)
    response = producer_client.post("/admin/lots/new/", {**_lot_form(pack.pk), **_event_row(foreign.pk)})
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not Lot.objects.filter(code="L2411-09").exists()


def test_a_producer_cannot_attach_another_producers_document_to_its_lots_event(
    producer_client, own_lot, other_pack
):
    foreign = _others_document(other_pack)
    data = {**_lot_form(own_lot.pack_size_id, code=own_lot.code), **_event_row(foreign.pk)}
    response = producer_client.post(f"/admin/lots/edit/{own_lot.pk}/", data)
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in response.content.decode()
    assert not own_lot.events.exists()


def test_a_producer_attaches_its_own_document_to_a_lot_event(producer_client, pack, producer):
    own = wagtail_factories.DocumentFactory(collection=producer_collection(producer))
    response = producer_client.post("/admin/lots/new/", {**_lot_form(pack.pk), **_event_row(own.pk)})
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Lot.objects.get(code="L2411-09").events.get().document == own


def test_a_producer_records_a_lot_of_its_own_pack_size(producer_client, pack):
    response = producer_client.post("/admin/lots/new/", _lot_form(pack.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Lot.objects.get(code="L2411-09").pack_size == pack


def test_a_superuser_sees_every_lot(superuser_client, own_lot, other_lot, other_pack):
    response = superuser_client.get("/admin/lots/")
    assert _codes_listed(response) == {"DONGA-01", "MYLONG-01"}
    assert superuser_client.get(f"/admin/lots/edit/{other_lot.pk}/").status_code == 200
    choices = superuser_client.get("/admin/lots/new/").context["form"].fields["pack_size"].queryset
    assert other_pack in choices


def test_an_account_with_view_all_lots_sees_every_lot(auditor_client, own_lot, other_lot):
    response = auditor_client.get("/admin/lots/")
    assert response.status_code == 200
    assert _codes_listed(response) == {"DONGA-01", "MYLONG-01"}
    assert auditor_client.get(f"/admin/lots/inspect/{other_lot.pk}/").status_code == 200


# Label sheets


def test_a_producer_prints_its_own_lots_labels_but_not_another_producers(producer_client, own_lot, other_lot):
    assert producer_client.get(f"/lots/{own_lot.pk}/labels/").status_code == 200
    response = producer_client.get(f"/lots/{other_lot.pk}/labels/")
    assert response.status_code == 404
    assert "MYLONG-01" not in response.content.decode()


def test_an_account_with_view_all_lots_prints_any_lots_labels(auditor_client, other_lot):
    assert auditor_client.get(f"/lots/{other_lot.pk}/labels/").status_code == 200


# Certificates


@pytest.fixture
def certificates(producer, own_lot, other_lot, other_pack):
    return {
        "producer": CertificateFactory(producer=producer, number="DONGA-ATTP"),
        "own_lot": CertificateFactory(lot=own_lot, kind="test_report", number="DONGA-KN"),
        "other_producer": CertificateFactory(producer=other_pack.product.producer, number="MYLONG-ATTP"),
        "other_lot": CertificateFactory(lot=other_lot, kind="test_report", number="MYLONG-KN"),
    }


def _numbers_listed(response):
    return {certificate.number for certificate in response.context["object_list"]}


def test_the_certificate_listing_shows_a_producer_those_of_its_producer_and_its_lots(
    producer_client, certificates
):
    response = producer_client.get("/admin/certificates/")
    assert response.status_code == 200
    assert _numbers_listed(response) == {"DONGA-ATTP", "DONGA-KN"}
    assert "MYLONG" not in response.content.decode()


def test_superusers_and_view_all_lots_accounts_see_every_certificate(
    superuser_client, auditor_client, certificates
):
    everything = {"DONGA-ATTP", "DONGA-KN", "MYLONG-ATTP", "MYLONG-KN"}
    assert _numbers_listed(superuser_client.get("/admin/certificates/")) == everything
    assert _numbers_listed(auditor_client.get("/admin/certificates/")) == everything


@pytest.mark.parametrize("key", ["other_producer", "other_lot"])
def test_another_producers_certificate_cannot_be_edited_by_its_url(producer_client, certificates, key):
    certificate = certificates[key]
    before = Certificate.objects.values().get(pk=certificate.pk)
    assert producer_client.get(f"/admin/certificates/edit/{certificate.pk}/").status_code in (403, 404)
    assert producer_client.get(f"/admin/certificates/inspect/{certificate.pk}/").status_code in (403, 404)
    response = producer_client.post(
        f"/admin/certificates/edit/{certificate.pk}/",
        _certificate_form(
            producer_id=certificate.producer_id or "", lot_id=certificate.lot_id or "", number="CHANGED"
        ),
    )
    assert response.status_code in (403, 404)
    assert Certificate.objects.values().get(pk=certificate.pk) == before


def test_the_certificate_form_offers_only_the_producers_own_producer_and_lots(
    producer_client, producer, certificates, own_lot
):
    response = producer_client.get("/admin/certificates/new/")
    assert response.status_code == 200
    fields = response.context["form"].fields
    assert list(fields["producer"].queryset.values_list("pk", flat=True)) == [producer.pk]
    assert list(fields["lot"].queryset.values_list("pk", flat=True)) == [own_lot.pk]


def test_the_certificate_form_lists_the_users_producers_in_vietnamese_order(
    producer_client, producer, producer_index
):
    user = get_user_model().objects.get(username="dong-a")
    for title, slug in (("Công ty TNHH Vĩnh Tiến", "vinh-tien"), ("Công ty cổ phần Sa Sâm Việt", "sa-sam")):
        grant_producer_access(user, ProducerPageFactory(parent=producer_index, title=title, slug=slug))
    soup = BeautifulSoup(producer_client.get("/admin/certificates/new/").content, "html.parser")
    offered = [option.text for option in soup.select('select[name="producer"] option') if option["value"]]
    assert offered == ["Công ty cổ phần Sa Sâm Việt", "Công ty TNHH Đông Á", "Công ty TNHH Vĩnh Tiến"]


@pytest.mark.parametrize("holder", ["producer", "lot"])
def test_a_certificate_for_another_producer_or_its_lot_is_rejected(
    producer_client, certificates, other_lot, holder
):
    count = Certificate.objects.count()
    data = (
        _certificate_form(producer_id=other_lot.pack_size.product.producer_id)
        if holder == "producer"
        else _certificate_form(lot_id=other_lot.pk)
    )
    response = producer_client.post("/admin/certificates/new/", data)
    assert response.status_code == 200
    assert holder in response.context["form"].errors
    assert Certificate.objects.count() == count


@pytest.mark.parametrize("view", ["new", "edit", "copy"])
def test_a_producer_cannot_attach_another_producers_document_to_its_certificate(
    producer_client, producer, certificates, other_pack, view
):
    foreign = _others_document(other_pack)
    own = certificates["producer"]
    path = "/admin/certificates/new/" if view == "new" else f"/admin/certificates/{view}/{own.pk}/"
    before = set(Certificate.objects.values_list("pk", "document_id"))

    response = producer_client.post(
        path, {**_certificate_form(producer_id=producer.pk), "document": foreign.pk}
    )

    assert response.status_code == 200
    assert "document" in response.context["form"].errors
    assert set(Certificate.objects.values_list("pk", "document_id")) == before


def test_a_producer_attaches_its_own_document_to_its_certificate(producer_client, producer):
    own = wagtail_factories.DocumentFactory(collection=producer_collection(producer))
    data = {**_certificate_form(producer_id=producer.pk), "document": own.pk}
    assert producer_client.post("/admin/certificates/new/", data).status_code == 302
    assert Certificate.objects.get(number="77/2026/ATTP").document == own


def test_a_producer_adds_a_certificate_to_its_own_lot(producer_client, own_lot):
    response = producer_client.post("/admin/certificates/new/", _certificate_form(lot_id=own_lot.pk))
    assert response.status_code == 302, response.content.decode()[:2000]
    assert Certificate.objects.get(number="77/2026/ATTP").lot == own_lot


def test_the_certificate_listing_takes_the_same_number_of_queries_for_2_and_12_certificates(
    producer_client, producer, pack, other_lot
):
    def listing_queries():
        with CaptureQueriesContext(connection) as queries:
            response = producer_client.get("/admin/certificates/")
        assert response.status_code == 200
        return len(queries), len(response.context["object_list"])

    CertificateFactory(producer=producer)
    CertificateFactory(lot=LotFactory(pack_size=pack))
    producer_client.get("/admin/certificates/")  # warm per-process caches (content types, site)
    few, listed_few = listing_queries()
    for _ in range(5):
        CertificateFactory(producer=producer)
        CertificateFactory(lot=LotFactory(pack_size=pack))
    many, listed_many = listing_queries()
    assert (listed_few, listed_many) == (2, 12)
    assert many == few
