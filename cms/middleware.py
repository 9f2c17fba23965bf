"""Vietnamese first: the language is the one the visitor chose (cookie set by /i18n/setlang/), else
Vietnamese. Unlike Django's LocaleMiddleware, a browser's Accept-Language does not switch the site to
English, since most of the content (products, stories) exists only in Vietnamese."""

from django.conf import settings
from django.utils import translation

SUPPORTED = {code for code, _name in settings.LANGUAGES}


class ChosenLanguageMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        # ?lang=en (the hreflang alternate links) asks for one page in a language without changing the choice.
        asked = request.GET.get("lang")
        chosen = asked if asked in SUPPORTED else request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in SUPPORTED else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = language
        response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        translation.deactivate()
        return response
