"""Links to the cart and an order's page that keep the buyer's language.

English is asked for one page at a time by `?lang=en` (the English checkout is `/thanh-toan/?lang=en`),
so a redirect or an email that dropped it would land an English buyer on the Vietnamese order page.
"""

from django.conf import settings
from django.shortcuts import redirect
from django.urls import reverse

from cms.middleware import as_asked, asked_language, in_language


def to_the_cart(request):
    """A redirect to the cart (after changing it, or from a cart form's address opened without its
    form), keeping the language this request asked for: the form of an English cart posts with it."""
    return redirect(as_asked(request, reverse("storefront:cart")))


def order_url_as_asked(request, order) -> str:
    """The order's page in the language this request asked for by `?lang=`, if it did."""
    return in_language(order.get_absolute_url(), asked_language(request))


def to_the_order(request, order):
    """A redirect to the order's page, keeping the language this request asked for."""
    return redirect(order_url_as_asked(request, order))


def emailed_order_url(order) -> str:
    """The order page's full address for an email, in the language the buyer ordered in: the mail may be
    read on a phone that never chose English, so anything but Vietnamese (the plain address) says so."""
    language = "" if order.language == settings.LANGUAGE_CODE else order.language
    return settings.SITE_URL + in_language(order.get_absolute_url(), language)
