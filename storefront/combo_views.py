"""Gift combos in the cart: add from the combo page, change or remove on the cart page.

Thin, like views.py: parse with a form, call the cart, say what happened. Bad input → a message.
"""

from django import forms
from django.contrib import messages
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.ratelimit import rate_limit
from pagecache.methods import POST_ONLY, takes_methods
from pagecache.same_origin import same_origin_post

from . import cart_answers
from .cart import Cart, combo_titles
from .errors import StorefrontError
from .forms import MAX_ID, MAX_QUANTITY, QUANTITY_ERRORS, quantity_to_add
from .order_links import to_the_cart
from .views import _form_errors as _errors
from .views import _line_changed, _line_quantity_refused, _line_removed

BAD_COMBO = {
    key: gettext_lazy("Gói quà không hợp lệ.") for key in ("invalid", "required", "min_value", "max_value")
}


class ComboForm(forms.Form):
    combo = forms.IntegerField(
        min_value=1, max_value=MAX_ID, widget=forms.HiddenInput, error_messages=BAD_COMBO
    )


class ComboAddForm(ComboForm):
    """As the pack sizes' AddToCartForm: at least one box, so 0 and -1 get the same message."""

    quantity = quantity_to_add()


class ComboQuantityForm(ComboForm):
    """As the pack sizes' UpdateCartForm: 0 takes the combo out of the cart."""

    quantity = forms.IntegerField(
        label=gettext_lazy("Số lượng"),
        min_value=0,
        max_value=MAX_QUANTITY,
        error_messages=QUANTITY_ERRORS,
    )


@same_origin_post  # the combo pages' add-to-cart forms carry no CSRF token, so they can be cached
@takes_methods(*POST_ONLY)
@rate_limit("cart")
def combo_add(request):
    """As the pack sizes' cart_add: back to the page with a message, or JSON for the page's script."""
    form = ComboAddForm(request.POST)
    if not form.is_valid():
        return cart_answers.refused(request, _errors(form))
    quantity = form.cleaned_data["quantity"]
    try:
        combo = Cart(request.session).add_combo(form.cleaned_data["combo"], quantity)
    except StorefrontError as error:
        return cart_answers.refused(request, error.message)
    return cart_answers.added(request, quantity, combo.title)


@takes_methods(*POST_ONLY)
@rate_limit("cart")
def combo_update(request):
    form = ComboQuantityForm(request.POST)
    if not form.is_valid():
        messages.error(request, _line_quantity_refused(form, "combo", combo_titles))
        return to_the_cart(request)
    combo_id, quantity = form.cleaned_data["combo"], form.cleaned_data["quantity"]
    try:
        combo = Cart(request.session).set_combo(combo_id, quantity)
    except StorefrontError as error:
        messages.error(request, error.message)
    else:
        if combo is None:  # 0 removes the combo
            messages.success(request, _line_removed(combo_titles([combo_id]).get(combo_id)))
        else:
            messages.success(request, _line_changed(combo.title, quantity))
    return to_the_cart(request)


@takes_methods(*POST_ONLY)
@rate_limit("cart")
def combo_remove(request):
    form = ComboForm(request.POST)
    try:
        if not form.is_valid():
            raise StorefrontError(_("Gói quà này không có trong giỏ hàng."))
        combo_id = form.cleaned_data["combo"]
        Cart(request.session).remove_combo(combo_id)
    except StorefrontError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _line_removed(combo_titles([combo_id]).get(combo_id)))
    return to_the_cart(request)
