"""The lot list, the stock screen and the stock log find a product typed without tone marks: "keo dua"
finds the lots, packs and stock changes of "Kẹo dừa sầu riêng", not those of "Trà mãng cầu"."""

import pytest

from catalogue.factories import PackSizeFactory, ProductPageFactory
from catalogue.stock import Reason, StockMovement
from traceability.factories import LotFactory

pytestmark = pytest.mark.search_index


@pytest.fixture
def tea_pack(producer, category):
    tea = ProductPageFactory(parent=producer, title="Trà mãng cầu", categories=[category])
    return PackSizeFactory(product=tea, sku="TRA-MC-01")


def test_the_lot_list_finds_a_product_typed_without_tone_marks(producer_client, lot, tea_pack):
    LotFactory(pack_size=tea_pack, code="TRA2406")

    page = producer_client.get("/admin/lots/", {"q": "keo dua"}).content.decode()

    assert lot.code in page
    assert "TRA2406" not in page


def test_the_stock_log_finds_a_product_typed_without_tone_marks(producer_client, pack, tea_pack):
    for pack_size in (pack, tea_pack):
        StockMovement.objects.create(
            pack_size=pack_size, old_stock=5, new_stock=9, reason=Reason.MANUAL_COUNT
        )

    page = producer_client.get("/admin/nhat-ky-ton-kho/", {"q": "keo dua"}).content.decode()

    assert pack.sku in page or str(pack) in page
    assert "TRA-MC-01" not in page and "Trà mãng cầu" not in page


def test_the_stock_screen_finds_a_product_typed_without_tone_marks(producer_client, pack, tea_pack):
    page = producer_client.get("/admin/ton-kho-va-gia/", {"q": "keo dua"}).content.decode()

    assert "Kẹo dừa sầu riêng" in page
    assert "Trà mãng cầu" not in page
