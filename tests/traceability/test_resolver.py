"""The resolver as a shopper's phone and a GS1 client see it."""

import datetime
import json

import pytest
from bs4 import BeautifulSoup
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections, connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from traceability.factories import CertificateFactory, LotEventFactory, LotFactory
from traceability.models import Lot

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def soup_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def test_lot_page_tells_the_lots_story(client, lot, lot_url, product, producer):
    response = client.get(lot_url, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200
    soup = soup_of(response)
    assert soup.h1.text == "Kẹo dừa sầu riêng"
    facts = dict(
        zip(
            [dt.text for dt in soup.select(".trace-facts dt")],
            [dd.text for dd in soup.select(".trace-facts dd")],
            strict=True,
        )
    )
    assert facts["Số lô"] == "L2406-01"
    assert facts["NSX"] == lot.production_date.strftime("%d/%m/%Y")
    assert facts["HSD"] == lot.expiry_date.strftime("%d/%m/%Y")
    assert "OCOP 5 sao" in soup.select_one(".badge").text
    assert [h.text for h in soup.select(".lot-timeline h3")] == ["Thu hoạch nguyên liệu", "Chế biến"]
    assert soup.find("a", string="Công ty TNHH Đông Á")["href"] == producer.url
    assert soup.find("a", string="Mua sản phẩm này")["href"] == product.url  # relative: works on any host
    certificates = [" ".join(li.text.split()) for li in soup.select(".certificate-item")]
    assert len(certificates) == 3  # the product's OCOP decision, the producer's and the lot's certificate
    assert certificates[0].startswith(f"Quyết định công nhận OCOP số {product.certification.decision_number}")
    assert "Trang của lô đã được xem 1 lần kể từ" in soup.select_one(".trace-scans").text
    assert "1.200 gói" in soup.select_one(".trace-scans").text


def test_unknown_lot_of_a_known_product_walks_up_to_the_product_with_a_warning(client, lot, pack, product):
    response = client.get(f"/01/{pack.gtin}/10/NOPE?17=261231", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 307
    assert response["Location"] == product.get_full_url() + "?17=261231&unknown_lot=NOPE"
    assert 'rel="linkset"' in response["Link"]
    page = client.get(response["Location"], HTTP_ACCEPT=BROWSER)
    notice = soup_of(page).select_one(".trace-notice-warning")
    assert notice["role"] == "alert"
    assert notice.strong.text == "Chúng tôi không có hồ sơ của lô NOPE"
    assert Lot.objects.get(pk=lot.pk).scan_count == 0


def test_the_product_page_never_echoes_a_junk_unknown_lot(client, product):
    page = client.get(product.url + "?unknown_lot=%3Cscript%3E", HTTP_ACCEPT=BROWSER)
    assert "<script>" not in page.content.decode()  # a plausible lot code, escaped
    page = client.get(product.url + "?unknown_lot=m%E1%BB%99t+l%C3%B4", HTTP_ACCEPT=BROWSER)
    assert soup_of(page).select_one(".trace-notice-warning") is None  # not a lot code: not repeated


def test_unknown_gtin_gets_a_404_page_that_says_so(client, lot):
    response = client.get("/01/8930000000019/10/L2406-01", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 404
    assert "Không có sản phẩm nào mang mã GTIN 08930000000019" in response.content.decode()
    assert client.get("/01/8930000000019").status_code == 404


@pytest.mark.parametrize(
    "path",
    [
        "/01/8930000000010/10/L1",  # wrong check digit
        "/01/89300000A0019/10/L1",
        "/01/893000000001900",
        "/01/8930000000019/10",
        "/01",
        "/01/8930000000019/10/L1?17=271399",
        "/01/8930000000019/10/a%0Ab",  # a newline inside the lot
        "/01/8930000000019/10/L2406-01%0A",  # … or after it
        "/01/8930000000019/10/L2406-01/21/AB%0ACD",
        "/01/8930000000019%0A",
    ],
)
def test_syntax_errors_get_a_readable_400_page_never_a_200(client, lot, path):
    response = client.get(path, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 400
    assert soup_of(response).h1.text == "Mã truy xuất không hợp lệ"
    assert response["Access-Control-Allow-Origin"] == "*"
    assert Lot.objects.get(pk=lot.pk).scan_count == 0


@pytest.mark.parametrize(
    ("path", "said"),
    [
        ("/01/8930000000019/10/" + "A" * 21, "Số lô (10) dài 21 ký tự: nhiều nhất là 20."),
        ("/01/8930000000019/10/L%C3%B4-1", "Số lô (10) “Lô-1” có ký tự không dùng được trong mã GS1"),
        ("/01/8930000000019/10/L1/21/" + "B" * 21, "Số sê-ri (21) dài 21 ký tự: nhiều nhất là 20."),
        ("/01/8930000000019/10/L1?17=999999", "Ngày (17, hạn sử dụng) “999999” không có thật"),
        ("/01/8930000000019/10/L1/22/ABC", "Phần /22/ không thể đứng ở chỗ này"),
        ("/01/8930000000019/10/L1/99/x", "Phần /99/ không thể đứng ở chỗ này"),
        ("/01/8930000000019/10/L1/21", "Đường dẫn thiếu giá trị"),
        ("/01/8930000000019/10/L1?3103=abc", "Phần (3103) “abc” không đúng định dạng GS1"),
    ],
)
def test_a_malformed_code_is_told_what_is_wrong_with_it(client, lot, path, said):
    response = client.get(path, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 400
    assert said in soup_of(response).select_one(".lead").text
    (hint,) = [p.text for p in soup_of(response).find_all("p") if "/01/{mã GTIN" in p.text]
    assert ("/21/{số sê-ri}" in hint) == ("/21" in path)


@pytest.mark.parametrize("path", ["/01/99999999999999", "/01/8930000000019/22/ABC"])
def test_a_bad_codes_page_names_its_two_search_forms_apart_for_screen_readers(client, lot, path):
    # The header's search and the page's own: a screen reader lists each landmark by its name.
    response = client.get(path, HTTP_ACCEPT=BROWSER)
    assert response.status_code in (400, 404)
    names = [form.get("aria-label") for form in soup_of(response).select('[role="search"]')]
    assert names == ["Tìm sản phẩm", "Tìm sản phẩm theo tên, chủ thể hoặc địa phương"]


def test_json_clients_get_errors_as_json(client, lot):
    for path in ("/01/8930000000010", "/01/8930000000019/10/a%0Ab"):
        response = client.get(path, HTTP_ACCEPT="application/json")
        assert response.status_code == 400
        assert json.loads(response.content)["error"] == "Mã truy xuất không hợp lệ"
        assert response["Access-Control-Allow-Origin"] == "*"


@pytest.mark.parametrize(
    ("qualified", "named"),
    [
        ("/22/VN-HOP/10/L2406-01", "22"),  # a consumer product variant
        ("/22/VN-HOP", "22"),
        ("/235/TPX0001", "235"),  # a third party's serial extension
        ("/10/L2406-01/21/ABCD1234/235/TPX0001", "235"),
    ],
)
def test_a_qualifier_the_resolver_does_not_list_gets_a_readable_404_not_the_lot(
    client, lot, pack, product, qualified, named
):
    response = client.get(f"/01/{pack.gtin}{qualified}", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 404
    soup = soup_of(response)
    assert soup.h1.text == "Không tìm thấy mã này"
    assert soup.select_one(".lead").text == (
        f"Mã bạn quét có phần ({named}) mà tem truy xuất của cửa hàng không dùng: tem của chúng tôi chỉ ghi "
        "mã GTIN, số lô (10) và số sê-ri (21). Hãy kiểm tra lại tem trên bao bì."
    )
    assert soup.find("a", string="Xem sản phẩm Kẹo dừa sầu riêng")["href"] == product.url
    assert response["Access-Control-Allow-Origin"] == "*"
    assert Lot.objects.get(pk=lot.pk).scan_count == 0
    as_json = client.get(f"/01/{pack.gtin}{qualified}", HTTP_ACCEPT="application/ld+json")
    assert as_json.status_code == 404
    assert json.loads(as_json.content)["error"] == "Không tìm thấy mã này"
    description = json.loads(client.get("/.well-known/gs1resolver").content)
    assert named not in description["supportedQualifiers"]["01"]


def test_trailing_slash_and_gtin13_find_the_same_lot(client, lot, pack):
    for path in (f"/01/{pack.gtin}/10/L2406-01/", f"/01/{pack.gtin[1:]}/10/L2406-01"):
        response = client.get(path)
        assert response.status_code == 200
        assert soup_of(response).h1.text == "Kẹo dừa sầu riêng"


def test_query_attributes_are_tolerated_and_a_mismatched_expiry_is_flagged(client, lot, lot_url):
    matching = lot.expiry_date.strftime("%y%m%d")
    response = client.get(f"{lot_url}?17={matching}&utm_source=tem")
    assert response.status_code == 200
    assert "không khớp" not in response.content.decode()
    response = client.get(f"{lot_url}?17=991231")
    assert response.status_code == 200
    assert "Hạn sử dụng trong mã QR không khớp với hồ sơ của lô" in response.content.decode()


def test_gtin_alone_redirects_to_the_product_page_passing_the_query_on(client, product, pack):
    response = client.get(f"/01/{pack.gtin[1:]}?17=270101")
    assert response.status_code == 307
    assert response["Location"] == product.get_full_url() + "?17=270101"
    assert response["Vary"] == "Accept"
    assert 'rel="linkset"' in response["Link"]


def test_head_and_options_answer_with_cors(client, lot, lot_url):
    head = client.head(lot_url)
    assert head.status_code == 200
    assert head["Access-Control-Allow-Origin"] == "*"
    assert head.content == b""
    options = client.options(lot_url)
    assert options.status_code == 204
    assert options["Allow"] == "GET, HEAD, OPTIONS"
    assert options["Access-Control-Allow-Methods"] == "GET, HEAD, OPTIONS"
    assert options["Access-Control-Allow-Origin"] == "*"
    assert client.post(lot_url).status_code == 405
    assert Lot.objects.get(pk=lot.pk).scan_count == 0


def over_wsgi(method, path, **headers):
    """What a WSGI server such as gunicorn receives from the shop: status, headers and the body's bytes
    (the test client drops a HEAD's body itself, as Django's development server does)."""
    environ = RequestFactory().generic(method, path, **headers).environ
    started = {}

    def start_response(status, response_headers, exc_info=None):
        started.update(status=status, headers=dict(response_headers))

    # As the test client does: the test's database connection stays open around the request.
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    try:
        result = WSGIHandler()(environ, start_response)
        body = b"".join(result)
        result.close()
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)
    return started["status"], started["headers"], body


SAME_HEADERS = ("Content-Type", "Content-Length", "Link", "Vary", "Access-Control-Allow-Origin")


@pytest.mark.parametrize(
    ("path", "status"),
    [
        ("/01/8930000000019/21/ABC/10/L2406-01", "400 Bad Request"),  # qualifiers out of GS1's order
        ("/01/8930000000019/10/a%0Ab", "400 Bad Request"),  # a newline in the lot
        ("/01/8930000000019/10/L2406-01", "404 Not Found"),  # an unknown GTIN
        ("lot", "200 OK"),  # the lot's page
    ],
)
def test_a_head_request_gets_the_gets_status_and_headers_and_no_body(lot, lot_url, path, status):
    """A server must send no body after HEAD (RFC 9110); gunicorn drops it and logs a warning each time."""
    path = lot_url if path == "lot" else path
    get_status, get_headers, get_body = over_wsgi("GET", path, HTTP_ACCEPT=BROWSER)
    head_status, head_headers, head_body = over_wsgi("HEAD", path, HTTP_ACCEPT=BROWSER)
    assert get_body
    assert head_body == b""
    assert head_status == get_status == status
    assert {name: head_headers.get(name) for name in SAME_HEADERS} == {
        name: get_headers.get(name) for name in SAME_HEADERS
    }
    assert head_headers["Content-Length"] == str(len(get_body))


def test_every_answer_announces_content_negotiation(client, lot, lot_url):
    for accept in (BROWSER, "application/ld+json", "application/linkset+json"):
        assert "Accept" in client.get(lot_url, HTTP_ACCEPT=accept)["Vary"]


def test_json_client_gets_the_lot_as_json_ld_with_the_digital_passport(
    client, lot, lot_url, pack, producer, product
):
    response = client.get(lot_url, HTTP_ACCEPT="application/ld+json")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/ld+json; charset=utf-8"
    data = json.loads(response.content)
    assert data["@context"] == "https://schema.org"
    assert "Product" in data["@type"]
    assert data["name"] == "Kẹo dừa sầu riêng"
    assert data["gtin"] == pack.gtin
    assert data["productID"] == "L2406-01"
    assert data["productionDate"] == lot.production_date.isoformat()
    expiry = next(p for p in data["additionalProperty"] if p["propertyID"] == "gs1:17")
    assert expiry["value"] == lot.expiry_date.isoformat()
    assert data["manufacturer"]["name"] == "Công ty TNHH Đông Á"
    assert data["manufacturer"]["address"]["addressRegion"] == producer.province.name
    assert data["countryOfOrigin"]["name"] == "VN"
    area = next(p for p in data["additionalProperty"] if p["propertyID"] == "rawMaterialArea")
    assert area["value"] == lot.raw_material_area
    assert [event["name"] for event in data["subjectOf"]] == ["Thu hoạch nguyên liệu", "Chế biến"]
    assert [c["identifier"] for c in data["hasCertification"]] == [
        product.certification.decision_number,
        "123/2024/ATTP-CNĐK",
        "KN-2406/01",
    ]
    assert data["award"] == "OCOP 5 sao"
    assert "safetyConsideration" not in data
    plain = client.get(lot_url, HTTP_ACCEPT="application/json")
    assert json.loads(plain.content)["productID"] == "L2406-01"


def test_a_recalled_lot_shows_a_banner_and_carries_the_warning(client, lot, lot_url):
    Lot.objects.filter(pk=lot.pk).update(
        notice_level="recall", notice="Bao bì bị hở.", notice_action="Ngừng sử dụng, đổi tại nơi mua."
    )
    soup = soup_of(client.get(lot_url))
    banner = soup.select_one(".trace-notice-recall")
    assert banner.strong.text == "Lô này đang bị thu hồi"
    assert "Bao bì bị hở." in banner.text
    data = json.loads(client.get(lot_url, HTTP_ACCEPT="application/ld+json").content)
    assert data["safetyConsideration"] == [
        "Thu hồi: Bao bì bị hở.",
        "Bạn nên làm gì: Ngừng sử dụng, đổi tại nơi mua.",
    ]
    notice = {
        p["propertyID"]: p["value"]
        for p in data["additionalProperty"]
        if p["propertyID"].startswith("notice")
    }
    assert notice == {"noticeLevel": "recall", "noticeAction": "Ngừng sử dụng, đổi tại nơi mua."}


def test_json_ld_carries_a_notice_only_while_it_is_in_force(client, lot, lot_url, serial_url):
    def passport(url):
        data = json.loads(client.get(url, HTTP_ACCEPT="application/ld+json").content)
        notices = [p for p in data["additionalProperty"] if p["propertyID"].startswith("notice")]
        return data.get("safetyConsideration"), notices

    starts = timezone.now() + datetime.timedelta(days=3)
    Lot.objects.filter(pk=lot.pk).update(
        notice_level="warning",
        notice="Có thể lẫn hạt điều.",
        notice_action="Người dị ứng không dùng.",
        notice_from=starts,
    )
    assert passport(lot_url) == (None, [])  # starts in three days: the page shows no banner either
    assert passport(serial_url) == (None, [])
    Lot.objects.filter(pk=lot.pk).update(notice_from=timezone.now() - datetime.timedelta(days=1))
    considerations, notices = passport(lot_url)
    assert considerations == ["Cảnh báo: Có thể lẫn hạt điều.", "Bạn nên làm gì: Người dị ứng không dùng."]
    assert notices[0]["value"] == "warning"
    Lot.objects.filter(pk=lot.pk).update(notice_until=timezone.localdate() - datetime.timedelta(days=1))
    assert passport(lot_url) == (None, [])  # its last day has passed


def test_expired_certificates_are_marked(client, lot, lot_url, producer):
    import datetime

    CertificateFactory(
        producer=producer,
        number="OLD-1",
        valid_from=datetime.date(2019, 1, 1),
        valid_until=datetime.date(2022, 1, 1),
    )
    soup = soup_of(client.get(lot_url))
    expired = soup.select(".certificate-item.is-expired")
    assert len(expired) == 1
    assert "OLD-1" in expired[0].text
    assert "hết hiệu lực từ 01/01/2022" in expired[0].text


def test_linkset_of_a_gtin_names_the_product_page(client, lot, pack, product):
    response = client.get(f"/01/{pack.gtin}?linkType=all")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/linkset+json; charset=utf-8"
    (entry,) = json.loads(response.content)["linkset"]
    assert entry["anchor"] == f"http://127.0.0.1:8000/01/{pack.gtin}"
    assert entry["itemDescription"] == "Kẹo dừa sầu riêng"
    assert entry["https://gs1.org/voc/pip"][0]["href"] == product.get_full_url()
    assert entry["https://gs1.org/voc/defaultLink"] == [
        {"href": product.get_full_url(), "title": "Kẹo dừa sầu riêng"}
    ]


def test_linkset_by_accept_header_for_a_lot_includes_every_level_up(client, lot, lot_url, pack, product):
    response = client.get(lot_url, HTTP_ACCEPT="application/linkset+json")
    assert response["Content-Type"] == "application/linkset+json; charset=utf-8"
    lot_entry, product_entry = json.loads(response.content)["linkset"]
    assert lot_entry["anchor"] == f"http://127.0.0.1:8000{lot_url}"
    assert [link["href"] for link in lot_entry["https://gs1.org/voc/traceability"]] == [lot_entry["anchor"]]
    assert product_entry["anchor"] == f"http://127.0.0.1:8000/01/{pack.gtin}"
    assert product_entry["https://gs1.org/voc/pip"][0]["href"] == product.get_full_url()
    assert Lot.objects.get(pk=lot.pk).scan_count == 0


def test_well_known_describes_the_resolver(client):
    response = client.get("/.well-known/gs1resolver")
    assert response.status_code == 200
    assert response["Access-Control-Allow-Origin"] == "*"
    data = json.loads(response.content)
    assert data["resolverRoot"] == "http://127.0.0.1:8000"
    assert data["supportedPrimaryKeys"] == ["01"]
    assert "https://gs1.org/voc/pip" in data["supportedLinkTypes"]


def test_a_lot_with_reserved_characters_is_found_at_its_encoded_link(client, pack):
    from traceability.gs1 import lot_path

    LotFactory(pack_size=pack, code="L&1")
    response = client.get(lot_path(pack.gtin, "L&1"))
    assert lot_path(pack.gtin, "L&1").endswith("/10/L%261")
    assert response.status_code == 200
    assert soup_of(response).select(".trace-facts dd")[0].text == "L&1"


def _queries(client, url):
    with CaptureQueriesContext(connection) as queries:
        assert client.get(url).status_code == 200
    return len(queries)


def test_lot_page_query_count_stays_constant_as_events_and_certificates_grow(client, pack, producer):
    small = LotFactory(pack_size=pack, code="SMALL")
    big = LotFactory(pack_size=pack, code="BIG")
    LotEventFactory(lot=small)
    LotEventFactory.create_batch(12, lot=big)
    CertificateFactory.create_batch(6, lot=big)
    warm = LotFactory(pack_size=pack, code="WARM")
    client.get(f"/01/{pack.gtin}/10/{warm.code}")  # site root paths and settings get cached
    small_count = _queries(client, f"/01/{pack.gtin}/10/SMALL")
    big_count = _queries(client, f"/01/{pack.gtin}/10/BIG")
    assert small_count == big_count
    # Later scans are counted in the cache, no write: the lot (with product and producer), its
    # events, its and its producer's certificates (the site and its settings come from the cache).
    assert _queries(client, f"/01/{pack.gtin}/10/SMALL") == 3
    assert _queries(client, f"/01/{pack.gtin}/10/BIG") == 3


def test_json_client_asking_for_a_gtin_gets_the_product(client, product, pack):
    response = client.get(f"/01/{pack.gtin}", HTTP_ACCEPT="application/ld+json")
    assert response.status_code == 200
    data = json.loads(response.content)
    assert data["@type"] == "Product"
    assert data["gtin"] == pack.gtin
    assert data["url"] == product.get_full_url()
    assert data["offers"]["price"] == 45_000


def test_well_known_answers_options_with_cors(client):
    response = client.options("/.well-known/gs1resolver")
    assert response.status_code == 204
    assert response["Access-Control-Allow-Origin"] == "*"


def test_product_page_lists_its_lots_in_one_query_however_many(client, product, pack):
    from traceability.templatetags.traceability_tags import LOTS_SHOWN

    LotFactory(pack_size=pack, code="L1")
    client.get(product.url)
    one = _queries(client, product.url)
    LotFactory.create_batch(8, pack_size=pack)
    response = client.get(product.url)
    soup = soup_of(response)
    box = soup.select_one(".product-lots")
    assert box.h2.text == "Truy xuất nguồn gốc"
    assert len(box.select("li a")) == LOTS_SHOWN
    assert all(a["href"].startswith(f"/01/{pack.gtin}/10/") for a in box.select("li a"))
    assert _queries(client, product.url) == one


def test_product_page_without_lots_shows_no_traceability_box(client, product):
    assert soup_of(client.get(product.url)).select_one(".product-lots") is None


@pytest.mark.parametrize("query", ["21=ABCD", "10=OTHER"])
def test_a_lot_or_serial_in_the_query_string_gets_a_readable_400(client, lot, lot_url, query):
    response = client.get(f"{lot_url}?{query}", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 400
    assert "phải nằm trong đường dẫn" in soup_of(response).text
    assert Lot.objects.get(pk=lot.pk).scan_count == 0


def as_sent(client, path, **headers):
    """A GET as gunicorn hands it to the shop: PATH_INFO decoded ("%2F" already a "/") and the path as
    the client sent it, still percent-encoded, in RAW_URI."""
    return client.get(path, RAW_URI=path, **headers)


def test_an_encoded_slash_in_a_lot_is_a_malformed_code_not_the_serials_page(client, pack, serial):
    path = f"/01/{pack.gtin}/10/{serial.lot.code}%2F21%2F{serial.serial}"
    response = as_sent(client, path, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 400
    assert soup_of(response).h1.text == "Mã truy xuất không hợp lệ"
    serial.refresh_from_db()
    assert serial.check_count == 0
    assert Lot.objects.get(pk=serial.lot.pk).scan_count == 0


@pytest.mark.parametrize("lot_code", ["%FF%FE", "L1%C3", "%ED%A0%80"])  # no UTF-8; a lone surrogate
def test_a_lot_of_bytes_that_are_no_text_gets_the_readable_400_not_an_unknown_lot(
    client, lot, pack, lot_code
):
    response = as_sent(client, f"/01/{pack.gtin}/10/{lot_code}", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 400
    assert soup_of(response).h1.text == "Mã truy xuất không hợp lệ"
    assert Lot.objects.get(pk=lot.pk).scan_count == 0


@pytest.mark.parametrize("prefix", ["", "/shop"])  # the site at the root, or under a script name
def test_an_encoded_reserved_character_still_finds_its_lot_as_sent(client, pack, prefix):
    LotFactory(pack_size=pack, code="L&1")
    path = f"/01/{pack.gtin}/10/L%261"
    response = client.get(path, RAW_URI=prefix + path, SCRIPT_NAME=prefix, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 200
    assert soup_of(response).select(".trace-facts dd")[0].text == "L&1"


def test_a_valid_non_ascii_lot_as_sent_gets_the_readable_400_naming_it(client, lot, pack):
    response = as_sent(client, f"/01/{pack.gtin}/10/k%E1%BA%B9o", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 400
    assert "“kẹo”" in soup_of(response).select_one(".lead").text
