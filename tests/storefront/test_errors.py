"""What went wrong names what it concerns (the pack size, the field), and views catch one base class."""

import pytest
from django.contrib.sessions.backends.db import SessionStore

from storefront import errors
from storefront.cart import Cart
from storefront.errors import CartError, CheckoutError, OutOfStock, PriceChanged, StorefrontError
from storefront.models import Order

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(
    "error_class",
    [
        errors.CartError,
        errors.EmptyCart,
        errors.ItemUnavailable,
        errors.PriceChanged,
        errors.OutOfStock,
        errors.TransitionError,
        errors.PaymentError,
        errors.ProviderUnavailable,
    ],
)
def test_every_error_a_buyer_or_staff_member_may_meet_is_a_storefront_error(error_class):
    assert issubclass(error_class, StorefrontError)


def test_running_out_of_stock_at_checkout_is_a_checkout_error_naming_the_pack_and_the_quantity(pack, place):
    with pytest.raises(CheckoutError) as caught:
        place({pack: 13})  # 12 in stock
    error = caught.value
    assert isinstance(error, OutOfStock)
    assert (error.pack_size_id, error.field, error.requested) == (pack.pk, "quantity", 13)
    assert (
        error.message == "“Kẹo dừa sầu riêng – Hộp 400g” không còn đủ 13 sản phẩm. Giỏ hàng đã được cập nhật."
    )
    assert not Order.objects.exists()
    pack.refresh_from_db()
    assert pack.stock == 12


def test_a_price_change_at_checkout_names_the_pack(pack, details, shipping):
    from storefront.checkout import place_order
    from storefront.payments import get_provider

    with pytest.raises(PriceChanged) as caught:
        place_order(
            quantities={pack.pk: 1},
            seen_prices={pack.pk: pack.price - 1000},
            details=details,
            provider=get_provider("cod"),
            shipping=shipping,
        )
    assert caught.value.pack_size_id == pack.pk
    assert not Order.objects.exists()


def test_asking_the_cart_for_more_than_the_stock_names_the_pack_and_the_quantity_field(pack):
    cart = Cart(SessionStore())
    with pytest.raises(CartError) as caught:
        cart.add(pack.pk, 13)
    assert (caught.value.pack_size_id, caught.value.field) == (pack.pk, "quantity")
    assert caught.value.message == "“Kẹo dừa sầu riêng – Hộp 400g” chỉ còn 12 sản phẩm."
    assert len(cart) == 0
