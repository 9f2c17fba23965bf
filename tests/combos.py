"""Gift combo fixtures shared by the catalogue and storefront tests (imported by name where used)."""

import pytest
import wagtail_factories

from catalogue.factories import (
    GiftComboComponentFactory,
    GiftComboIndexPageFactory,
    GiftComboPageFactory,
    PackSizeFactory,
    ProducerPageFactory,
    ProductPageFactory,
)


@pytest.fixture
def combo_index(home):
    return GiftComboIndexPageFactory(parent=home)


@pytest.fixture
def tea_pack(producer_index):
    """Another producer's pack: "Trà hoa vàng – Hộp 50g", 30.000 ₫, 8 in stock."""
    tea = ProducerPageFactory(parent=producer_index, title="HTX dược liệu Trường Sơn", slug="truong-son")
    product = ProductPageFactory(
        parent=tea, title="Trà hoa vàng", slug="tra-hoa-vang", image=None
    )  # no photo
    return PackSizeFactory(product=product, label="Hộp 50g", price=30_000, stock=8)


def make_combo(parent, components, *, price=99_000, title="Hộp quà kẹo dừa Bến Tre", image=None, **fields):
    """A live combo of `components` ({pack: quantity}), saved again so its search text names them."""
    combo = GiftComboPageFactory(parent=parent, title=title, price=price, image=image, **fields)
    for pack, quantity in components.items():
        GiftComboComponentFactory(combo=combo, pack_size=pack, quantity=quantity)
    combo.save()
    return combo


@pytest.fixture
def gift_box(combo_index, product, tea_pack):
    """2 × Kẹo dừa sầu riêng Hộp 400g (45.000, 12 in stock) + 1 × Trà hoa vàng Hộp 50g (30.000, 8 in
    stock): 120.000 ₫ bought singly, 99.000 ₫ as a box."""
    pack = product.pack_sizes.get()
    return make_combo(combo_index, {pack: 2, tea_pack: 1}, slug="hop-qua-keo-dua", summary="Quà Tết xứ dừa.")


@pytest.fixture
def combo_image(db):
    return wagtail_factories.ImageFactory(title="Hộp quà")
