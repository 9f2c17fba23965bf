"""A form posted in a charset other than UTF-8 (a forged or badly configured client: HTML forms send
UTF-8) is a 400 "Yêu cầu không hợp lệ" in the visitor's language, logged in one line: never the bare
500 of the WSGI server with a chain of tracebacks Django's error views raise by reading the post again."""

import logging

import pytest
from bs4 import BeautifulSoup
from django.test import Client

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
FORM_PATHS = [
    "/gio-hang/them/",
    "/gio-hang/cap-nhat/",
    "/thanh-toan/",
    "/tra-cuu-don-hang/",
    "/truy-xuat/bao-tem-sao-chep/",
    "/admin/login/",
]


def text_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser").get_text(" ", strip=True)


def a_browser_with_its_token() -> tuple[Client, str]:
    browser = Client(enforce_csrf_checks=True, raise_request_exception=False)
    browser.get("/tra-cuu-don-hang/", HTTP_ACCEPT=BROWSER)
    return browser, browser.cookies["csrftoken"].value


def post_in(browser, path, charset, token, **extra):
    return browser.generic(
        "POST",
        path,
        f"csrfmiddlewaretoken={token}&pack_size=1&quantity=1".encode(),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        HTTP_ACCEPT=BROWSER,
        **extra,
    )


@pytest.mark.parametrize("path", FORM_PATHS)
@pytest.mark.parametrize("charset", ["latin-1", '"latin1"', "utf-16"])
def test_a_form_posted_in_another_charset_gets_the_shops_400_page(home, path, charset, caplog):
    browser, token = a_browser_with_its_token()
    with caplog.at_level(logging.INFO):
        response = post_in(browser, path, charset, token)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in text_of(response)
    assert "Internal Server Error" not in text_of(response)
    [line] = [r for r in caplog.records if r.levelno >= logging.WARNING]
    assert "UTF-8" in line.getMessage()
    assert line.exc_info is None  # one line, no traceback


def test_the_400_page_speaks_the_asked_language(home):
    browser, token = a_browser_with_its_token()
    response = post_in(browser, "/gio-hang/them/?lang=en", "latin-1", token)
    assert response.status_code == 400
    assert "Bad request" in text_of(response) or "Invalid request" in text_of(response)
    assert "Yêu cầu không hợp lệ" not in text_of(response)


def test_a_signed_in_admins_form_in_another_charset_gets_the_400_page(home, admin_user):
    browser, token = a_browser_with_its_token()
    browser.force_login(admin_user)
    response = post_in(browser, f"/admin/pages/{home.pk}/edit/", "latin-1", token)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in text_of(response)


def test_the_error_pages_do_not_read_the_post_again_whatever_read_it_first(home, settings, caplog):
    # Should a layer read the post before the refusal (one added above it later), Django's 400 page
    # answers, once: its CSRF check no longer reads the post again.
    settings.MIDDLEWARE = [
        name for name in settings.MIDDLEWARE if name != "config.form_charset.FormCharsetMiddleware"
    ]
    browser, token = a_browser_with_its_token()
    with caplog.at_level(logging.INFO):
        response = post_in(browser, "/gio-hang/them/", "latin-1", token)
    assert response.status_code == 400
    assert "Yêu cầu không hợp lệ" in text_of(response)
    assert len([r for r in caplog.records if r.levelno >= logging.WARNING]) == 1
