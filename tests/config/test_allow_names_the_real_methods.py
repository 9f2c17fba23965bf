"""A 405 names the methods the address really takes, on every view of ours and Wagtail's class-based
ones (its admin, its API), and a PUT, PATCH or DELETE is a 405 there, never the CSRF check's "your
session expired"; what the forms and pages took before, they still take."""

import inspect
import os

import pytest
from bs4 import BeautifulSoup
from django.conf import settings
from django.test import Client
from django.urls import URLResolver, get_resolver
from django.views.generic import View

from pagecache import methods

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
GS1 = "GET, HEAD, OPTIONS"
SAFE = "GET, HEAD"
FORM = "GET, HEAD, POST"
ADMIN_FORM = "GET, POST, HEAD, OPTIONS"  # Django's View order; Wagtail's form views
ADMIN_LISTING = "GET, HEAD, OPTIONS"


@pytest.fixture
def media_file():
    folder = settings.MEDIA_ROOT + "/images"
    os.makedirs(folder, exist_ok=True)
    with open(f"{folder}/keo-dua.txt", "w") as file:
        file.write("ảnh")
    return "/media/images/keo-dua.txt"


@pytest.fixture
def addresses(lot, pack, product, media_file):
    return {
        "gs1-product": (f"/01/{pack.gtin}", GS1),
        "gs1-lot": (f"/01/{pack.gtin}/10/{lot.code}", GS1),
        "gs1-description": ("/.well-known/gs1resolver", GS1),
        "api-pages": ("/api/v2/pages/", GS1),
        "media": (media_file, SAFE),
        "qr-svg": (f"/lots/{lot.pk}/qr.svg", SAFE),
        "qr-png": (f"/lots/{lot.pk}/qr.png", SAFE),
        "labels": (f"/lots/{lot.pk}/labels/", SAFE),
        "copy-report": ("/truy-xuat/bao-tem-sao-chep/", FORM),
        "share-place": ("/truy-xuat/noi-kiem-tra/", "POST"),
        "metrics": ("/metrics", SAFE),
        "language": ("/i18n/setlang/", FORM),
        "favicon": ("/favicon.ico", SAFE),
        "admin-login": ("/admin/login/", ADMIN_FORM),
        "admin-orders": ("/admin/don-hang/", ADMIN_LISTING),
        "admin-page-edit": (f"/admin/pages/{product.pk}/edit/", ADMIN_FORM),
        "admin-logout": ("/admin/logout/", "POST, OPTIONS"),
        "admin-aging-report": ("/admin/reports/aging-pages/", ADMIN_LISTING),
    }


UNKNOWN = ["gs1-product", "gs1-lot", "gs1-description", "api-pages", "media", "qr-svg", "labels"]
UNKNOWN += ["metrics", "admin-login", "admin-orders", "admin-page-edit", "admin-logout", "language"]


@pytest.mark.parametrize("name", UNKNOWN)
def test_an_unknown_method_gets_a_405_naming_the_methods_the_address_takes(addresses, name):
    path, allow = addresses[name]
    response = Client().generic("FOO", path, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 405
    assert response["Allow"] == allow


REFUSED = [
    ("put", "copy-report"),
    ("delete", "copy-report"),
    ("put", "media"),
    ("delete", "media"),
    ("patch", "qr-svg"),
    ("put", "qr-png"),
    ("delete", "labels"),
    ("put", "share-place"),
    ("put", "admin-login"),
    ("delete", "admin-login"),
    ("delete", "admin-orders"),
    ("post", "admin-orders"),
    ("put", "admin-page-edit"),
    ("patch", "admin-page-edit"),
    ("put", "admin-aging-report"),
    ("put", "metrics"),
    ("delete", "metrics"),
    ("put", "language"),
    ("put", "favicon"),
]


@pytest.mark.parametrize("method, name", REFUSED)
def test_a_method_the_view_does_not_take_is_a_405_page_not_that_the_session_expired(addresses, method, name):
    path, allow = addresses[name]
    response = getattr(Client(enforce_csrf_checks=True), method)(path, HTTP_ACCEPT=BROWSER)
    assert response.status_code == 405
    assert response["Allow"] == allow
    page = BeautifulSoup(response.content.decode(), "html.parser")
    assert page.h1.text == "Trang này không nhận yêu cầu như vậy"
    assert "Phiên làm việc của bạn đã hết hạn" not in page.get_text()


def test_a_put_on_the_signed_in_admin_is_a_405_too(admin_client, product):
    response = admin_client.put(f"/admin/pages/{product.pk}/edit/", HTTP_ACCEPT=BROWSER)
    assert response.status_code == 405
    assert response["Allow"] == ADMIN_FORM


def test_a_put_on_the_language_switch_changes_no_language(addresses):
    response = Client().put(
        "/i18n/setlang/", "language=en&next=/", content_type="application/x-www-form-urlencoded"
    )
    assert response.status_code == 405
    assert settings.LANGUAGE_COOKIE_NAME not in response.cookies


@pytest.mark.parametrize("name", ["gs1-product", "gs1-lot"])
def test_a_gs1_client_keeps_cors_on_a_405(addresses, name):
    path, allow = addresses[name]
    response = Client().put(path)
    assert response.status_code == 405
    assert response["Allow"] == allow
    assert response["Access-Control-Allow-Origin"] == "*"


def test_an_api_client_gets_the_apis_own_json_405(addresses):
    response = Client().put("/api/v2/pages/")
    assert response.status_code == 405
    assert response["Allow"] == GS1
    assert response["Content-Type"] == "application/json"
    assert list(response.json()) == ["detail"]


def test_the_language_form_still_sets_the_language(client, home):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, HTTP_ORIGIN="http://testserver")
    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "en"
    assert client.get("/i18n/setlang/?next=/").status_code == 302
    assert client.head("/i18n/setlang/?next=/").status_code == 302


def test_admin_login_still_signs_in(client, django_user_model, home):
    django_user_model.objects.create_superuser("bien", "bien@example.com", "dua-xiem")
    assert client.get("/admin/login/").status_code == 200
    assert client.head("/admin/login/").status_code == 200
    response = client.post("/admin/login/", {"username": "bien", "password": "dua-xiem"})
    assert response.status_code == 302
    assert client.get("/admin/").status_code == 200


def test_the_copy_report_form_still_opens_and_answers(client, lot, pack):
    reported = {"gtin": pack.gtin, "lot": lot.code}
    assert client.get("/truy-xuat/bao-tem-sao-chep/", reported).status_code == 200
    assert client.head("/truy-xuat/bao-tem-sao-chep/", reported).status_code == 200
    response = client.post("/truy-xuat/bao-tem-sao-chep/", reported)
    assert response.status_code == 400  # the form again, with what is missing
    assert response.context["form"].errors


def test_media_and_qr_codes_still_answer_get_and_head(client, addresses):
    for name in ("media", "qr-svg", "qr-png"):
        path, _allow = addresses[name]
        assert client.get(path).status_code == 200, name
        assert client.head(path).status_code == 200, name


def _views_in_the_urlconf(patterns=None):
    for pattern in get_resolver().url_patterns if patterns is None else patterns:
        if isinstance(pattern, URLResolver):
            yield from _views_in_the_urlconf(pattern.url_patterns)
        else:
            yield pattern.callback


def test_every_class_based_view_that_takes_a_method_in_dispatch_is_reviewed():
    """Their Allow comes from their handlers (pagecache/methods.py); a view that takes a method in its
    `dispatch` instead would be refused it before the CSRF check, unless TAKEN_IN_DISPATCH says so."""
    unreviewed = set()
    for view in _views_in_the_urlconf():
        view_class = getattr(view, "view_class", None)
        if view_class is None:
            continue
        for klass in view_class.__mro__:
            dispatch = klass.__dict__.get("dispatch")
            if dispatch is None or klass is View or klass.__module__.startswith("django."):
                continue
            if "request.method" in inspect.getsource(dispatch):
                unreviewed.add(f"{view_class.__module__}.{view_class.__qualname__}")
    assert unreviewed <= set(getattr(methods, "TAKEN_IN_DISPATCH", {}))


def test_every_view_of_ours_declares_its_methods():
    ours = (
        "catalogue",
        "cms",
        "config",
        "ops",
        "pagecache",
        "places",
        "search",
        "storefront",
        "traceability",
    )
    undeclared = {
        f"{view.__module__}.{view.__qualname__}"
        for view in _views_in_the_urlconf()
        if view.__module__.split(".")[0] in ours and methods.methods_taken(view) is None
    }
    # catalogue imports only places (DESIGN.md), so its two admin views cannot use pagecache's
    # decorator; their Allow is the fallback's "GET, HEAD, POST", which is what they take.
    assert undeclared <= {
        "catalogue.stock_admin.stock_prices_view",
        "catalogue.certification_admin.revoke_view",
    }
