"""After the order: "Tra cứu đơn hàng" (find an order by its code and phone)."""

from django import forms
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from catalogue.phone import TypedPhoneField
from pagecache.methods import SAFE_OR_POST, takes_methods

from .contact import with_reach_us
from .lookup import (
    LOOKUP_WINDOW_SECONDS,
    TooManyAttempts,
    count_failure,
    find_order,
    normalise_code,
    refuse_if_too_many,
)
from .models import CODE_LENGTH, CODE_PREFIX
from .order_links import to_the_order
from .personal import personal_page

NOT_FOUND = _("Không tìm thấy đơn hàng với mã và số điện thoại này. Vui lòng kiểm tra lại.")
TOO_MANY = _("Bạn đã thử quá nhiều lần. Vui lòng thử lại sau 15 phút.")
CODE_SHAPE = _("Mã đơn hàng gồm %(length)s ký tự, bắt đầu bằng %(prefix)s, ví dụ: %(example)s.")
EXAMPLE_CODE = "OCK7M4TQ9P"


class OrderLookupForm(forms.Form):
    # No max_length: the spaces and dashes people type do not count, so the length is checked on the
    # code as normalised (clean_code), with a message that says what a code looks like.
    code = forms.CharField(
        label=_("Mã đơn hàng"),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "placeholder": EXAMPLE_CODE, "autocapitalize": "characters"}
        ),
        error_messages={"required": _("Vui lòng nhập mã đơn hàng.")},
    )
    phone = TypedPhoneField(
        label=_("Số điện thoại đặt hàng"),
        region="VN",
        widget=forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "0912 345 678"}
        ),
        error_messages={
            "required": _("Vui lòng nhập số điện thoại đã dùng khi đặt hàng."),
            "invalid": _("Số điện thoại chưa đúng, ví dụ: 0912 345 678."),
        },
    )

    def clean_code(self):
        """The code as stored. One that cannot be a code (every code is "OC" and 8 characters) is
        explained here: its shape is no secret, and nothing is looked up or counted for it."""
        code = normalise_code(self.cleaned_data["code"])
        if not code:
            raise forms.ValidationError(self.fields["code"].error_messages["required"], code="required")
        if len(code) != CODE_LENGTH or not code.startswith(CODE_PREFIX):
            raise forms.ValidationError(
                CODE_SHAPE,
                code="shape",
                params={"length": CODE_LENGTH, "prefix": CODE_PREFIX, "example": EXAMPLE_CODE},
            )
        return code


@takes_methods(*SAFE_OR_POST)
@personal_page()
def order_lookup(request):
    form = OrderLookupForm(request.POST if request.method == "POST" else None)
    error, status = None, 200
    if request.method == "POST":
        try:
            refuse_if_too_many(request)
        except TooManyAttempts:
            error, status = with_reach_us(request, TOO_MANY), 429
        else:
            if form.is_valid():
                order = find_order(form.cleaned_data["code"], form.cleaned_data["phone"])
                if order is not None:
                    return to_the_order(request, order)
                count_failure(request)  # only a lookup that found nothing counts against the limit
                error = NOT_FOUND
    response = render(request, "storefront/order_lookup.html", {"form": form, "error": error}, status=status)
    if status == 429:
        response["Retry-After"] = str(LOOKUP_WINDOW_SECONDS)  # at most: the window began at the first miss
    return response
