"""After the order: "Tra cứu đơn hàng" (find an order by its code and phone)."""

from django import forms
from django.shortcuts import redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_http_methods
from phonenumber_field.formfields import PhoneNumberField

from .lookup import TooManyAttempts, count_attempt, find_order

NOT_FOUND = _("Không tìm thấy đơn hàng với mã và số điện thoại này. Vui lòng kiểm tra lại.")
TOO_MANY = _("Bạn đã thử quá nhiều lần. Vui lòng thử lại sau 15 phút hoặc gọi đường dây nóng.")


class OrderLookupForm(forms.Form):
    code = forms.CharField(
        label=_("Mã đơn hàng"),
        max_length=12,
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "placeholder": "OC12AB34CD", "autocapitalize": "characters"}
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


@require_http_methods(["GET", "HEAD", "POST"])
def order_lookup(request):
    form = OrderLookupForm(request.POST or None)
    error, status = None, 200
    if request.method == "POST":
        try:
            count_attempt(request)
        except TooManyAttempts:
            error, status = TOO_MANY, 429
        else:
            order = (
                find_order(form.data.get("code", ""), form.cleaned_data["phone"]) if form.is_valid() else None
            )
            if order is not None:
                return redirect(order.get_absolute_url())
            if form.is_valid() or not form.has_error("phone"):
                error = NOT_FOUND
    response = render(request, "storefront/order_lookup.html", {"form": form, "error": error}, status=status)
    response["Cache-Control"] = "private, no-store"
    return response
