"""A buyer's own pages (the cart, checkout, an order and its cancellation, the order lookup) are kept by
no browser's or proxy's cache, and those that show an order are kept out of search engines."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db

PRIVATE = "private, no-store"


@pytest.fixture
def order(place, pack):
    return place({pack: 1})


def test_the_cart_and_checkout_are_never_kept_by_a_cache(client, add_to_cart, pack, checkout_data):
    add_to_cart(pack)
    for response in (
        client.get(reverse("storefront:cart")),
        client.get(reverse("storefront:checkout")),
        client.post(reverse("storefront:checkout"), {**checkout_data, "phone": "12"}),  # with mistakes
    ):
        assert response.status_code == 200
        assert response["Cache-Control"] == PRIVATE


def test_an_order_and_its_cancel_confirmation_are_never_kept_nor_indexed(client, order):
    for url in (order.get_absolute_url(), reverse("storefront:order_cancel", args=[order.token])):
        response = client.get(url)
        assert response.status_code == 200
        assert (response["Cache-Control"], response["X-Robots-Tag"]) == (PRIVATE, "noindex"), url


def test_an_unknown_order_link_is_never_kept_nor_indexed_either(client, home):
    response = client.get(reverse("storefront:order_cancel", args=["khong-co-don-nay"]))
    assert response.status_code == 404
    assert (response["Cache-Control"], response["X-Robots-Tag"]) == (PRIVATE, "noindex")


def test_the_order_lookup_is_never_kept_by_a_cache(client, home):
    response = client.get(reverse("storefront:order_lookup"))
    assert response["Cache-Control"] == PRIVATE
