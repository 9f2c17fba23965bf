"""The gift combo cart forms answer junk like the pack-size cart forms do: back to the cart, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("target", ["%00", "' OR 1=1 --", "//evil.example/", "https://evil.example/"])
def test_a_junk_next_after_adding_a_combo_returns_to_the_cart(client, target):
    response = client.post("/gio-hang/goi-qua/them/", {"combo": "999", "quantity": "1", "next": target})
    assert (response.status_code, response["Location"]) == (302, "/gio-hang/")


@pytest.mark.parametrize("quantity", ["0", "-1", "-99"])
def test_adding_fewer_than_one_combo_says_at_least_one_as_the_pack_form_does(client, gift_box, quantity):
    response = client.post(
        "/gio-hang/goi-qua/them/", {"combo": gift_box.pk, "quantity": quantity}, follow=True
    )
    assert [str(m) for m in response.context["messages"]] == ["Số lượng ít nhất là 1."]
    product_form = client.post(
        "/gio-hang/them/",
        {"pack_size": gift_box.components.first().pack_size_id, "quantity": quantity},
        follow=True,
    )
    assert [str(m) for m in product_form.context["messages"]] == ["Số lượng ít nhất là 1."]
    assert "c" + str(gift_box.pk) not in client.session.get("cart", {})
