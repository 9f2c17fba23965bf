"""The checkout form as a buyer's browser sends it: the page's own hidden fields (the token and digest
of the cart it showed, storefront/confirmation.py) with what the buyer typed."""

from bs4 import BeautifulSoup
from django.urls import reverse

CHECKOUT = reverse("storefront:checkout")


def hidden_fields(page) -> dict:
    soup = BeautifulSoup(page.content, "html.parser")
    return {
        field["name"]: field.get("value", "")
        for field in soup.select("form.checkout-form input[type=hidden]")
        if field["name"] != "csrfmiddlewaretoken"  # the test client does not check it
    }


def send_checkout(client, data, *, page=None, follow=True, **extra):
    """Submit the checkout form of `page` (a response showing it), or of the page opened now, with `data`
    typed in; following the redirects unless told not to."""
    page = page if page is not None else client.get(CHECKOUT)
    return client.post(CHECKOUT, {**hidden_fields(page), **data, **extra}, follow=follow)
