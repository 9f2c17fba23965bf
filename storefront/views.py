"""Thin views: parse, call the cart/checkout/orders modules, render. Bad input → message, never a 500."""

import logging

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.csrf import csrf_exempt

from catalogue.ratelimit import hit as rate_limit_hit
from catalogue.ratelimit import rate_limit
from pagecache.methods import POST_ONLY, SAFE, SAFE_OR_POST, takes_methods
from pagecache.same_origin import same_origin_post

from . import cart_answers, confirmation, orders, recent_order
from .cart import MAX_QUANTITY, Cart, pack_names, subtotal
from .checkout import place_order
from .contact import with_reach_us
from .errors import AlreadyPlaced, CartError, InvalidWebhook, StorefrontError
from .forms import AddToCartForm, CheckoutForm, RemoveFromCartForm, UpdateCartForm
from .models import Order, OrderState, ShippingSettings
from .order_links import order_url_as_asked, to_the_cart, to_the_order
from .payments import webhook_provider
from .payments.ledger import paid_after_cancellation, record
from .personal import personal_page

logger = logging.getLogger(__name__)


def _form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


# What the cart page says about one of its lines, named: a cart holds several, and "Đã bỏ sản phẩm khỏi
# giỏ hàng" or "Số lượng ít nhất là 0" leaves the buyer guessing which one was meant.


def _line_quantity_refused(form, line_field: str, names_of) -> str:
    """A line's quantity box sent something it cannot take: the line's name and the quantities it
    takes (0 removes the line), else what else was wrong with the form. `names_of` gives the names of
    the lines' ids (`cart.pack_names`, `cart.combo_titles`)."""
    if "quantity" not in form.errors or line_field in form.errors:
        return _form_errors(form)
    line = form.cleaned_data[line_field]
    name = names_of([line]).get(line)
    if name is None:
        return _("Số lượng phải là số nguyên từ 0 đến %(max)s.") % {"max": MAX_QUANTITY}
    return _("Số lượng của “%(name)s” phải là số nguyên từ 0 đến %(max)s.") % {
        "name": name,
        "max": MAX_QUANTITY,
    }


def _line_changed(name: str, quantity: int) -> str:
    return _("Đã đổi số lượng “%(name)s” thành %(quantity)s.") % {"name": name, "quantity": quantity}


def _line_removed(name: str | None) -> str:
    if name is None:  # deleted from the catalogue meanwhile
        return _("Đã bỏ sản phẩm khỏi giỏ hàng.")
    return _("Đã bỏ “%(name)s” khỏi giỏ hàng.") % {"name": name}


# --- Cart --------------------------------------------------------------------------------------------


@takes_methods(*SAFE)
@personal_page()
def cart_view(request):
    cart = Cart(request.session)
    lines, notices = cart.refresh()
    for notice in notices:
        messages.warning(request, notice)
    shipping = ShippingSettings.for_request(request)
    total = subtotal(lines)
    fee = shipping.fee_for(total) if lines else 0
    context = {
        "lines": lines,
        "subtotal": total,
        "shipping_fee": fee,
        "total": total + fee,
        "shipping": shipping,
    }
    if not lines:
        context["just_placed"] = recent_order.just_placed(request.session)
    return render(request, "storefront/cart.html", context)


@same_origin_post  # the product pages' add-to-cart forms carry no CSRF token, so they can be cached
@takes_methods(*POST_ONLY)
@rate_limit("cart")
def cart_add(request):
    """Back to the page with a message, or, for the page's script, JSON (storefront/cart_answers.py)."""
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        return cart_answers.refused(request, _form_errors(form))
    try:
        pack = Cart(request.session).add(form.cleaned_data["pack_size"], form.cleaned_data["quantity"])
    except StorefrontError as error:
        return cart_answers.refused(request, error.message)
    return cart_answers.added(request, form.cleaned_data["quantity"], pack.full_label)


@takes_methods(*POST_ONLY)
@rate_limit("cart")
def cart_update(request):
    form = UpdateCartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _line_quantity_refused(form, "pack_size", pack_names))
        return to_the_cart(request)
    pack_id, quantity = form.cleaned_data["pack_size"], form.cleaned_data["quantity"]
    try:
        pack = Cart(request.session).set(pack_id, quantity)
    except StorefrontError as error:
        messages.error(request, error.message)
    else:
        if pack is None:  # 0 removes the line
            messages.success(request, _line_removed(pack_names([pack_id]).get(pack_id)))
        else:
            messages.success(request, _line_changed(pack.full_label, quantity))
    return to_the_cart(request)


@takes_methods(*POST_ONLY)
@rate_limit("cart")
def cart_remove(request):
    form = RemoveFromCartForm(request.POST)
    try:
        if not form.is_valid():
            raise CartError(_("Sản phẩm này không có trong giỏ hàng."))
        pack_id = form.cleaned_data["pack_size"]
        Cart(request.session).remove(pack_id)
    except StorefrontError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _line_removed(pack_names([pack_id]).get(pack_id)))
    return to_the_cart(request)


# --- Checkout ----------------------------------------------------------------------------------------


@takes_methods(*SAFE_OR_POST)  # a form and its target: HEAD answers as GET (link checkers)
@personal_page()
def checkout(request):
    posted = request.POST if request.method == "POST" else None
    if posted is not None and (order := confirmation.placed_from(posted)):
        # This page placed its order already (a second tap, a form sent again): that order, and the
        # cart as it is now (the buyer may have filled it again since).
        messages.info(request, AlreadyPlaced(order).message)
        return to_the_order(request, order)
    cart = Cart(request.session)
    placing = posted is not None and "choose_province" not in posted
    lines, changed = _refreshed(request, cart, placing=placing)
    if not lines and posted is None:  # nothing typed yet: the cart says what to do
        messages.info(request, _("Giỏ hàng đang trống."))
        return to_the_cart(request)
    shipping = ShippingSettings.for_request(request)
    form = CheckoutForm(posted, total=_order_total(lines, shipping))
    if posted is None:
        return _checkout_page(request, form, cart, lines, shipping)
    if "choose_province" in posted:  # the no-JavaScript way to list communes, not a submission
        form.errors.clear()
        return _checkout_page(request, form, cart, lines, shipping)
    if not lines:
        return _nothing_to_order(request, form, cart, shipping)
    # A price or the stock that just moved stops the order too: the message said how.
    if changed or not _shows_the_cart(request, cart, lines, shipping) or not form.is_valid():
        return _checkout_page(request, form, cart, lines, shipping)
    # Only an attempt to place an order counts towards the limit (RATE_LIMITS["checkout"]): a mistake
    # in the form or choosing a province costs nothing, and an order spammer is still stopped.
    if (retry_after := rate_limit_hit("checkout", request)) is not None:
        return _too_fast(request, form, cart, lines, shipping, retry_after)
    return _place(request, form, cart, shipping)


def _refreshed(request, cart, *, placing=False) -> tuple[list, bool]:
    """The cart's lines at today's prices and stock, and whether that changed it, said in messages. When
    the change stops the order the buyer is `placing`, one line says that nothing was ordered, what
    changed, and to tap "Đặt hàng" again on the page shown (a cart left empty says so instead)."""
    lines, notices = cart.refresh()
    if placing and lines and notices:
        messages.error(request, _not_placed(notices))
    else:
        for notice in notices:
            messages.warning(request, notice)
    return lines, bool(notices)


def _not_placed(changes: list[str]) -> str:
    return _("Chưa đặt hàng: %(changes)s Vui lòng xem lại tổng tiền và bấm “Đặt hàng” lần nữa.") % {
        "changes": " ".join(changes)
    }


def _order_total(lines, shipping) -> int:
    total = subtotal(lines)
    return total + shipping.fee_for(total)


def _shows_the_cart(request, cart, lines, shipping) -> bool:
    """Whether the submitted page showed the cart and total as they are now; if not, say so (the page
    is shown again with the new cart, to be confirmed)."""
    if confirmation.shows(request.POST, cart.items, _order_total(lines, shipping)):
        return True
    if request.POST.get(confirmation.DIGEST_FIELD):
        messages.warning(
            request,
            _(
                "Giỏ hàng đã thay đổi kể từ khi bạn mở trang này (có thể ở một thẻ khác). "
                "Vui lòng xem lại đơn hàng và tổng tiền bên dưới, rồi bấm “Đặt hàng” lần nữa."
            ),
        )
    else:  # a form from a page that did not say what it showed
        messages.warning(request, _("Vui lòng xem lại đơn hàng và tổng tiền bên dưới, rồi bấm “Đặt hàng”."))
    return False


def _too_fast(request, form, cart, lines, shipping, retry_after: int):
    """Over the limit: the form again as typed, saying how long to wait (429, with Retry-After)."""
    messages.error(
        request,
        ngettext(
            "Bạn đặt hàng quá nhanh. Vui lòng đợi %(seconds)s giây rồi bấm “Đặt hàng” lần nữa; "
            "thông tin bạn đã nhập vẫn được giữ.",
            "Bạn đặt hàng quá nhanh. Vui lòng đợi %(seconds)s giây rồi bấm “Đặt hàng” lần nữa; "
            "thông tin bạn đã nhập vẫn được giữ.",
            retry_after,
        )
        % {"seconds": retry_after},
    )
    response = _checkout_page(request, form, cart, lines, shipping, status=429)
    response["Retry-After"] = str(retry_after)
    return response


def _place(request, form, cart, shipping):
    """Place the order the page showed: to its page, or the checkout again with why not."""
    try:
        order = place_order(
            quantities=cart.quantities(),
            seen_prices=cart.seen_prices(),
            combos=cart.combo_quantities(),
            combo_prices=cart.combo_seen_prices(),
            details=form.order_details(),
            provider=form.provider,
            shipping=shipping,
            checkout_token=confirmation.posted_token(request.POST),
        )
    except AlreadyPlaced as placed:
        # The same page, submitted at the same moment, won: this request's copy of the session still
        # holds the cart just ordered, which must not come back when the session is saved.
        cart.clear()
        recent_order.remember(request.session, placed.order)
        messages.info(request, placed.message)
        return to_the_order(request, placed.order)
    except StorefrontError as error:
        # Lost to another buyer between the form and the stock (or a price moved): the form again,
        # as typed, with the cart adjusted to what can be bought now, said as the cart's changes (the
        # error says the same of one line); an order refused for itself (too large) says why.
        lines, changed = _refreshed(request, cart, placing=True)
        if not changed:
            messages.error(request, error.message)
        if not lines:
            return _nothing_to_order(request, form, cart, shipping)
        return _checkout_page(request, form, cart, lines, shipping)
    cart.clear()
    recent_order.remember(request.session, order)
    messages.success(request, _("Đặt hàng thành công. Mã đơn của bạn là %(code)s.") % {"code": order.code})
    return to_the_order(request, order)


def _nothing_to_order(request, form, cart, shipping):
    """The cart emptied under a submitted form (the last item sold out, the session expired): the form
    again as typed, rather than the empty cart, so that the buyer keeps their name and address."""
    messages.error(
        request, _("Giỏ hàng đang trống nên chưa đặt được hàng. Thông tin bạn đã nhập vẫn còn bên dưới.")
    )
    return _checkout_page(request, form, cart, [], shipping)


def _checkout_page(request, form, cart, lines, shipping, *, status=200):
    """The checkout page for the cart as it is now; it carries its token and what it shows."""
    total = subtotal(lines)
    fee = shipping.fee_for(total)
    form.offer_payments(total + fee)  # the cart may have changed since the form was made
    context = {
        "form": form,
        "lines": lines,
        "subtotal": total,
        "shipping_fee": fee,
        "total": total + fee,
        "checkout_token": confirmation.token_for(request.POST),
        "cart_digest": confirmation.digest(cart.items, total + fee),
        "just_placed": None if lines else recent_order.just_placed(request.session),
    }
    return render(request, "storefront/checkout.html", context, status=status)


# --- Orders ------------------------------------------------------------------------------------------


def _order_or_404(request, token):
    order = Order.objects.select_related("province", "commune").filter(token=token).first()
    if order is None:
        return None, render(request, "storefront/order_not_found.html", status=404)
    return order, None


@takes_methods(*SAFE)
@personal_page(shows_an_order=True)
def order_view(request, token):
    order, not_found = _order_or_404(request, token)
    if not_found:
        return not_found
    payment, payment_error = None, None
    awaits_payment = orders.awaits_payment(order)
    not_offered = orders.payment_not_offered(order) if awaits_payment else ""
    if awaits_payment and not not_offered:
        try:
            payment = order.provider.start(
                order, return_url=request.build_absolute_uri(order_url_as_asked(request, order))
            )
        except StorefrontError as error:
            payment_error = error.message
    return render(
        request,
        "storefront/order.html",
        {
            "order": order,
            "lines": list(order.lines.filter(combo=None)),
            "combos": list(order.combos.prefetch_related("components")),
            "payment": payment,
            "payment_error": payment_error,
            "payment_deadline": order.provider.deadline(order) if payment_error else None,
            "payment_not_offered": not_offered,
            "transfer_warning": _transfer_warning(request, order) if not_offered else "",
            "awaits_payment": awaits_payment,
            "next_step": orders.next_step(order),
            "can_cancel": orders.buyer_may_cancel(order),
            "timeline": orders.buyer_timeline(order),
            "refund_note": _refund_note(request, order),
        },
    )


@takes_methods(*SAFE_OR_POST)  # a form and its target: HEAD answers as GET (link checkers)
@personal_page(shows_an_order=True)
def order_cancel(request, token):
    order, not_found = _order_or_404(request, token)
    if not_found:
        return not_found
    if request.method != "POST" or request.POST.get("confirm") != "1":
        # One tap never cancels: a confirmation step first, a plain form that works without JavaScript.
        if not orders.buyer_may_cancel(order):
            return to_the_order(request, order)
        context = {
            "order": order,
            "units": orders.units_bought(order),
            "transfer_warning": _transfer_warning(request, order),
        }
        return render(request, "storefront/order_cancel_confirm.html", context)
    if orders.buyer_cancel(order):
        messages.success(request, _("Đơn hàng %(code)s đã được huỷ.") % {"code": order.code})
        return to_the_order(request, order)
    order.refresh_from_db(fields=["state"])  # a first tap may have cancelled it a moment ago
    if order.state == OrderState.CANCELLED:
        # A second tap or a resubmitted form: what the buyer asked for is done; news, not an error.
        messages.info(request, _("Đơn hàng đã được huỷ."))
    else:
        refused = _("Đơn hàng này không huỷ được nữa vì cửa hàng đã bắt đầu xử lý.")
        messages.error(request, with_reach_us(request, refused))
    return to_the_order(request, order)


def _transfer_warning(request, order) -> str:
    """Before cancelling an unpaid bank-transfer order: money sent already calls for the shop, not a cancel."""
    if not orders.money_may_be_on_its_way(order):
        return ""
    call_us = with_reach_us(
        request,
        _("Nếu bạn đã chuyển khoản cho đơn này, đừng huỷ đơn: hãy liên hệ cửa hàng để được kiểm tra."),
    )
    refund = _(
        "Nếu cửa hàng nhận được tiền chuyển khoản cho một đơn đã huỷ, nhân viên sẽ hoàn lại tiền cho bạn."
    )
    return f"{call_us} {refund}"


def _refund_note(request, order) -> str:
    """A cancelled order whose payment came all the same (a card form left open), or a cancelled
    bank-transfer order: how the buyer gets that money back, and whom to ask."""
    if order.state != OrderState.CANCELLED:
        return ""
    if paid_after_cancellation(order):
        return with_reach_us(request, orders.refund_of_a_late_payment(order))
    if orders.money_may_be_on_its_way(order):
        return with_reach_us(request, orders.refund_of_a_transfer(order))
    return ""


# --- Webhooks ----------------------------------------------------------------------------------------


@csrf_exempt
@takes_methods(*POST_ONLY)
def provider_webhook(request, identifier):
    """Signed provider notifications at /webhooks/<identifier>/, for the providers in PAYMENT_PROVIDERS
    that take them. Unknown, disabled or webhook-less provider → 404; forged → 400; duplicate or
    unknown event → 200; in every refused case nothing changes."""
    provider = webhook_provider(identifier)
    if provider is None:
        return HttpResponse(status=404)
    try:
        events = provider.handle_webhook(request)
    except InvalidWebhook as error:
        logger.warning("Rejected %s webhook: %s", identifier, error)
        # The reason, for whoever reads the provider's delivery log; it tells a forger nothing new.
        return HttpResponse(str(error), status=400, content_type="text/plain; charset=utf-8")
    for event in events:
        record(provider.identifier, event)
    return HttpResponse(status=200)
