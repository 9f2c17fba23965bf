"""{% languages_in_own_names %}: the footer's language choices, each named in its own language.
{% as_asked url %}: a link that keeps the language the page was asked for by `?lang=`."""

import unicodedata

from django import template
from django.conf import settings
from django.utils.translation import get_language_info

from cms.middleware import asked_language, in_language

register = template.Library()


@register.simple_tag
def languages_in_own_names() -> list[tuple[str, str]]:
    """(code, name) with each name in its own language ("Tiếng Việt", "English") whatever the page
    speaks: Django's {% get_available_languages %} translates them ("Tiếng Anh" in Vietnamese), and a
    visitor looking for English would not find it. NFC: Django's "Tiếng Việt" has decomposed marks."""
    return [
        (code, unicodedata.normalize("NFC", get_language_info(code)["name_local"]))
        for code, _name in settings.LANGUAGES
    ]


@register.simple_tag(takes_context=True)
def as_asked(context, url) -> str:
    """`url` asking for the language this page was asked for by `?lang=`, if it was: the next step of
    the English order page (cancelling it, trying the payment again) stays in English."""
    request = context.get("request")
    return in_language(str(url), asked_language(request)) if request is not None else str(url)
