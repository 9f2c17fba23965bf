"""What a visitor gets for a method a page does not take: a 405 page in the site's layout, in
Vietnamese, never an empty body, a 200 or the CSRF check's "your session expired"."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client
from django.urls import reverse

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def text_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser").get_text(" ", strip=True)


def assert_405_page(response, allow):
    assert response.status_code == 405
    assert response["Allow"] == allow
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert soup.h1.text == "Trang này không nhận yêu cầu như vậy"
    assert soup.select_one("header.site-header") and soup.select_one("footer.site-footer")
    assert soup.select_one(f"main a[href='{reverse('storefront:cart')}']").text == "Xem giỏ hàng"
    assert soup.select_one("meta[name=robots]")["content"] == "noindex"


@pytest.mark.parametrize("method", ["TRACE", "CONNECT", "PROPFIND", "BREW"])
@pytest.mark.parametrize(
    "path, allow",
    [
        ("/sitemap.xml", "GET, HEAD"),
        ("/", "GET, HEAD"),
        ("/robots.txt", "GET, HEAD"),
        ("/gio-hang/", "GET, HEAD"),
        ("/thanh-toan/", "GET, HEAD, POST"),
        ("/search/suggest/?q=ke", "GET, HEAD"),
    ],
)
def test_trace_and_unknown_methods_get_a_405_naming_the_methods_the_page_takes(home, method, path, allow):
    response = Client().generic(method, path, HTTP_ACCEPT=BROWSER)
    assert_405_page(response, allow)


def test_an_unknown_method_on_an_address_no_view_answers_gets_a_405_all_the_same(home):
    response = Client().generic("BREW", "/admin/../khong-co/%00", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"


FORM_AND_JSON_VIEWS = [
    ("put", "/search/suggest/?q=ke", "GET, HEAD"),
    ("post", "/search/suggest/?q=ke", "GET, HEAD"),
    ("put", "/thanh-toan/xa-phuong/?province=86", "GET, HEAD"),
    ("delete", "/thanh-toan/xa-phuong/?province=86", "GET, HEAD"),
    ("patch", "/gio-hang/", "GET, HEAD"),
    ("post", "/gio-hang/", "GET, HEAD"),
    ("put", "/thanh-toan/", "GET, HEAD, POST"),
    ("delete", "/thanh-toan/", "GET, HEAD, POST"),
    ("patch", "/tra-cuu-don-hang/", "GET, HEAD, POST"),
    ("delete", "/tra-cuu-don-hang/", "GET, HEAD, POST"),
]


@pytest.mark.parametrize("method, path, allow", FORM_AND_JSON_VIEWS)
def test_a_method_a_form_or_json_view_does_not_take_is_a_405_not_that_the_session_expired(
    home, method, path, allow
):
    # No session, no CSRF cookie: what curl sends.
    response = getattr(Client(enforce_csrf_checks=True), method)(path, HTTP_ACCEPT=BROWSER)
    assert_405_page(response, allow)
    assert "Phiên làm việc của bạn đã hết hạn" not in text_of(response)


@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_a_page_that_takes_no_form_answers_405_not_that_the_session_expired(product, method):
    client = Client(enforce_csrf_checks=True)
    for path in ("/", product.url, "/sitemap.xml", "/search/?q=keo"):
        response = getattr(client, method)(path, HTTP_ACCEPT=BROWSER)
        assert_405_page(response, "GET, HEAD")
        assert "Phiên làm việc của bạn đã hết hạn" not in text_of(response)


def test_forms_still_need_their_csrf_token(home, product):
    # Pages exempt from the check take no POST at all; every form's target keeps it.
    client = Client(enforce_csrf_checks=True)
    for path in ("/thanh-toan/", "/gio-hang/cap-nhat/", "/tra-cuu-don-hang/"):
        response = client.post(path, {"pack_size": 1, "quantity": 1})
        assert response.status_code == 403, path
        assert "Chưa gửi được biểu mẫu" in text_of(response)


def test_a_405_from_a_form_target_is_a_page_too(client, home):
    response = client.put("/tra-cuu-don-hang/", HTTP_ACCEPT=BROWSER)
    assert_405_page(response, "GET, HEAD, POST")


def test_a_password_protected_page_still_takes_its_password(client, home, product):
    from wagtail.models import PageViewRestriction

    PageViewRestriction.objects.create(page=product, restriction_type="password", password="dua")
    form = BeautifulSoup(client.get(product.url).content.decode(), "html.parser").select_one("form")
    fields = {field["name"]: field.get("value", "") for field in form.select("input[name]")}
    response = client.post(form["action"], {**fields, "password": "dua"}, follow=True)
    assert response.status_code == 200
    assert BeautifulSoup(response.content.decode(), "html.parser").h1.text == product.title
