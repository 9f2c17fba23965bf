"""Behaviour shared by everything that has a Vietnamese address (producers, OCOP stores)."""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _


class AddressMixin:
    """For models with `province`, `commune` and `street_address` fields."""

    def clean_address(self):
        if self.commune_id and self.province_id and self.commune.province_id != self.province_id:
            raise ValidationError({"commune": _("Xã/phường này không thuộc tỉnh/thành phố đã chọn.")})

    @property
    def address_line(self) -> str:
        parts = [self.street_address, self.commune.name if self.commune_id else "", self.province.name]
        return ", ".join(p for p in parts if p)
