"""A product taken off sale (often because one of its lots is recalled): its lots and packages still
answer scanners, with the recall, but offer nothing to buy."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.utils import timezone

from traceability.models import CopyReport, Lot

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
RECALL = {
    "notice_level": "recall",
    "notice": "Phát hiện dị vật trong một số gói",
    "notice_action": "Ngừng sử dụng, mang tới nơi mua để được hoàn tiền",
}


def soup_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


@pytest.fixture
def recalled(lot):
    Lot.objects.filter(pk=lot.pk).update(**RECALL, notice_from=timezone.now() - datetime.timedelta(hours=1))
    return lot


def assert_offers_nothing_to_buy(soup, product):
    assert soup.find("a", string="Mua sản phẩm này") is None
    assert not soup.select(f'a[href="{product.url}"], a[href="{product.get_full_url()}"]')


def test_a_recalled_lot_of_an_unpublished_product_still_shows_its_recall_and_record(
    client, recalled, lot_url, product
):
    product.unpublish()
    response = client.get(lot_url, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200
    soup = soup_of(response)
    banner = soup.select_one(".trace-notice-recall")
    assert banner.strong.text == "Lô này đang bị thu hồi"
    assert "Ngừng sử dụng, mang tới nơi mua để được hoàn tiền" in banner.text
    assert soup.h1.text == "Kẹo dừa sầu riêng"
    assert [h.text for h in soup.select(".lot-timeline h3")] == ["Thu hoạch nguyên liệu", "Chế biến"]
    assert soup.select_one(".trace-not-on-sale").text == "Sản phẩm này hiện không được bán trên cửa hàng."
    assert_offers_nothing_to_buy(soup, product)


def test_a_genuine_package_of_an_unpublished_product_is_checked_as_genuine(
    client, recalled, serial_url, product
):
    product.unpublish()
    response = client.get(serial_url, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.select_one(".trace-check h2").text == "Sản phẩm chính hãng – lần kiểm tra đầu tiên"
    assert soup.select_one(".trace-notice-recall").strong.text == "Lô này đang bị thu hồi"
    assert_offers_nothing_to_buy(soup, product)


def test_an_unknown_package_of_an_unpublished_product_warns_and_can_be_reported(
    client, recalled, pack, product, django_capture_on_commit_callbacks
):
    product.unpublish()
    response = client.get(f"/01/{pack.gtin}/10/{recalled.code}/21/NOTOURS1234", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200
    soup = soup_of(response)
    warning = soup.select_one(".trace-notice-recall:has(h2.trace-check-title)")
    assert warning.h2.text == "Mã này không phải của một gói hàng chính hãng"
    assert "Hãy mua hàng chính hãng trực tiếp từ nhà sản xuất bên dưới." in warning.text
    assert_offers_nothing_to_buy(soup, product)
    form = client.get(warning.find("a", string="Báo tem nghi sao chép")["href"])
    assert form.status_code == 200
    assert "Kẹo dừa sầu riêng" in form.content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        sent = client.post(
            "/truy-xuat/bao-tem-sao-chep/",
            {"gtin": pack.gtin, "lot": recalled.code, "serial": "NOTOURS1234", "details": "Tem lạ"},
        )
    assert sent.status_code == 200
    assert CopyReport.objects.get().lot == recalled
    back = soup_of(sent).find("a", string="Quay lại trang truy xuất của lô")["href"]
    assert client.get(back, HTTP_ACCEPT=BROWSER).status_code == 200


def test_json_ld_and_linkset_of_an_unpublished_products_lot_still_answer_without_the_shop(
    client, recalled, lot_url, serial_url, product
):
    product.unpublish()
    data = json.loads(client.get(lot_url, HTTP_ACCEPT="application/ld+json").content)
    assert data["productID"] == "L2406-01"
    assert data["isVariantOf"] == {"@type": "ProductGroup", "name": "Kẹo dừa sầu riêng"}
    assert "sameAs" not in data
    package = client.get(serial_url, HTTP_ACCEPT="application/ld+json")
    assert package.status_code == 200
    linkset = json.loads(client.get(lot_url, HTTP_ACCEPT="application/linkset+json").content)["linkset"]
    assert [entry["anchor"].rsplit("/", 2)[-2] for entry in linkset] == ["10"]  # the lot's, no product's
    assert client.get(lot_url + "?linkType=gs1:pip", HTTP_ACCEPT=BROWSER).status_code == 404


def test_unpublishing_reaches_the_lot_and_package_pages_cached_while_on_sale(
    client, page_cache, lot, lot_url, serial_url, sheet, product, django_capture_on_commit_callbacks
):
    other_serial_url = sheet.serials.order_by("pk")[1].get_absolute_url()
    assert soup_of(client.get(lot_url, HTTP_ACCEPT=BROWSER)).find("a", string="Mua sản phẩm này")
    client.get(serial_url, HTTP_ACCEPT=BROWSER)  # what surrounds a package's check is kept too
    with django_capture_on_commit_callbacks(execute=True):
        product.unpublish()
    response = client.get(lot_url, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200
    assert response.get("X-Page-Cache") == "miss"
    assert_offers_nothing_to_buy(soup_of(response), product)
    package = client.get(other_serial_url, HTTP_ACCEPT=BROWSER)
    assert package.status_code == 200
    assert_offers_nothing_to_buy(soup_of(package), product)


def test_the_gtin_of_an_unpublished_product_names_it_and_its_recall_instead_of_calling_it_unknown(
    client, recalled, pack, product
):
    product.unpublish()
    response = client.get(f"/01/{pack.gtin}", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 404
    soup = soup_of(response)
    assert soup.h1.text == "Sản phẩm hiện không bán"
    assert soup.select_one(".lead").text == (
        f"Kẹo dừa sầu riêng (GTIN {pack.gtin13}) hiện không được bán trên cửa hàng."
    )
    notice = soup.select_one(".trace-notice-recall")
    assert notice.strong.text == "Lô L2406-01 đang bị thu hồi"
    assert notice.find("a", string="Xem trang truy xuất của lô")["href"] == f"/01/{pack.gtin}/10/L2406-01"
    unknown = soup_of(client.get(f"/01/{pack.gtin}/21/NOTOURS1234", HTTP_ACCEPT=BROWSER))
    assert "Chúng tôi không phát hành mã gói NOTOURS1234" in unknown.select_one(".lead").text
    report_url = unknown.find("a", string="Báo tem nghi sao chép")["href"]
    assert "Kẹo dừa sầu riêng" in client.get(report_url).content.decode()
    as_json = client.get(f"/01/{pack.gtin}", HTTP_ACCEPT="application/ld+json")
    assert as_json.status_code == 404
    assert json.loads(as_json.content)["error"] == "Sản phẩm hiện không bán"
