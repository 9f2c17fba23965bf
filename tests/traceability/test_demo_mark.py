"""A producer's lot and certificate forms offer no "Dữ liệu minh hoạ" box (only superusers mark demo
data), and saving them keeps the mark."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model

from tests.admin_forms import form_data
from traceability.models import Certificate, Lot

pytestmark = pytest.mark.django_db


def demo_boxes(html) -> list[str]:
    soup = BeautifulSoup(html, "html.parser")
    return [field["name"] for field in soup.select("input[name$=is_demo]")]


def test_a_producer_edits_a_demo_lot_and_certificate_without_the_demo_box_and_keeps_the_mark(
    producer_client, lot
):
    certificate = lot.certificates.get()
    Lot.objects.filter(pk=lot.pk).update(is_demo=True)
    Certificate.objects.filter(pk=certificate.pk).update(is_demo=True)
    for url in (f"/admin/lots/edit/{lot.pk}/", f"/admin/certificates/edit/{certificate.pk}/"):
        html = producer_client.get(url).content.decode()
        assert demo_boxes(html) == [], url
        assert "Dữ liệu minh hoạ" not in html, url

        response = producer_client.post(url, form_data(html))

        assert response.status_code == 302, url
    assert Lot.objects.get(pk=lot.pk).is_demo
    assert Certificate.objects.get(pk=certificate.pk).is_demo


def test_a_superuser_is_offered_the_demo_box_on_lots_and_certificates(client, lot):
    client.force_login(get_user_model().objects.create_superuser("root", "root@ocop.example", "x"))
    assert demo_boxes(client.get("/admin/lots/new/").content.decode()) == ["is_demo"]
    assert demo_boxes(client.get("/admin/certificates/new/").content.decode()) == ["is_demo"]
