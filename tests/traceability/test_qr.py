import io

import pytest
import zxingcpp
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.test import override_settings
from PIL import Image

from traceability import qr

pytestmark = pytest.mark.django_db


def decode(png_bytes):
    results = zxingcpp.read_barcodes(Image.open(io.BytesIO(png_bytes)))
    assert len(results) == 1
    return results[0]


@override_settings(SITE_URL="https://ocop.example")
def test_png_qr_code_decodes_to_the_lots_digital_link(client, lot, pack):
    response = client.get(f"/lots/{lot.pk}/qr.png")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/png"
    result = decode(response.content)
    assert result.text == f"https://ocop.example/01/{pack.gtin}/10/L2406-01"
    assert result.ec_level == "M"


def test_a_lot_code_with_reserved_characters_is_percent_encoded_in_the_qr(pack):
    from traceability.gs1 import lot_uri

    uri = lot_uri(pack.gtin, "L&1")
    assert uri.endswith("/10/L%261")
    assert decode(qr.png(uri)).text == uri


def test_qr_has_a_four_module_quiet_zone():
    uri = "http://127.0.0.1:8000/01/08930000000019/10/L1"
    code = qr.make(uri)
    image = Image.open(io.BytesIO(qr.png(uri, scale=1))).convert("1")
    width = code.symbol_size(border=0)[0]
    assert image.size == (width + 8, width + 8)
    assert code.error == "M"
    # The border rows and columns are all light.
    pixels = image.load()
    assert all(pixels[x, y] == 255 for x in range(image.size[0]) for y in range(4))
    assert all(pixels[x, y] == 255 for x in range(4) for y in range(image.size[1]))


def test_svg_qr_code_is_served_as_svg_and_matches_the_png(client, lot, pack):
    response = client.get(f"/lots/{lot.pk}/qr.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    svg = response.content.decode()
    assert "<svg" in svg
    assert "<path" in svg
    uri = f"http://127.0.0.1:8000/01/{pack.gtin}/10/L2406-01"
    assert f"<title>{uri}</title>" in svg
    assert decode(qr.png(uri)).text == uri


def test_unknown_lot_qr_is_a_404(client):
    assert client.get("/lots/999999/qr.png").status_code == 404


def test_label_sheet_is_for_staff_only(client, lot):
    response = client.get(f"/lots/{lot.pk}/labels/")
    assert response.status_code == 302
    assert "/admin/login/" in response["Location"]


def test_label_sheet_is_refused_to_a_user_who_cannot_see_lots_and_open_to_one_who_can(client, lot):
    from django.contrib.auth.models import Permission

    user = get_user_model().objects.create_user("editor", "e@example.com", "pw")
    client.force_login(user)
    assert client.get(f"/lots/{lot.pk}/labels/").status_code == 403
    # Seeing a lot takes view_lot and either view_all_lots or edit rights on its producer's page.
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_lot", "view_all_lots"]))
    client.force_login(get_user_model().objects.get(pk=user.pk))
    assert client.get(f"/lots/{lot.pk}/labels/").status_code == 200


def test_label_sheet_prints_a4_labels_with_a_qr_of_at_least_20_mm(client, lot, pack):
    admin = get_user_model().objects.create_superuser("admin", "a@example.com", "pw")
    client.force_login(admin)
    response = client.get(f"/lots/{lot.pk}/labels/?size=12")
    assert response.status_code == 200
    html = response.content.decode()
    assert "@page { size: A4 portrait" in html
    assert ".label svg.qr { width: 20mm; height: 20mm;" in html  # 12 mm asked, 20 mm given
    soup = BeautifulSoup(html, "html.parser")
    labels = soup.select(".label")
    assert len(labels) == qr.labels_per_sheet(20) == 27
    first = labels[0]
    assert first.select_one("svg.qr") is not None
    text = first.select_one(".label-text").text
    assert "Kẹo dừa sầu riêng" in text
    assert "Số lô: L2406-01" in text
    assert f"NSX: {lot.production_date:%d/%m/%Y}" in text
    assert f"HSD: {lot.expiry_date:%d/%m/%Y}" in text
    assert "★★★★★" in text
