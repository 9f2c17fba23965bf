"""A producer's order list finds an order by what staff type: part of its code (its last characters as
read over the phone, with or without the "OC" prefix and a hyphen), its product typed without tone
marks ("keo dua" finds the order of "Kẹo dừa sầu riêng"), and its buyer's name typed without them
("nguyen van a" finds Nguyễn Văn A's order), for staff and producers alike."""

import importlib

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.db import connection
from django.test.utils import CaptureQueriesContext

from catalogue.factories import PackSizeFactory, ProductPageFactory
from storefront.models import Order

pytestmark = pytest.mark.search_index

URL = "/admin/don-hang/"


@pytest.fixture
def tea_order(place, producer, category):
    tea = ProductPageFactory(parent=producer, title="Trà mãng cầu", categories=[category])
    return place({PackSizeFactory(product=tea, price=60_000, stock=10): 1})


def found(client, query) -> str:
    return client.get(URL, {"q": query}).content.decode()


@pytest.mark.parametrize("typed", ["{last6}", "OC{last6}", "oc-{last6}", "{code}", "OC-{rest}"])
def test_an_order_is_found_by_part_of_its_code(producer_client, place, pack, tea_order, typed):
    order = place({pack: 1})
    query = typed.format(last6=order.code[-6:].lower(), code=order.code, rest=order.code[2:])

    page = found(producer_client, query)

    assert order.code in page
    assert tea_order.code not in page


def test_an_order_is_found_by_its_product_typed_without_tone_marks(producer_client, place, pack, tea_order):
    coconut = place({pack: 1})  # "Kẹo dừa sầu riêng"

    page = found(producer_client, "keo dua")

    assert coconut.code in page
    assert tea_order.code not in page


@pytest.fixture
def staff_client(client, home):
    client.force_login(get_user_model().objects.create_superuser("staff", "staff@example.vn", "pw-staff-123"))
    return client


@pytest.fixture
def place_for(place, details, pack):
    """Place an order of the pack for a buyer of that name, as the checkout does."""

    def _place(full_name):
        details["full_name"] = full_name
        return place({pack: 1})

    return _place


@pytest.mark.parametrize("typed", ["nguyen van a", "NGUYEN VAN", "van  a", "Nguyễn Văn A", "nguyễn văn"])
def test_staff_find_an_order_by_the_buyers_name_typed_with_or_without_tone_marks(
    staff_client, place_for, typed
):
    nguyen = place_for("Nguyễn Văn A")
    other = place_for("Trần Thị Bích")

    page = found(staff_client, typed)

    assert nguyen.code in page
    assert other.code not in page


def test_a_producer_finds_its_order_by_the_buyers_name_typed_without_tone_marks(producer_client, place_for):
    dong = place_for("Đỗ Đức Đông")
    other = place_for("Lê Văn Tám")

    page = found(producer_client, "do duc dong")

    assert dong.code in page
    assert other.code not in page


def test_a_name_corrected_by_staff_is_found_by_its_new_name(staff_client, place_for):
    order = place_for("Nguyen Van A")
    form = {
        "full_name": "Phạm Thị Hằng",
        "phone": "0912 345 678",
        "email": "",
        "province": order.province_id,
        "commune": order.commune_id,
        "street": order.street,
        "note": "",
    }
    response = staff_client.post(f"/admin/don-hang/edit/{order.pk}/", form, follow=True)  # "saved" read
    assert response.redirect_chain[0][1] == 302

    assert order.code in found(staff_client, "pham thi hang")
    assert order.code not in found(staff_client, "nguyen van a")


def test_orders_placed_before_the_folded_name_are_found_once_migrated(staff_client, place_for):
    order = place_for("Nguyễn Văn A")
    Order.objects.filter(pk=order.pk).update(folded_name="")  # as the column was added
    migration = importlib.import_module("storefront.migrations.0013_order_folded_name")

    migration.fold_names(apps, None)

    assert order.code in found(staff_client, "nguyen van a")


def test_searching_by_name_takes_as_many_queries_for_three_orders_found_as_for_one(staff_client, place_for):
    first = place_for("Nguyễn Văn A")
    found(staff_client, "nguyen van a")  # the first page of the session loads the account's settings
    with CaptureQueriesContext(connection) as one:
        found(staff_client, "nguyen van a")
    more = [place_for("Nguyễn Văn An"), place_for("Nguyễn Văn Anh")]
    with CaptureQueriesContext(connection) as three:
        page = found(staff_client, "nguyen van a")

    assert all(order.code in page for order in [first, *more])
    assert len(three) == len(one)
