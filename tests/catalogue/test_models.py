"""Catalogue rules that need the database: validation an editor meets, the tree's shape, the producer link."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from wagtail.models import Page

from catalogue.combos import GiftComboIndexPage, GiftComboPage
from catalogue.factories import PackSizeFactory, ProducerPageFactory, ProductPageFactory
from catalogue.models import (
    CategoryIndexPage,
    CategoryPage,
    PackSize,
    ProducerIndexPage,
    ProducerPage,
    ProductPage,
)
from catalogue.stores import StoreIndexPage, StorePage
from cms.models import HomePage, StandardPage
from places.models import Commune, Province

pytestmark = pytest.mark.django_db


def test_places_hold_the_34_provinces_and_their_communes_after_the_2025_reform():
    assert Province.objects.count() == 34
    assert Commune.objects.count() == 3321
    assert Province.objects.get(code=86).short_name == "Vĩnh Long"


def test_an_editor_entering_a_gtin_13_gets_it_stored_as_gtin_14(product):
    pack = PackSize(product=product, label="Túi 250g", sku="X-1", gtin="8930101001014", price=30_000, stock=5)
    pack.full_clean()
    assert pack.gtin == "08930101001014"
    assert pack.gtin13 == "8930101001014"


def test_a_pack_size_with_a_wrong_check_digit_is_refused_with_the_reason(product):
    pack = PackSize(product=product, label="Túi 250g", sku="X-2", gtin="8930101001015", price=30_000, stock=5)
    with pytest.raises(ValidationError) as error:
        pack.full_clean()
    assert "Số kiểm tra" in error.value.message_dict["gtin"][0]
    assert not PackSize.objects.filter(sku="X-2").exists()


def test_an_empty_gtin_gets_one_message_saying_it_is_required(product):
    pack = PackSize(product=product, label="Túi 250g", sku="X-4", gtin="", price=30_000, stock=5)
    with pytest.raises(ValidationError) as error:
        pack.full_clean()
    assert error.value.message_dict["gtin"] == ["Trường này không được để trống."]


def test_a_price_above_one_billion_dong_or_a_stock_above_a_million_is_refused_with_the_limit(product):
    pack = PackSize(
        product=product,
        label="Túi 250g",
        sku="X-3",
        gtin="8930101001014",
        price=1_000_000_001,
        stock=1_000_001,
        low_stock_threshold=1_000_001,
    )
    with pytest.raises(ValidationError) as error:
        pack.full_clean()
    assert error.value.message_dict == {
        "price": ["Giá tối đa là 1.000.000.000\u00a0₫. Hãy kiểm tra lại số đã nhập."],
        "stock": ["Số lượng tối đa là 1.000.000. Hãy kiểm tra lại số đã nhập."],
        "low_stock_threshold": ["Số lượng tối đa là 1.000.000. Hãy kiểm tra lại số đã nhập."],
    }
    pack.price, pack.stock, pack.low_stock_threshold = 1_000_000_000, 1_000_000, 5
    pack.full_clean()


def test_a_gift_combo_price_above_one_billion_dong_is_refused():
    combo = GiftComboPage(title="Hộp quà", slug="hop-qua", summary="Quà", price=1_000_000_001)
    with pytest.raises(ValidationError) as error:
        combo.clean_fields()
    assert error.value.message_dict["price"] == [
        "Giá tối đa là 1.000.000.000\u00a0₫. Hãy kiểm tra lại số đã nhập."
    ]


def test_stock_can_never_go_below_zero_in_the_database(product):
    pack = product.pack_sizes.get()
    with pytest.raises(IntegrityError), transaction.atomic():
        PackSize.objects.filter(pk=pack.pk).update(stock=-1)
    pack.refresh_from_db()
    assert pack.stock == 12


def test_potential_five_stars_needs_a_four_star_product(product):
    record = product.certification
    record.stars, record.potential_five = 5, True
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert "potential_five" in error.value.message_dict


def test_five_stars_are_granted_at_national_level(product):
    record = product.certification
    record.level = "province"
    with pytest.raises(ValidationError) as error:
        record.full_clean()
    assert "level" in error.value.message_dict


def test_a_producer_commune_must_lie_in_its_province(producer):
    producer.commune = Commune.objects.exclude(province=producer.province).first()
    with pytest.raises(ValidationError) as error:
        producer.full_clean()
    assert "commune" in error.value.message_dict


def test_a_product_belongs_to_the_producer_it_is_filed_under(product, producer):
    assert product.producer_id == producer.id


def test_moving_a_product_to_another_producer_moves_its_producer_link(product, producer_index):
    other = ProducerPageFactory(parent=producer_index, title="HTX Lục Sơn", slug="luc-son")
    product.move(other, pos="last-child")
    product.refresh_from_db()
    assert product.producer_id == other.id


@pytest.mark.parametrize(
    ("page_class", "parents", "children"),
    [
        (
            HomePage,
            {Page},
            {CategoryIndexPage, ProducerIndexPage, StoreIndexPage, GiftComboIndexPage, StandardPage},
        ),
        (StoreIndexPage, {HomePage}, {StorePage}),
        (GiftComboIndexPage, {HomePage}, {GiftComboPage}),
        (GiftComboPage, {GiftComboIndexPage}, set()),
        (StorePage, {StoreIndexPage}, set()),
        (CategoryIndexPage, {HomePage}, {CategoryPage}),
        (CategoryPage, {CategoryIndexPage}, set()),
        (ProducerIndexPage, {HomePage}, {ProducerPage}),
        (ProducerPage, {ProducerIndexPage}, {ProductPage}),
        (ProductPage, {ProducerPage}, set()),
    ],
)
def test_the_page_tree_allows_only_the_designed_parents_and_children(page_class, parents, children):
    assert set(page_class.allowed_parent_page_models()) == parents
    assert set(page_class.allowed_subpage_models()) == children


def test_there_is_only_one_home_page():
    assert HomePage.max_count == 1


def test_cards_are_priced_from_the_cheapest_pack_in_stock_and_carry_the_total_stock(product):
    PackSizeFactory(product=product, label="Túi 250g", price=30_000, stock=0)  # sold out: not "từ 30.000 ₫"
    PackSizeFactory(product=product, label="Hộp 600g", price=60_000, stock=3)
    card = ProductPage.objects.cards().get(pk=product.pk)
    assert (card.min_price, card.total_stock) == (45_000, 15)


def test_a_card_with_every_pack_sold_out_shows_its_cheapest_pack(product):
    product.pack_sizes.update(stock=0)
    PackSizeFactory(product=product, label="Túi 250g", price=30_000, stock=0)
    card = ProductPage.objects.cards().get(pk=product.pk)
    assert (card.min_price, card.total_stock) == (30_000, 0)


def test_an_unpublished_product_is_not_listed(product):
    product.unpublish()
    assert not ProductPage.objects.cards().filter(pk=product.pk).exists()


def test_a_certificate_older_than_36_months_shows_as_expired(producer, category):
    old = ProductPageFactory(
        parent=producer, ocop_stars=4, ocop_decision_date=datetime.date(2020, 6, 10), categories=[category]
    )
    assert old.badge.expired is True
