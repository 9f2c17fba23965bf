"""The lots and certificates screens as a producer's staff use them: copying, editing a lot once its
labels are printed, and what the lot editor may change."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from catalogue.factories import PackSizeFactory, ProducerPageFactory, ProductPageFactory
from tests.page_tree import independent_of_the_page_tree
from traceability.factories import CertificateFactory, LotFactory
from traceability.models import Certificate, CopyReport, Lot

pytestmark = [pytest.mark.django_db, pytest.mark.reference_index]


@pytest.fixture
def other_lot(producer_index):
    other = ProducerPageFactory(parent=producer_index, title="HTX Vĩnh Tiến", slug="vinh-tien")
    product = ProductPageFactory(parent=other, title="Kẹo dừa sáp", slug="keo-dua-sap")
    return LotFactory(pack_size=PackSizeFactory(product=product, label="Hộp 300g"), code="VT-01")


@pytest.fixture
def own_certificate(producer):
    return CertificateFactory(producer=producer, number="123/2024/ATTP-CNĐK")


@pytest.fixture
@independent_of_the_page_tree
def superuser_client(client):
    client.force_login(get_user_model().objects.create_superuser("admin", "admin@example.com", "pw"))
    return client


def certificate_copy_form(**changes):
    return {
        "kind": "food_safety",
        "number": "GIA-MAO-999/QĐ",
        "issuer": "Sở Y tế tỉnh Vĩnh Long",
        "valid_from": "2025-01-10",
        "valid_until": "2028-01-10",
        "document": "",
        "producer": "",
        "lot": "",
        **changes,
    }


def option_values(response, name):
    select = BeautifulSoup(response.content, "html.parser").select_one(f"select[name={name}]")
    return {option["value"] for option in select.select("option") if option["value"]}


# Copying


def test_copying_a_certificate_onto_another_producers_lot_is_refused_and_changes_nothing(
    producer_client, own_certificate, other_lot
):
    before = list(Certificate.objects.values().order_by("pk"))
    response = producer_client.post(
        f"/admin/certificates/copy/{own_certificate.pk}/", certificate_copy_form(lot=other_lot.pk)
    )
    assert response.status_code == 200
    assert "Hãy chọn một lựa chọn hợp lệ" in str(response.context["form"].errors["lot"])
    assert list(Certificate.objects.values().order_by("pk")) == before
    assert "GIA-MAO-999" not in producer_client.get(other_lot.get_absolute_url()).content.decode()


def test_saving_a_certificate_copy_adds_a_certificate_and_keeps_the_original(
    producer_client, own_certificate, lot
):
    original = Certificate.objects.values().get(pk=own_certificate.pk)
    response = producer_client.post(
        f"/admin/certificates/copy/{own_certificate.pk}/", certificate_copy_form(lot=lot.pk)
    )
    assert response.status_code == 302
    assert Certificate.objects.values().get(pk=own_certificate.pk) == original
    copy = Certificate.objects.get(number="GIA-MAO-999/QĐ")
    assert copy.pk != own_certificate.pk and (copy.lot, copy.producer) == (lot, None)


def test_the_certificate_copy_page_lists_only_the_producers_own_lots(
    producer_client, own_certificate, lot, other_lot
):
    response = producer_client.get(f"/admin/certificates/copy/{own_certificate.pk}/")
    assert response.status_code == 200
    assert option_values(response, "lot") == {str(lot.pk)}


def test_lots_cannot_be_copied_and_posting_to_a_copy_url_changes_nothing(producer_client, lot):
    before = Lot.objects.values().get(pk=lot.pk)
    assert producer_client.get(f"/admin/lots/copy/{lot.pk}/").status_code == 404
    response = producer_client.post(f"/admin/lots/copy/{lot.pk}/", {"code": "LCOPYTEST"})
    assert response.status_code == 404
    assert Lot.objects.values().get(pk=lot.pk) == before
    assert f"/admin/lots/copy/{lot.pk}/" not in producer_client.get("/admin/lots/").content.decode()


def test_a_buyers_copied_label_report_cannot_be_copied(superuser_client, lot):
    report = CopyReport.objects.create(lot=lot, details="Tem mờ, mã in lệch")
    response = superuser_client.post(f"/admin/copyreports/copy/{report.pk}/", {"details": "Đã sửa"})
    assert response.status_code == 404
    report.refresh_from_db()
    assert report.details == "Tem mờ, mã in lệch"
