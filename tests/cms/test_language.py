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


def _footer_form(html):
    from bs4 import BeautifulSoup

    form = BeautifulSoup(html, "html.parser").select_one("form.language-form")
    return form["action"], {field["name"]: field.get("value", "") for field in form.select("input[name]")}


@pytest.mark.parametrize(("url", "lands_on"), [("/?lang=en", "/"), ("/?page=2&lang=en", "/?page=2")])
def test_choosing_tieng_viet_on_an_english_link_shows_the_page_in_vietnamese(client, home, url, lands_on):
    page = client.get(url)
    assert page.headers["Content-Language"] == "en"
    action, fields = _footer_form(page.content.decode())
    response = client.post(action, {**fields, "language": "vi"})
    assert response.status_code == 302
    assert response["Location"] == lands_on
    after = client.get(response["Location"])
    assert after.headers["Content-Language"] == "vi"
    assert 'lang="vi"' in after.content.decode()


def test_choosing_english_on_an_english_link_keeps_english_after_the_link_is_gone(client, home):
    _action, fields = _footer_form(client.get("/?lang=en").content.decode())
    response = client.post("/i18n/setlang/", {**fields, "language": "en"}, follow=True)
    assert response.redirect_chain == [("/", 302)]
    assert response.headers["Content-Language"] == "en"


def test_the_admins_account_offers_only_the_languages_the_site_speaks(admin_client):
    from bs4 import BeautifulSoup

    html = admin_client.get("/admin/account/").content
    choice = BeautifulSoup(html, "html.parser").select_one("select[name='locale-preferred_language']")
    offered = {option["value"] for option in choice.select("option")} - {""}  # "" is the site's default
    assert offered == {"vi", "en"}
