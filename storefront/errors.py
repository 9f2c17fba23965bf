"""Everything a buyer or a member of staff may be told went wrong in the storefront, as one hierarchy.

Each error carries `message` (Vietnamese, translatable, ready to show) and what it concerns: the pack
size (`pack_size_id`), the form field (`field`) or the order. Views catch `StorefrontError` alone.

    StorefrontError
    ├── CartError                 a cart change that cannot be made (field "quantity" or "pack_size")
    ├── CheckoutError             placing the order failed; nothing was written
    │   ├── EmptyCart
    │   ├── ItemUnavailable       a pack size no longer for sale
    │   ├── PriceChanged          the buyer saw another price
    │   ├── OrderTooLarge         the total is above what one order may hold
    │   ├── OutOfStock            a guarded stock update touched no row
    │   └── AlreadyPlaced         the checkout page was submitted before: its order (`order`) stands
    ├── TransitionError           an order move the state machine refuses, or another actor made first
    └── PaymentError              the payment cannot go ahead
        └── ProviderUnavailable   the provider could not be reached; the order stays pending

A forged or malformed webhook is not the buyer's business: `InvalidWebhook` stands apart (answered 400).
"""

from django.utils.translation import gettext_lazy as _


class StorefrontError(Exception):
    def __init__(self, message, *, field: str | None = None, pack_size_id: int | None = None):
        super().__init__(str(message))
        self.message = message
        self.field = field
        self.pack_size_id = pack_size_id


class CartError(StorefrontError):
    pass


class CheckoutError(StorefrontError):
    pass


class EmptyCart(CheckoutError):
    pass


class ItemUnavailable(CheckoutError):
    pass


class PriceChanged(CheckoutError):
    pass


class OrderTooLarge(CheckoutError):
    pass


class OutOfStock(CheckoutError):
    """Not enough of one pack size left: names the pack, and how many were asked for."""

    def __init__(self, pack_size_id: int, label: str, requested: int):
        super().__init__(
            _("“%(label)s” không còn đủ %(count)s sản phẩm. Giỏ hàng đã được cập nhật.")
            % {"label": label, "count": requested},
            field="quantity",
            pack_size_id=pack_size_id,
        )
        self.label = label
        self.requested = requested


class AlreadyPlaced(CheckoutError):
    """The checkout page's token is taken: the same page was submitted before, or at the same moment,
    and that submission placed `order`."""

    def __init__(self, order):
        super().__init__(
            _("Đơn hàng %(code)s đã được đặt từ trang này; không có đơn trùng nào được tạo.")
            % {"code": order.code}
        )
        self.order = order


class TransitionError(StorefrontError):
    def __init__(self, order, target: str, message):
        super().__init__(message, field="state")
        self.order = order
        self.target = target


class PaymentError(StorefrontError):
    pass


class ProviderUnavailable(PaymentError):
    pass


class InvalidWebhook(Exception):
    """A webhook whose signature or body does not check out: answered 400, nothing changes."""
