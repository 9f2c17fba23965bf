"""{% languages_in_own_names %}: the footer's language choices, each named in its own language.

A page shown in English by its `?lang=en` link (an hreflang alternate, a shared link) keeps English on
the way on, without the visitor's cookie choice changing: its internal links and forms ask for it too.
{% as_asked url %}: the link, or a form's action, asking for the language this page was asked for.
{% page_as_asked page %}: {% pageurl page %}, the same way.
{% asked_language_field %}: the same for a GET form, as a hidden field.
{% in_screen_language url %}: the link asking for the language this screen speaks (the admin's, from the
account's preference), for a public page opened from the admin.

The content (titles, stories, descriptions, lot records) is written in Vietnamese only; on a page in
another language it is marked lang="vi", so that a screen reader reads it with a Vietnamese voice
(WCAG 3.1.2). In Vietnamese nothing is added.
{% content_lang %}: ` lang="vi"` on the element that holds content.
{% content_language as language %}: "vi" there, else None, for a tag that writes the element itself
(`{% image … alt=page.title lang=language %}`: Wagtail leaves out an attribute whose value is None).
{{ value|as_content }}: content inside a sentence of the interface, in a <span lang="vi">.
"""

import unicodedata

from django import template
from django.conf import settings
from django.core.exceptions import SuspiciousOperation
from django.utils.html import format_html
from django.utils.translation import get_language, get_language_info

from cms.middleware import LANGUAGE_PARAMETER, asked_language
from cms.middleware import as_asked as url_as_asked
from cms.middleware import in_screen_language as url_in_screen_language

register = template.Library()

# The language editors write the content in (titles, stories, descriptions, lot records).
CONTENT_LANGUAGE = settings.LANGUAGE_CODE


@register.simple_tag
def languages_in_own_names() -> list[tuple[str, str]]:
    """(code, name) with each name in its own language ("Tiếng Việt", "English") whatever the page
    speaks: Django's {% get_available_languages %} translates them ("Tiếng Anh" in Vietnamese), and a
    visitor looking for English would not find it. NFC: Django's "Tiếng Việt" has decomposed marks."""
    return [
        (code, unicodedata.normalize("NFC", get_language_info(code)["name_local"]))
        for code, _name in settings.LANGUAGES
    ]


def _request(context):
    # An inclusion tag's template (the product page's lots) has no `request` variable, but its context
    # still knows the request it was rendered for.
    return context.get("request") or getattr(context, "request", None)


@register.simple_tag(takes_context=True)
def as_asked(context, url) -> str:
    """`url` asking for the language this page was asked for by `?lang=`, if it was: the next step of
    the English order page (cancelling it, trying the payment again) stays in English. As it is on a
    page shown in the visitor's own choice (the cookie goes along by itself)."""
    request = _request(context)
    if request is None:
        return str(url)
    try:
        return url_as_asked(request, str(url))
    except SuspiciousOperation:  # the 400 page of a query Django refused to read (too many fields)
        return str(url)


@register.simple_tag
def in_screen_language(url) -> str:
    return url_in_screen_language(str(url))


@register.simple_tag(takes_context=True)
def page_as_asked(context, page) -> str:
    """The page's address as {% pageurl %} gives it, asking for the language this page was asked for."""
    return as_asked(context, page.get_url(_request(context)) or "")


@register.simple_tag(takes_context=True)
def asked_language_field(context) -> str:
    """In a GET form (a search box), the hidden field asking for the language this page was asked for."""
    request = _request(context)
    language = asked_language(request) if request is not None else ""
    if not language:
        return ""
    return format_html('<input type="hidden" name="{}" value="{}">', LANGUAGE_PARAMETER, language)


def content_language_attribute() -> str:
    """` lang="vi"` while the page speaks another language; nothing in Vietnamese (it is the page's)."""
    language = content_language()
    return format_html(' lang="{}"', language) if language else ""


@register.simple_tag
def content_lang() -> str:
    return content_language_attribute()


@register.simple_tag
def content_language() -> str | None:
    """The content's language while the page speaks another; None in Vietnamese (no attribute)."""
    return None if get_language() == CONTENT_LANGUAGE else CONTENT_LANGUAGE


@register.filter
def as_content(value):
    """Content inside a sentence of the interface ("Added 1 × “Kẹo dừa gừng” to your cart")."""
    attribute = content_language_attribute()
    if not attribute or value in (None, ""):
        return value
    return format_html("<span{}>{}</span>", attribute, value)
