"""Adding to the cart without leaving the page: the product and combo pages' script (static/js/add-to-cart.js)
posts the same form asking for JSON, and the page stays, so Back leaves it in one press. The answer says
what the redirect's message would have said, with the new count for the header; nothing is left behind
for the next page to show again. Same checks as the form's: same origin, rate limit, stock."""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from storefront.cart import SESSION_KEY

pytestmark = pytest.mark.django_db

JSON = {"Accept": "application/json"}


def session_cart(client):
    return dict(client.session.get(SESSION_KEY, {}))


def add(client, data, url=None, headers=JSON):
    return client.post(url or reverse("storefront:cart_add"), data, headers=headers)


def shown(answer):
    """The message as the page shows it (the fragment the script puts where messages go)."""
    html = BeautifulSoup(answer.json()["html"], "html.parser")
    return [(p["class"], p.get_text(" ", strip=True)) for p in html.select("p.message")]


def test_an_add_asked_as_json_fills_the_cart_and_answers_with_the_message_and_the_count(client, pack):
    answer = add(client, {"pack_size": pack.pk, "quantity": 2, "next": "/keo-dua/"})

    assert answer.status_code == 200
    assert answer.json() == {
        "added": True,
        "message": "Đã thêm 2 × “Kẹo dừa sầu riêng – Hộp 400g” vào giỏ hàng.",
        "cart_count": 2,
        "html": answer.json()["html"],
    }
    assert shown(answer) == [
        (
            ["message", "added-to-cart", "success"],
            "Đã thêm 2 × “Kẹo dừa sầu riêng – Hộp 400g” vào giỏ hàng. Xem giỏ hàng →",
        )
    ]
    assert BeautifulSoup(answer.json()["html"], "html.parser").a["href"] == reverse("storefront:cart")
    assert session_cart(client) == {str(pack.pk): {"q": 2, "p": 45_000}}
    assert client.cookies["cart_count"].value == "2"  # the badge on the next pages too


def test_the_message_is_not_shown_again_on_the_next_page(client, pack):
    add(client, {"pack_size": pack.pk, "quantity": 1})
    cart = client.get(reverse("storefront:cart"))
    assert BeautifulSoup(cart.content, "html.parser").select(".messages .message") == []


def test_a_second_add_asked_as_json_adds_up(client, pack):
    add(client, {"pack_size": pack.pk, "quantity": 2})
    answer = add(client, {"pack_size": pack.pk, "quantity": 3})
    assert answer.json()["cart_count"] == 5


def test_more_than_the_stock_is_refused_with_how_many_more_fit_and_nothing_changes(client, pack):
    add(client, {"pack_size": pack.pk, "quantity": 2})
    answer = add(client, {"pack_size": pack.pk, "quantity": 11})

    assert answer.status_code == 200
    assert answer.json()["added"] is False
    assert answer.json()["message"] == (
        "Giỏ hàng đã có 2 “Kẹo dừa sầu riêng – Hộp 400g”; chỉ thêm được 10 nữa. Cửa hàng chỉ còn 12 sản phẩm này."
    )
    assert answer.json()["cart_count"] == 2
    assert shown(answer) == [(["message", "error"], answer.json()["message"])]
    assert session_cart(client) == {str(pack.pk): {"q": 2, "p": 45_000}}


def test_an_out_of_stock_pack_is_refused(client, pack):
    pack.stock = 0
    pack.save()
    answer = add(client, {"pack_size": pack.pk, "quantity": 1})
    assert answer.status_code == 200
    assert answer.json()["added"] is False
    assert answer.json()["cart_count"] == 0
    assert session_cart(client) == {}


@pytest.mark.parametrize(
    ("pack_size", "quantity", "message"),
    [
        ("999999", "1", "Sản phẩm này không còn bán."),
        ("abc", "1", "Sản phẩm không hợp lệ."),
        ("{pk}", "0", "Số lượng ít nhất là 1."),
        ("{pk}", "hai", "Số lượng phải là số nguyên dương."),
    ],
)
def test_tampered_input_asked_as_json_gets_the_forms_message_never_a_server_error(
    client, pack, pack_size, quantity, message
):
    answer = add(client, {"pack_size": pack_size.format(pk=pack.pk), "quantity": quantity})
    assert answer.status_code == 200
    assert (answer.json()["added"], answer.json()["message"]) == (False, message)
    assert session_cart(client) == {}


def test_without_asking_for_json_the_form_still_goes_back_to_the_page_with_the_message(client, pack, product):
    answer = client.post(
        reverse("storefront:cart_add"), {"pack_size": pack.pk, "quantity": 1, "next": product.url}
    )
    assert answer.status_code == 302
    assert answer["Location"] == product.url


def test_a_gift_combo_added_as_json_answers_the_same_way(client, gift_box):
    answer = add(client, {"combo": gift_box.pk, "quantity": 1}, url=reverse("storefront:combo_add"))

    assert answer.status_code == 200
    assert answer.json()["added"] is True
    assert answer.json()["message"] == "Đã thêm 1 × “Hộp quà kẹo dừa Bến Tre” vào giỏ hàng."
    assert answer.json()["cart_count"] == 1
    assert shown(answer)[0][1].endswith("Xem giỏ hàng →")
    assert [str(m) for m in client.get(reverse("storefront:cart")).context["messages"]] == []


def test_a_gift_combo_out_of_reach_is_refused_as_json(client, gift_box):
    answer = add(client, {"combo": gift_box.pk, "quantity": 99}, url=reverse("storefront:combo_add"))
    assert answer.status_code == 200
    assert answer.json()["added"] is False
    assert answer.json()["cart_count"] == 0


def test_an_add_from_another_site_is_refused_and_changes_nothing(client, pack):
    answer = add(
        client, {"pack_size": pack.pk, "quantity": 1}, headers={**JSON, "Origin": "https://evil.example"}
    )
    assert answer.status_code == 403
    assert session_cart(client) == {}


def test_over_the_rate_limit_the_answer_is_json_too(client, pack, settings):
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "cart": 1}
    add(client, {"pack_size": pack.pk, "quantity": 1})
    answer = add(client, {"pack_size": pack.pk, "quantity": 1})
    assert answer.status_code == 429
    assert answer.json() == {"error": "Quá nhiều yêu cầu, vui lòng thử lại sau."}


def test_an_english_page_gets_its_message_in_english(client, pack, product):
    page = BeautifulSoup(client.get(product.url + "?lang=en").content, "html.parser")
    action = page.select_one("form.add-to-cart")["action"]
    assert action == reverse("storefront:cart_add") + "?lang=en"

    answer = add(client, {"pack_size": pack.pk, "quantity": 1}, url=action)
    assert answer.json()["message"] == "Added 1 × “Kẹo dừa sầu riêng – Hộp 400g” to your cart."
    assert shown(answer)[0][1].endswith("View cart →")
