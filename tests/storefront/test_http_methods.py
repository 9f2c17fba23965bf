"""Link checkers, uptime probes and some browsers ask with HEAD first: every page a shopper can open
answers HEAD as it answers GET (headers, no body), never 405."""

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


@pytest.fixture
def order(place, pack):
    return place({pack: 1})


@pytest.mark.parametrize(
    "url",
    [
        lambda order: reverse("storefront:cart"),
        lambda order: reverse("storefront:checkout"),
        lambda order: reverse("storefront:communes") + "?province=86",
        lambda order: order.get_absolute_url(),
        lambda order: reverse("storefront:order_cancel", args=[order.token]),
        lambda order: reverse("storefront:order_lookup"),
        lambda order: "/feeds/google-merchant.xml",
    ],
    ids=["cart", "checkout", "communes", "order", "cancel", "lookup", "merchant-feed"],
)
def test_a_head_request_gets_what_a_get_gets_without_the_body(client, add_to_cart, pack, order, url):
    add_to_cart(pack)  # so that checkout shows its form instead of sending back to the cart
    path = url(order)
    got = client.get(path)
    head = client.head(path)
    assert head.status_code == got.status_code
    assert head.status_code in (200, 302)
    assert head["Content-Type"] == got["Content-Type"]
    assert head.content == b""


def test_forms_still_refuse_other_methods(client, order):
    assert client.put(reverse("storefront:order_lookup")).status_code == 405
    assert client.delete(reverse("storefront:order_cancel", args=[order.token])).status_code == 405


CART_TARGETS = ["cart_add", "cart_update", "cart_remove", "combo_add", "combo_update", "combo_remove"]


@pytest.mark.parametrize("name", CART_TARGETS)
def test_reloading_a_cart_forms_target_shows_the_cart_unchanged(client, add_to_cart, pack, name):
    add_to_cart(pack, 2)
    response = client.get(reverse(f"storefront:{name}"), follow=True)
    assert response.redirect_chain == [(reverse("storefront:cart"), 302)]
    assert response.status_code == 200
    assert "Kẹo dừa sầu riêng" in response.content.decode()
    assert response.context["lines"][0].quantity == 2
    assert client.head(reverse(f"storefront:{name}")).status_code == 302


@pytest.mark.parametrize("name", CART_TARGETS)
def test_other_methods_on_a_cart_forms_target_get_a_405_page_with_a_link_to_the_cart(client, name):
    response = client.put(reverse(f"storefront:{name}"))
    assert response.status_code == 405
    assert response["Allow"] == "GET, HEAD, POST"  # GET and HEAD show the cart
    html = response.content.decode()
    assert "Trang này không nhận yêu cầu như vậy" in html
    assert f'href="{reverse("storefront:cart")}"' in html
