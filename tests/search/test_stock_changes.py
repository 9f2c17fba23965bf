"""The in-stock facet is right the moment the last unit sells (or comes back), on every engine:
stock moves made by guarded updates announce `catalogue.signals.stock_changed` after commit."""

import pytest
from django.urls import reverse

from catalogue.factories import PackSizeFactory
from catalogue.signals import stock_changed
from places.models import Province
from search.engines import elasticsearch, reset_engines
from storefront import orders
from storefront.models import Order
from tests.search.fake_elasticsearch import FakeNode, fake_client
from tests.search.results import URL, titles
from tests.storefront.checkout_pages import send_checkout

from .conftest import VINH_LONG, reindex

pytestmark = pytest.mark.django_db


def in_stock_count(response):
    for facet in response.context["search"].facets:
        if facet.name == "in_stock":
            return sum(option.count for option in facet.options)
    return 0


def buy_through_checkout(client, pack, quantity, capture):
    """Add to the cart and place a cash-on-delivery order through the real views; commit callbacks run."""
    client.post(reverse("storefront:cart_add"), {"pack_size": pack.pk, "quantity": quantity})
    province = Province.objects.get(code=VINH_LONG)
    data = {
        "full_name": "Nguyễn Thị Hoa",
        "phone": "0912 345 678",
        "email": "",
        "province": province.pk,
        "commune": province.communes.order_by("code").first().pk,
        "street": "12 Đồng Khởi",
        "note": "",
        "payment_method": "cod",
    }
    with capture(execute=True):
        response = send_checkout(client, data, follow=False)
    assert response.status_code == 302, response.content.decode()[:500]
    return Order.objects.latest("pk")


def test_selling_the_last_unit_through_checkout_drops_the_product_from_in_stock_at_once(
    client, catalogue, django_capture_on_commit_callbacks
):
    honey = catalogue["mat_ong"]  # one pack, 3 in stock
    before = client.get(URL, {"in_stock": 1})
    assert honey.title in titles(before)
    assert in_stock_count(client.get(URL)) == 3

    order = buy_through_checkout(client, honey.pack_sizes.get(), 3, django_capture_on_commit_callbacks)

    assert honey.pack_sizes.get().stock == 0
    after = client.get(URL, {"in_stock": 1})
    assert honey.title not in titles(after)
    assert len(titles(after)) == len(titles(before)) - 1
    assert in_stock_count(client.get(URL)) == 2

    # Cancelling gives the units back, and the product returns to the facet.
    with django_capture_on_commit_callbacks(execute=True):
        assert orders.buyer_cancel(order)
    assert honey.title in titles(client.get(URL, {"in_stock": 1}))
    assert in_stock_count(client.get(URL)) == 3


def test_a_checkout_that_fails_on_its_last_line_announces_nothing(
    catalogue, django_capture_on_commit_callbacks
):
    from storefront.checkout import place_order
    from storefront.errors import OutOfStock
    from storefront.models import ShippingSettings
    from storefront.payments import get_provider

    heard = []

    def listener(sender, **kwargs):
        heard.append(kwargs)

    tea, honey = catalogue["tra_xanh"].pack_sizes.get(), catalogue["mat_ong"].pack_sizes.get()
    province = Province.objects.get(code=VINH_LONG)
    details = {
        "full_name": "Trần Văn Nam",
        "phone": "+84912345678",
        "province": province,
        "commune": province.communes.order_by("code").first(),
        "street": "5 Lê Lợi",
    }
    stock_changed.connect(listener)
    try:
        with django_capture_on_commit_callbacks(execute=True), pytest.raises(OutOfStock):
            place_order(
                quantities={tea.pk: 1, honey.pk: 4},  # honey: 3 in stock, taken after tea
                seen_prices={tea.pk: tea.price, honey.pk: honey.price},
                details=details,
                provider=get_provider("cod"),
                shipping=ShippingSettings(flat_fee=30_000, free_above=0),
            )
    finally:
        stock_changed.disconnect(listener)
    assert heard == []
    assert type(tea).objects.get(pk=tea.pk).stock == 5  # the first line's stock came back


def test_saving_a_pack_size_announces_its_stock_with_its_product(product, django_capture_on_commit_callbacks):
    heard = []

    def listener(sender, **kwargs):
        heard.append(kwargs)

    stock_changed.connect(listener)
    try:
        pack = product.pack_sizes.get()
        pack.stock = 0
        with django_capture_on_commit_callbacks(execute=True):
            pack.save()
    finally:
        stock_changed.disconnect(listener)
    assert heard == [
        {"signal": stock_changed, "pack_size_ids": {pack.pk}, "product_ids": {product.pk}, "reason": "saved"}
    ]


@pytest.fixture
def recording_elasticsearch(monkeypatch, settings):
    FakeNode.calls, FakeNode.routes, FakeNode.error = [], {}, None
    elasticsearch.ElasticsearchEngine._down_until = 0.0
    settings.ELASTICSEARCH_URL = "http://es.test:9200"
    settings.ELASTICSEARCH_INDEX = "ocop-products"
    settings.SEARCH_ENGINES = ["search.engines.elasticsearch.ElasticsearchEngine"]
    monkeypatch.setattr(elasticsearch, "make_client", fake_client)
    reset_engines()
    yield FakeNode
    reset_engines()


def test_selling_the_last_unit_reindexes_the_product_in_elasticsearch_as_out_of_stock(
    client, product, recording_elasticsearch, django_capture_on_commit_callbacks
):
    pack = product.pack_sizes.get()  # 12 in stock
    FakeNode.calls.clear()
    buy_through_checkout(client, pack, 12, django_capture_on_commit_callbacks)
    indexed = [c for c in FakeNode.calls if c["method"] == "PUT" and c["path"].endswith("/_bulk")]
    assert indexed, "the sale sent nothing to Elasticsearch"
    action, document = indexed[-1]["body"]
    assert action == {"index": {"_index": "ocop-products", "_id": product.pk}}
    assert document["in_stock"] is False


def test_selling_the_last_cheaper_pack_raises_the_from_price_in_elasticsearch(
    client, product, recording_elasticsearch, django_capture_on_commit_callbacks
):
    bag = PackSizeFactory(product=product, label="Túi 250g", price=30_000, stock=1)  # beside 45.000 × 12
    FakeNode.calls.clear()
    buy_through_checkout(client, bag, 1, django_capture_on_commit_callbacks)
    indexed = [c for c in FakeNode.calls if c["method"] == "PUT" and c["path"].endswith("/_bulk")]
    _action, document = indexed[-1]["body"]
    assert (document["min_price"], document["max_price"], document["in_stock"]) == (45_000, 45_000, True)


def test_restocking_a_sold_out_cheaper_pack_brings_its_price_back_to_search(
    client, catalogue, django_capture_on_commit_callbacks
):
    keo = catalogue["sau_rieng"]  # Hộp 400g, 45.000, 12 in stock
    bag = PackSizeFactory(product=keo, label="Túi 250g", price=30_000, stock=0)
    reindex()
    assert titles(client.get(URL, {"in_stock": 1, "price_max": 30_000})) == []

    bag.stock = 10
    with django_capture_on_commit_callbacks(execute=True):
        bag.save()  # an editor's restock: stock_changed after commit updates every engine

    assert titles(client.get(URL, {"in_stock": 1, "price_max": 30_000})) == [keo.title]
    assert "từ <strong>30.000\u00a0₫</strong>" in client.get(URL, {"q": "sau rieng"}).content.decode()
