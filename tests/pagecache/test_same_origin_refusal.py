"""A cart form posted from elsewhere than the shop's own pages (another site, or a shopper's in-app
browser or proxy that rewrites the Origin) is refused with the shop's 403 page, in the language asked
for, with a way back to the page the form came from when that page is ours; JSON for the page's script."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ELSEWHERE = [
    {"HTTP_ORIGIN": "https://evil.com"},
    {"HTTP_ORIGIN": "http://testserver/"},  # a trailing slash: no browser's own Origin
    {"HTTP_REFERER": "http://testserver.evil.com/"},
    {"HTTP_SEC_FETCH_SITE": "same-site"},
]


def soup_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def links(response) -> dict[str, str]:
    return {a.get_text(strip=True): a["href"] for a in soup_of(response).select("main a")}


@pytest.mark.parametrize("elsewhere", ELSEWHERE)
def test_an_add_from_elsewhere_gets_the_shops_403_page_leading_back_to_the_product(
    client, product, elsewhere
):
    pack = product.pack_sizes.get()
    data = {"pack_size": pack.pk, "quantity": 1, "next": product.url}
    response = client.post(reverse("storefront:cart_add"), data, HTTP_ACCEPT=BROWSER, **elsewhere)
    assert response.status_code == 403
    soup = soup_of(response)
    assert soup.select_one("header")  # the shop's layout, not a bare line
    assert soup.h1.get_text(strip=True) == "Không được phép truy cập"
    assert "Yêu cầu này không đến từ trang của cửa hàng." in soup.main.get_text(" ", strip=True)
    assert links(response)["Quay lại trang vừa xem"] == product.url
    assert client.session.get("cart", {}) == {}


def test_in_english_the_refusal_is_in_english(client, product):
    pack = product.pack_sizes.get()
    data = {"pack_size": pack.pk, "quantity": 1, "next": product.url + "?lang=en"}
    response = client.post(
        reverse("storefront:cart_add") + "?lang=en", data, HTTP_ACCEPT=BROWSER, HTTP_ORIGIN="https://evil.com"
    )
    assert response.status_code == 403
    soup = soup_of(response)
    assert soup.html["lang"] == "en"
    assert soup.h1.get_text(strip=True) == "Access denied"
    assert soup.main.p.get_text(" ", strip=True) == (
        "This request did not come from the shop’s own pages. For safety the shop only takes forms sent"
        " from its own pages: open the page again and try again."
    )
    assert links(response)["Back to the page you were on"] == product.url + "?lang=en"


@pytest.mark.parametrize("next_url", ["https://evil.com/", "//evil.com/", "", "javascript:alert(1)"])
def test_without_a_page_of_ours_to_go_back_to_the_refusal_leads_home(client, product, next_url):
    pack = product.pack_sizes.get()
    response = client.post(
        reverse("storefront:cart_add"),
        {"pack_size": pack.pk, "quantity": 1, "next": next_url},
        HTTP_ACCEPT=BROWSER,
        HTTP_ORIGIN="https://evil.com",
        HTTP_REFERER="https://evil.com/page",
    )
    assert response.status_code == 403
    assert "Quay lại trang vừa xem" not in links(response)
    assert links(response)["Về trang chủ"] == "/"
    assert "evil.com" not in response.content.decode()


def test_the_referer_of_ours_is_the_way_back_when_the_form_says_none(client, product):
    # A proxy that rewrites the Origin leaves the Referer: the page the shopper was on.
    response = client.post(
        reverse("storefront:cart_add"),
        {"pack_size": product.pack_sizes.get().pk, "quantity": 1},
        HTTP_ACCEPT=BROWSER,
        HTTP_ORIGIN="https://proxy.example",
        HTTP_REFERER=f"http://testserver{product.url}",
    )
    assert links(response)["Quay lại trang vừa xem"] == product.url


def test_the_add_to_cart_script_gets_the_refusal_as_json_to_show_in_place(client, product):
    response = client.post(
        reverse("storefront:cart_add"),
        {"pack_size": product.pack_sizes.get().pk, "quantity": 1},
        HTTP_ACCEPT="application/json",
        HTTP_ORIGIN="https://evil.com",
    )
    assert response.status_code == 403
    assert response.json() == {"error": "Yêu cầu này không đến từ trang của cửa hàng."}
