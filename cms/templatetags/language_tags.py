"""{% languages_in_own_names %}: the footer's language choices, each named in its own language."""

import unicodedata

from django import template
from django.conf import settings
from django.utils.translation import get_language_info

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
