"""Forms of the cart and the checkout. Nothing about money is ever read from a form."""

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import gettext_lazy as _
from phonenumber_field.formfields import PhoneNumberField

from places.codes import parse_code
from places.collation import sort_places
from places.models import Commune, Province

from .cart import MAX_QUANTITY
from .payments import enabled_providers

MAX_ID = 2**31 - 1
BAD_PACK = {key: _("Sản phẩm không hợp lệ.") for key in ("invalid", "required", "min_value", "max_value")}
QUANTITY_ERRORS = {
    "invalid": _("Số lượng phải là số nguyên dương."),
    "required": _("Vui lòng nhập số lượng."),
    "min_value": _("Số lượng ít nhất là %(limit_value)s."),
    "max_value": _("Mỗi sản phẩm đặt tối đa %(limit_value)s đơn vị."),
}


def quantity_to_add() -> forms.IntegerField:
    """How many to add to the cart, a pack or a gift box: at least one, so 0 and -1 read alike."""
    return forms.IntegerField(
        label=_("Số lượng"), min_value=1, max_value=MAX_QUANTITY, initial=1, error_messages=QUANTITY_ERRORS
    )


class AddToCartForm(forms.Form):
    pack_size = forms.IntegerField(
        min_value=1, max_value=MAX_ID, widget=forms.HiddenInput, error_messages=BAD_PACK
    )
    quantity = quantity_to_add()


class UpdateCartForm(forms.Form):
    pack_size = forms.IntegerField(
        min_value=1, max_value=MAX_ID, widget=forms.HiddenInput, error_messages=BAD_PACK
    )
    quantity = forms.IntegerField(
        label=_("Số lượng"),
        min_value=0,
        max_value=MAX_QUANTITY,
        error_messages=QUANTITY_ERRORS,
    )


class RemoveFromCartForm(forms.Form):
    pack_size = forms.IntegerField(
        min_value=1, max_value=MAX_ID, widget=forms.HiddenInput, error_messages=BAD_PACK
    )


class CodeChoiceField(forms.ModelChoiceField):
    """A province or commune by its code: anything but a code (places.codes) is an invalid
    choice before any query (a 30-digit number would overflow the database's integer: a 500)."""

    def to_python(self, value):
        if value not in self.empty_values and parse_code(value) is None:
            raise forms.ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
        return super().to_python(value)


def province_field() -> CodeChoiceField:
    return CodeChoiceField(
        label=_("Tỉnh/thành phố"),
        queryset=Province.objects.all(),
        empty_label=_("— Chọn tỉnh/thành phố —"),
    )


def commune_field() -> CodeChoiceField:
    return CodeChoiceField(
        label=_("Xã/phường"),
        queryset=Commune.objects.all(),
        empty_label=_("— Chọn xã/phường —"),
        required=False,  # checked in check_places(): the message depends on whether a province is chosen
    )


class DeliveryPlaceChoices:
    """The province and commune of a delivery, as a buyer picks them at checkout and staff correct
    them on an order: provinces in Vietnamese order, only the chosen province's communes offered (a
    short list, without JavaScript too; `storefront/communes.js` refreshes it when the province
    changes), and a commune that belongs to its province. For a form with `province_field()` and
    `commune_field()`."""

    def offer_places(self):
        # Lazy (a callable), so only rendering the form reads and sorts the provinces, never a POST.
        self.fields["province"].choices = self._province_choices
        self.fields["province"].widget.attrs.update(
            {
                "data-communes-url": reverse_lazy("storefront:communes"),
                "data-commune-select": self["commune"].auto_id,
            }
        )
        self.fields["commune"].widget.choices = [
            ("", self.fields["commune"].empty_label),
            *self._commune_choices(),
        ]

    def _province_choices(self):
        rows = sort_places(Province.objects.values_list("code", "name"), name=lambda row: row[1])
        return [("", self.fields["province"].empty_label), *rows]

    def chosen_province_code(self) -> int | None:
        value = self.data.get(self.add_prefix("province")) if self.is_bound else self.initial.get("province")
        return parse_code(value)

    def _commune_choices(self):
        code = self.chosen_province_code()
        if code is None:
            return []
        rows = Commune.objects.filter(province_id=code).values_list("code", "name")
        return sort_places(rows, name=lambda row: row[1])

    def check_places(self, cleaned):
        province, commune = cleaned.get("province"), cleaned.get("commune")
        if province and not commune and "commune" not in self.errors:
            self.add_error("commune", _("Vui lòng chọn xã/phường."))
        elif province and commune and commune.province_id != province.pk:
            self.add_error(
                "commune", _("Xã/phường đã chọn không thuộc %(province)s.") % {"province": province.name}
            )


class CheckoutForm(DeliveryPlaceChoices, forms.Form):
    full_name = forms.CharField(label=_("Họ và tên"), max_length=120)
    phone = PhoneNumberField(
        label=_("Số điện thoại"),
        region="VN",
        widget=forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "0912 345 678"}
        ),
        error_messages={"invalid": _("Số điện thoại chưa đúng, ví dụ: 0912 345 678.")},
    )
    email = forms.EmailField(
        label=_("Email (không bắt buộc)"),
        required=False,
        help_text=_("Để nhận xác nhận đơn hàng qua email."),
    )
    province = province_field()
    commune = commune_field()
    street = forms.CharField(label=_("Số nhà, tên đường, thôn/ấp"), max_length=200)
    note = forms.CharField(
        label=_("Ghi chú giao hàng"), required=False, max_length=500, widget=forms.Textarea(attrs={"rows": 2})
    )
    payment_method = forms.ChoiceField(
        label=_("Cách thanh toán"),
        widget=forms.RadioSelect,
        error_messages={
            "invalid_choice": _("Cách thanh toán này hiện không dùng được; vui lòng chọn cách khác."),
            "required": _("Vui lòng chọn cách thanh toán."),
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.providers = {provider.identifier: provider for provider in enabled_providers()}
        self.fields["payment_method"].choices = [(key, p.label) for key, p in self.providers.items()]
        self.fields["payment_method"].initial = next(iter(self.providers))
        self.offer_places()

    def clean(self):
        cleaned = super().clean()
        self.check_places(cleaned)
        return cleaned

    @property
    def payment_options(self):
        """(radio button, provider) pairs, so the template can print each provider's description."""
        return list(zip(self["payment_method"], self.providers.values(), strict=True))

    @property
    def provider(self):
        return self.providers.get(self.cleaned_data.get("payment_method"))

    def order_details(self) -> dict:
        data = self.cleaned_data
        return {
            key: data[key] for key in ("full_name", "phone", "email", "province", "commune", "street", "note")
        }
