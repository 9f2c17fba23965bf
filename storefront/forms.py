"""Forms of the cart and the checkout. Nothing about money is ever read from a form."""

import unicodedata

from django import forms
from django.urls import reverse_lazy
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from catalogue.phone import TypedPhoneField
from cms.templatetags.language_tags import content_language
from places.choices import place_choices
from places.codes import parse_code
from places.forms import chosen_province_code, communes_of
from places.models import Commune, Province

from .cart import MAX_QUANTITY
from .models import Order
from .payments import enabled_providers
from .phone import validate_callback_phone

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


class PlaceSelect(forms.Select):
    """The names of provinces and communes are Vietnamese content: on a page in another language the
    list is marked lang="vi" for a screen reader, the select as a whole, so that the communes
    places/communes.js lists are too; its first line ("— Choose a province —") is the interface's."""

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        language = content_language()
        if language:
            context["widget"]["attrs"]["lang"] = language
        return context

    def create_option(self, name, value, label, selected, index, subindex=None, attrs=None):
        option = super().create_option(name, value, label, selected, index, subindex, attrs)
        if value == "" and content_language():
            option["attrs"]["lang"] = get_language()
        return option


def province_field() -> CodeChoiceField:
    return CodeChoiceField(
        label=_("Tỉnh/thành phố"),
        widget=PlaceSelect,
        queryset=Province.objects.all(),
        empty_label=_("— Chọn tỉnh/thành phố —"),
        error_messages={"required": _("Vui lòng chọn tỉnh/thành phố.")},
    )


def commune_field() -> CodeChoiceField:
    return CodeChoiceField(
        label=_("Xã/phường"),
        widget=PlaceSelect,
        queryset=Commune.objects.all(),
        empty_label=_("— Chọn xã/phường —"),
        required=False,  # checked in check_places(): the message depends on whether a province is chosen
    )


class DeliveryPlaceChoices:
    """The province and commune of a delivery, as a buyer picks them at checkout and staff correct
    them on an order: provinces in Vietnamese order, each led by its name so that typing it picks it
    ("Vĩnh Long (tỉnh)", places.choices), only the chosen province's communes offered (a
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
            *communes_of(chosen_province_code(self)),
        ]

    def _province_choices(self):
        provinces = place_choices(Province.objects.values_list("code", "name"))
        return [("", self.fields["province"].empty_label), *provinces]

    def check_places(self, cleaned):
        province, commune = cleaned.get("province"), cleaned.get("commune")
        if province and not commune and "commune" not in self.errors:
            self.add_error("commune", _("Vui lòng chọn xã/phường."))
        elif province and commune and commune.province_id != province.pk:
            self.add_error(
                "commune", _("Xã/phường đã chọn không thuộc %(province)s.") % {"province": province.name}
            )


# Direction controls (U+202A–U+202E, U+2066–U+2069 and the three marks) reorder what staff and the
# plain-text email show: U+202E turns "Hoa" into "aoH". Vietnamese names and addresses never need them.
BIDI_CONTROLS = frozenset("\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
# Invisible characters that only break staff's search ("Nguy\u200bễn" is not found by "Nguyễn"):
# dropped, with the blank "letters" (Hangul fillers, the blank Braille pattern) that pass for a name
# and the control characters a paste can carry (ESC, BEL…; NUL is refused by Django itself); a tab
# becomes a space. Joiners (U+200C, U+200D) stay, as emoji in a note need them.
_BLANK_LETTERS = "\u115f\u1160\u3164\uffa0\u2800"
_CONTROLS = "".join(chr(code) for code in [*range(1, 32), *range(127, 160)] if chr(code) not in "\t\n\r")
DROPPED_INVISIBLES = str.maketrans(
    {**dict.fromkeys(map(ord, "\u00ad\u200b\u2060\ufeff" + _BLANK_LETTERS + _CONTROLS)), ord("\t"): " "}
)


def _invisible(ch: str) -> bool:
    return ch.isspace() or unicodedata.category(ch) == "Cf"


class TypedTextField(forms.CharField):
    """Text a buyer types for people to read: a name, a street, a note.

    Stored in NFC, so a name typed on a keyboard that sends decomposed letters (NFD: "e" + U+0302 +
    U+0303) is the "Nguyễn" staff search for; nothing but invisible characters counts as empty (the
    "required" message, not an order for "\u200b"); direction controls are refused with a message.
    Unless `multiline` (the note), the value is one line: its line breaks and runs of spaces become one
    space, as the <input> would have typed it. A hand-made POST could otherwise send "Hoa\r\nBcc: …" and
    split the confirmation email's "Chào Hoa," into lines of the buyer's own text."""

    default_error_messages = {
        "bidi": _("Ô này có ký tự ẩn làm đảo chiều chữ; vui lòng xoá và gõ lại."),
    }

    def __init__(self, *, multiline=False, **kwargs):
        self.multiline = multiline
        super().__init__(**kwargs)

    def to_python(self, value):
        value = unicodedata.normalize("NFC", super().to_python(value)).translate(DROPPED_INVISIBLES)
        if all(_invisible(ch) for ch in value):
            return ""
        return value.strip() if self.multiline else " ".join(value.split())

    def widget_attrs(self, widget):
        # No maxlength on the box: a browser cuts a longer paste there without a word (the end of an
        # address lost), where the form's own message says how long it is and keeps all of it to shorten.
        attrs = super().widget_attrs(widget)
        attrs.pop("maxlength", None)
        return attrs

    def validate(self, value):
        super().validate(value)
        if any(ch in BIDI_CONTROLS for ch in value):
            raise forms.ValidationError(self.error_messages["bidi"], code="bidi")


# The buyer's details, as the checkout takes them and staff correct them on an order (one definition, so
# that both hold them to the same limits and rules). Each limit is its column's (Order): a longer value
# must be a message here, never a database error (PostgreSQL refuses a varchar too long; a 500).


def full_name_field() -> TypedTextField:
    return TypedTextField(
        label=_("Họ và tên"),
        max_length=120,
        error_messages={
            "required": _("Vui lòng nhập họ và tên."),
            "max_length": _("Họ và tên dài tối đa %(limit_value)d ký tự (bạn đã nhập %(show_value)d)."),
        },
    )


def phone_field(validators=(validate_callback_phone,)) -> TypedPhoneField:
    """By default a number the shop can call back to confirm: a Vietnamese mobile or landline."""
    return TypedPhoneField(
        label=_("Số điện thoại"),
        region="VN",
        validators=list(validators),
        widget=forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "0912 345 678"}
        ),
        error_messages={
            "required": _("Vui lòng nhập số điện thoại."),
            "invalid": _("Số điện thoại chưa đúng, ví dụ: 0912 345 678."),
        },
    )


def email_field() -> forms.EmailField:
    return forms.EmailField(
        label=_("Email (không bắt buộc)"),
        required=False,
        max_length=254,  # Order.email's column; a form's EmailField would allow 320
        error_messages={
            "invalid": _("Email chưa đúng, ví dụ: hoa@example.vn."),
            "max_length": _("Email dài tối đa %(limit_value)d ký tự (bạn đã nhập %(show_value)d)."),
        },
        help_text=_("Để nhận xác nhận đơn hàng qua email."),
    )


def street_field() -> TypedTextField:
    return TypedTextField(
        label=_("Số nhà, tên đường, thôn/ấp"),
        max_length=200,
        error_messages={
            "required": _("Vui lòng nhập số nhà, tên đường, thôn/ấp."),
            "max_length": _("Địa chỉ dài tối đa %(limit_value)d ký tự (bạn đã nhập %(show_value)d)."),
        },
    )


def note_field() -> TypedTextField:
    return TypedTextField(
        label=_("Ghi chú giao hàng"),
        multiline=True,
        required=False,
        max_length=500,  # the column has no limit; a note is a sentence or two for the courier
        widget=forms.Textarea(attrs={"rows": 2}),
        error_messages={
            "max_length": _("Ghi chú dài tối đa %(limit_value)d ký tự (bạn đã nhập %(show_value)d).")
        },
    )


# The buyer's own details, named with the HTML autofill tokens so that a phone offers the name, address
# and email it has saved. Only at checkout: on the staff's correction form they would offer staff's own.
# A Vietnamese address since July 2025 has two levels: the province (level 1) and the commune (level 2).
CHECKOUT_AUTOFILL = {
    "full_name": "name",
    "email": "email",
    "province": "address-level1",
    "commune": "address-level2",
    "street": "street-address",  # one box for the number, street and hamlet: a saved address on one line
}


class PaymentChoices(forms.RadioSelect):
    """Radio buttons of which some are shown but cannot be chosen (`unavailable`): the buyer sees that
    way to pay and, beside it, why not."""

    unavailable: frozenset[str] = frozenset()

    def create_option(self, *args, **kwargs):
        option = super().create_option(*args, **kwargs)
        if option["value"] in self.unavailable:
            option["attrs"]["disabled"] = True
        return option


class CheckoutForm(DeliveryPlaceChoices, forms.Form):
    full_name = full_name_field()
    phone = phone_field()
    email = email_field()
    province = province_field()
    commune = commune_field()
    street = street_field()
    note = note_field()
    payment_method = forms.ChoiceField(
        label=_("Cách thanh toán"),
        widget=PaymentChoices,
        error_messages={
            "invalid_choice": _("Cách thanh toán này hiện không dùng được; vui lòng chọn cách khác."),
            "required": _("Vui lòng chọn cách thanh toán."),
        },
    )

    def __init__(self, *args, total: int = 0, **kwargs):
        super().__init__(*args, **kwargs)
        self.providers = {provider.identifier: provider for provider in enabled_providers()}
        self.fields["payment_method"].choices = [(key, p.label) for key, p in self.providers.items()]
        self.offer_payments(total)
        self.offer_places()
        for name, token in CHECKOUT_AUTOFILL.items():
            self.fields[name].widget.attrs["autocomplete"] = token

    def offer_payments(self, total: int) -> None:
        """The ways to pay an order of `total` đồng: one that cannot collect it (above Stripe's limit), or
        whose service has just failed, is shown disabled, saying why; the first that can is chosen."""
        self.total = total
        self.refusals = {key: self._why_not(provider) for key, provider in self.providers.items()}
        field = self.fields["payment_method"]
        field.widget.unavailable = frozenset(key for key, why in self.refusals.items() if why)
        field.initial = next((key for key, why in self.refusals.items() if not why), None)

    def clean_payment_method(self):
        """A way to pay sent although it cannot collect this total (a forged or stale form): why not."""
        key = self.cleaned_data["payment_method"]
        provider = self.providers[key]
        if why := provider.refuses(self.total):
            choose_another = _("Vui lòng chọn cách thanh toán khác.")
            raise forms.ValidationError(f"{why} {choose_another}", code="too_large")
        if why := provider.unavailable_now():
            raise forms.ValidationError(why, code="unavailable")
        return key

    def _why_not(self, provider) -> str:
        return provider.refuses(self.total) or provider.unavailable_now()

    def clean(self):
        cleaned = super().clean()
        self.check_places(cleaned)
        return cleaned

    @property
    def payment_options(self):
        """(radio button, provider, why it cannot be chosen or "") for each provider offered, so the
        template prints each one's description, or why not."""
        buttons = zip(self["payment_method"], self.providers.items(), strict=True)
        return [(button, provider, self.refusals[key]) for button, (key, provider) in buttons]

    @property
    def provider(self):
        return self.providers.get(self.cleaned_data.get("payment_method"))

    def order_details(self) -> dict:
        data = self.cleaned_data
        return {
            key: data[key] for key in ("full_name", "phone", "email", "province", "commune", "street", "note")
        }


class ShopCancelForm(forms.Form):
    """The question "Huỷ đơn?" the shop answers before cancelling, with why (optional): the buyer reads
    it on the order page and in the cancellation email, so it is short and shown as typed."""

    reason = forms.CharField(
        label=_("Lý do huỷ (không bắt buộc)"),
        required=False,
        max_length=Order._meta.get_field("cancel_reason").max_length,
        widget=forms.Textarea(attrs={"rows": 3}),
        error_messages={
            "max_length": _("Lý do dài %(show_value)d ký tự: hãy viết gọn, tối đa %(limit_value)d ký tự.")
        },
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["reason"].help_text = _(
            "Người mua đọc lý do này trên trang đơn hàng và trong email báo huỷ. Tối đa %(max)s ký tự. "
            "Ví dụ: sản phẩm tạm hết hàng, không liên lạc được với người mua."
        ) % {"max": self.fields["reason"].max_length}
