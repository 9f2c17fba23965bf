"""An error page opened by a `?lang=en` address (a shared link, a form of an English page) is English,
and so is the page its links lead to: "Back to the home page", "View all products" and "View cart" keep
`lang=en` as every other page's links do; in Vietnamese they stay plain."""

import pytest
from bs4 import BeautifulSoup
from django.test import Client

from catalogue.factories import PackSizeFactory
from tests.page_links import internal_targets, not_in
from traceability.factories import LotFactory

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"


def _page_links(response) -> dict[str, str]:
    """{link's words: its address} for the links of the error page's own text (not the header's)."""
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    main = soup.select_one("main") or soup.body
    return {link.get_text(strip=True): link["href"] for link in main.select("a[href]")}


def _not_found(client, query, fixture):
    return client.get("/khong-co/" + query)


def _method_refused(client, query, fixture):
    return client.delete("/gio-hang/" + query)


def _form_token_missing(client, query, fixture):
    return Client(enforce_csrf_checks=True).post("/tra-cuu-don-hang/" + query, {"code": "OCKT4M5MFU"})


def _too_many(client, query, fixture):
    settings = fixture("settings")
    settings.RATE_LIMITS_ENABLED, settings.RATE_LIMITS = True, {**settings.RATE_LIMITS, "cart": 1}
    client.post("/gio-hang/them/" + query, {"pack_size": 1, "quantity": 1})
    return client.post("/gio-hang/them/" + query, {"pack_size": 1, "quantity": 1})


def _forbidden(client, query, fixture):
    lot = LotFactory(pack_size=PackSizeFactory(product=fixture("product")))
    client.force_login(fixture("django_user_model").objects.create_user("cua-hang", password="x"))
    return client.get(f"/lots/{lot.pk}/labels/" + query, HTTP_ACCEPT=BROWSER)


ERRORS = {
    404: (_not_found, {"Back to the home page": "/", "View all products": "/search/"}),
    405: (_method_refused, {"Back to the home page": "/", "View cart": "/gio-hang/"}),
    "403 CSRF": (_form_token_missing, {"Back to the home page": "/", "View cart": "/gio-hang/"}),
    429: (_too_many, {"View cart": "/gio-hang/"}),
    403: (_forbidden, {"Back to the home page": "/", "View all products": "/search/"}),
}


@pytest.fixture
def error_page(request, client, home):
    """The error page `kind` as opened with `query`."""

    def open_(kind, query):
        return ERRORS[kind][0](client, query, request.getfixturevalue)

    return open_


@pytest.mark.parametrize("kind", ERRORS)
def test_an_english_error_pages_links_keep_english(error_page, kind):
    response = error_page(kind, "?lang=en")
    assert response.headers["Content-Language"] == "en"
    links = ERRORS[kind][1]
    assert _page_links(response) == {words: f"{path}?lang=en" for words, path in links.items()}
    assert len(internal_targets(response)) > len(links)  # the header's and footer's too
    assert not_in("en", response) == []


@pytest.mark.parametrize("kind", ERRORS)
def test_a_vietnamese_error_pages_links_stay_plain(error_page, kind):
    response = error_page(kind, "")
    assert response.headers["Content-Language"] == "vi"
    assert not_in("", response) == []


def test_the_english_400_page_leads_home_in_english(client):
    response = client.get("/?lang=en", HTTP_HOST="evil.example")
    assert response.status_code == 400
    assert _page_links(response) == {"Back to the home page": "/?lang=en"}


def test_a_400_for_a_query_too_long_to_read_still_shows_its_page(client, settings):
    # Its language cannot be read from a query Django refused to read: the link is plain.
    settings.DATA_UPLOAD_MAX_NUMBER_FIELDS = 10
    response = client.get("/?" + "&".join(f"a{n}=1" for n in range(20)) + "&lang=en")
    assert response.status_code == 400
    assert list(_page_links(response).values()) == ["/"]
