"""The gift combo cart forms answer junk like the pack-size cart forms do: back to the cart, never a 500."""

import pytest

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("target", ["%00", "' OR 1=1 --", "//evil.example/", "https://evil.example/"])
def test_a_junk_next_after_adding_a_combo_returns_to_the_cart(client, target):
    response = client.post("/gio-hang/goi-qua/them/", {"combo": "999", "quantity": "1", "next": target})
    assert (response.status_code, response["Location"]) == (302, "/gio-hang/")
