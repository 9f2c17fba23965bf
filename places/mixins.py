"""A Vietnamese address for anything that has one (producers, OCOP stores): its fields, its admin panel
and its rules, in one abstract model.

    class StorePage(AddressMixin, Page):
        content_panels = [*Page.content_panels, AddressMixin.address_panel(FieldPanel("map_url"))]

A model may redeclare a field to tighten it (a store's street address is required).
"""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _
from wagtail.admin.panels import FieldPanel, MultiFieldPanel

from .models import Commune, Province


class AddressMixin(models.Model):
    province = models.ForeignKey(
        Province, verbose_name=_("tỉnh/thành phố"), on_delete=models.PROTECT, related_name="+"
    )
    commune = models.ForeignKey(
        Commune,
        verbose_name=_("xã/phường"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    street_address = models.CharField(_("địa chỉ (số nhà, thôn, ấp)"), max_length=200, blank=True)
    former_address = models.CharField(
        _("địa danh cũ"),
        max_length=200,
        blank=True,
        help_text=_("Tên trước sáp nhập 2025, ví dụ: xã Yên Sơn, huyện Lục Nam cũ, tỉnh Bắc Giang"),
    )

    class Meta:
        abstract = True

    @staticmethod
    def address_panel(*extra_panels):
        """The "Địa chỉ" group of the edit form; `extra_panels` go below the address fields."""
        return MultiFieldPanel(
            [
                FieldPanel("province"),
                FieldPanel("commune"),
                FieldPanel("street_address"),
                FieldPanel("former_address"),
                *extra_panels,
            ],
            heading=_("Địa chỉ"),
        )

    def clean(self):
        super().clean()
        self.clean_address()

    def clean_address(self):
        if self.commune_id and self.province_id and self.commune.province_id != self.province_id:
            raise ValidationError({"commune": _("Xã/phường này không thuộc tỉnh/thành phố đã chọn.")})

    @property
    def address_line(self) -> str:
        parts = [self.street_address, self.commune.name if self.commune_id else "", self.province.name]
        return ", ".join(p for p in parts if p)
