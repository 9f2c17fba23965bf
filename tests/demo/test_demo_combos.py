"""The demo's three gift combos, built from the seeds' products, for sale, cheaper than buying singly."""

import pytest
from django.core.management import call_command

from catalogue.combos import GiftComboComponent, GiftComboIndexPage, GiftComboPage

pytestmark = pytest.mark.django_db


def test_the_demo_has_three_gift_combos_for_sale_below_their_list_price(demo_catalogue, client):
    index = GiftComboIndexPage.objects.get()
    assert index.url == "/qua-tang/"
    combos = list(GiftComboPage.objects.cards().child_of(index))
    assert [c.title for c in combos] == [
        "Hộp quà kẹo dừa Bến Tre",
        "Quà Lục Nam: long nhãn và trà hoa vàng",
        "Giỏ quà xứ dừa",
    ]
    assert all(c.is_available and 0 < c.price < c.list_price and c.is_demo for c in combos)
    candy = combos[0]
    assert {c.pack_size.product.producer.slug for c in candy.component_list} == {"dong-a"}
    assert (candy.list_price, candy.saving) == (195_000, 20_000)
    for combo in combos:
        assert client.get(combo.url).status_code == 200
    assert client.get(index.url).status_code == 200


def test_loading_the_demo_again_adds_no_combo(demo_catalogue):
    before = (GiftComboPage.objects.count(), GiftComboComponent.objects.count())
    call_command("load_demo", verbosity=0)
    assert (GiftComboPage.objects.count(), GiftComboComponent.objects.count()) == before == (3, 10)
