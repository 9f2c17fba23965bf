"""Upper bounds on what an editor may type for a price or a stock count, as model field validators so
every form (product editor, stock and price screen, pack-size admin, gift combos) refuses the same.

Why bounds at all: a price of 9.223.372.036.854.775.807 ₫ fits SQLite's column, but the order total of
two such packs no longer fits any database's (checkout failed with a server error). One pack at most
1.000.000.000 ₫ and a stock of at most 1.000.000 are far above anything an OCOP producer sells, and
keep an order's total within the columns the storefront stores it in.
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from .admin_fields import GroupedNumberInput
from .money import format_vnd, group_thousands

MAX_PRICE = 1_000_000_000
MAX_STOCK = 1_000_000
PRICE_ABOVE_ZERO = _("Giá phải lớn hơn 0 ₫.")


def validate_price(value) -> None:
    # Refused here, in words, before the database's check constraint (price > 0) would answer with
    # Django's "Constraint “pack_size_price_positive” is violated."
    if value is not None and value < 1:
        raise ValidationError(PRICE_ABOVE_ZERO, code="min_value")
    if value is not None and value > MAX_PRICE:
        raise ValidationError(
            _("Giá tối đa là %(max)s. Hãy kiểm tra lại số đã nhập."),
            code="max_value",
            params={"max": format_vnd(MAX_PRICE)},
        )


def validate_stock(value) -> None:
    if value is not None and value > MAX_STOCK:
        raise ValidationError(
            _("Số lượng tối đa là %(max)s. Hãy kiểm tra lại số đã nhập."),
            code="max_value",
            params={"max": group_thousands(MAX_STOCK)},
        )


class PriceField(models.PositiveIntegerField):
    """A price in whole đồng whose form field refuses zero and below with one message, "Giá phải lớn hơn
    0 ₫." (a PositiveIntegerField's form field would say "Giá trị phải lớn hơn hoặc bằng 0." to a
    negative price, and stop there). Migrations know it as the plain PositiveIntegerField: a form's
    rule changes no column. Its box shows the saved price grouped ("48.000")."""

    def formfield(self, **kwargs):
        return super().formfield(
            **{
                "min_value": 1,
                "error_messages": {"min_value": PRICE_ABOVE_ZERO},
                "widget": GroupedNumberInput,
                **kwargs,
            }
        )

    def deconstruct(self):
        name, _path, args, kwargs = super().deconstruct()
        return name, "django.db.models.PositiveIntegerField", args, kwargs
