"""Vietnamese first: English only for a visitor who chose it in the footer, never from the browser."""

import pytest
from django.test import RequestFactory
from django.utils import translation

from cms.middleware import ChosenLanguageMiddleware

pytestmark = pytest.mark.django_db


def _language_seen(cookie=None, accept=None):
    """The language active while the view runs, and the response's Content-Language."""
    seen = {}

    def view(request):
        from django.http import HttpResponse

        seen["active"], seen["request"] = translation.get_language(), request.LANGUAGE_CODE
        return HttpResponse()

    factory = RequestFactory()
    headers = {"Accept-Language": accept} if accept else {}
    request = factory.get("/", headers=headers)
    if cookie is not None:
        request.COOKIES["django_language"] = cookie
    response = ChosenLanguageMiddleware(view)(request)
    return seen["active"], seen["request"], response.headers["Content-Language"]


def test_without_a_choice_the_site_speaks_vietnamese_whatever_the_browser_asks():
    assert _language_seen() == ("vi", "vi", "vi")
    assert _language_seen(accept="en-US,en;q=0.9") == ("vi", "vi", "vi")


def test_a_visitor_who_chose_english_gets_english():
    assert _language_seen(cookie="en") == ("en", "en", "en")


def test_an_unknown_language_in_the_cookie_falls_back_to_vietnamese():
    assert _language_seen(cookie="fr") == ("vi", "vi", "vi")
    assert _language_seen(cookie="") == ("vi", "vi", "vi")


def test_the_choice_does_not_leak_into_the_next_request():
    _language_seen(cookie="en")
    assert _language_seen() == ("vi", "vi", "vi")


def test_the_footer_form_switches_the_interface_and_back(client, home):
    response = client.post("/i18n/setlang/", {"language": "en", "next": "/"}, follow=True)
    assert response.headers["Content-Language"] == "en"
    assert 'lang="en"' in response.content.decode()
    response = client.post("/i18n/setlang/", {"language": "vi", "next": "/"}, follow=True)
    assert response.headers["Content-Language"] == "vi"
    assert 'lang="vi"' in response.content.decode()


@pytest.mark.parametrize("chosen", ["vi", "en"])
def test_the_footer_names_each_language_in_its_own_words_whatever_the_interface_speaks(client, home, chosen):
    client.cookies["django_language"] = chosen
    html = client.get("/").content.decode()
    assert '<option value="vi" lang="vi"' in html and ">Tiếng Việt</option>" in html
    assert '<option value="en" lang="en"' in html and ">English</option>" in html
    assert "Tiếng Anh" not in html and "Vietnamese" not in html
