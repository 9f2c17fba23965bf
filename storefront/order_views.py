"""After the order: "Tra cứu đơn hàng" (find an order by its code and phone)."""

from django import forms
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from phonenumber_field.formfields import PhoneNumberField

from .contact import with_reach_us
from .lookup import (
    LOOKUP_WINDOW_SECONDS,
    TooManyAttempts,
    count_failure,
    find_order,
    normalise_code,
    refuse_if_too_many,
)

NOT_FOUND = _("Không tìm thấy đơn hàng với mã và số điện thoại này. Vui lòng kiểm tra lại.")
TOO_MANY = _("Bạn đã thử quá nhiều lần. Vui lòng thử lại sau 15 phút.")


class OrderLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Mã đơn hàng"),
        max_length=20,  # room for the spaces and dashes people type; normalised before matching
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "placeholder": "OCK7M4TQ9P", "autocapitalize": "characters"}
        ),
    )
    phone = PhoneNumberField(
        label=_("Số điện thoại đặt hàng"),
        region="VN",
        widget=forms.TextInput(
            attrs={"inputmode": "tel", "autocomplete": "tel", "placeholder": "0912 345 678"}
        ),
        error_messages={"invalid": _("Số điện thoại chưa đúng, ví dụ: 0912 345 678.")},
    )

    def clean_code(self):
        return normalise_code(self.cleaned_data["code"])


@require_http_methods(["GET", "HEAD", "POST"])
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
                    return redirect(order.get_absolute_url())
                count_failure(request)  # only a lookup that found nothing counts against the limit
                error = NOT_FOUND
            elif not form.has_error("phone"):
                error = NOT_FOUND
    response = render(request, "storefront/order_lookup.html", {"form": form, "error": error}, status=status)
    response["Cache-Control"] = "private, no-store"
    if status == 429:
        response["Retry-After"] = str(LOOKUP_WINDOW_SECONDS)  # at most: the window began at the first miss
    return response
