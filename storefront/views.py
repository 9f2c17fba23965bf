"""Thin views: parse, call the cart/checkout/orders modules, render. Bad input → message, never a 500."""

import logging

from django.contrib import messages
from django.http import HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from pagecache.same_origin import same_origin_post
from places.models import Commune

from . import orders
from .cart import Cart, CartError, subtotal
from .checkout import CheckoutError, place_order
from .forms import AddToCartForm, CheckoutForm, RemoveFromCartForm, UpdateCartForm
from .models import Order, OrderState, ShippingSettings
from .payments import PaymentError, get_provider
from .payments.base import InvalidWebhook
from .payments.ledger import record
from .stock import OutOfStock

logger = logging.getLogger(__name__)


def _back(request, fallback="storefront:cart"):
    target = request.POST.get("next", "")
    if target and url_has_allowed_host_and_scheme(target, {request.get_host()}, request.is_secure()):
        return redirect(target)
    return redirect(fallback)


def _form_errors(form) -> str:
    return " ".join(str(error) for errors in form.errors.values() for error in errors)


# --- Cart --------------------------------------------------------------------------------------------


@require_GET
def cart_view(request):
    cart = Cart(request.session)
    lines, notices = cart.refresh()
    for notice in notices:
        messages.warning(request, notice)
    shipping = ShippingSettings.for_request(request)
    total = subtotal(lines)
    fee = shipping.fee_for(total) if lines else 0
    return render(
        request,
        "storefront/cart.html",
        {"lines": lines, "subtotal": total, "shipping_fee": fee, "total": total + fee, "shipping": shipping},
    )


@same_origin_post  # the product pages' add-to-cart forms carry no CSRF token, so they can be cached
@require_POST
def cart_add(request):
    form = AddToCartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return _back(request)
    try:
        pack = Cart(request.session).add(form.cleaned_data["pack_size"], form.cleaned_data["quantity"])
    except CartError as error:
        messages.error(request, error.message)
        return _back(request)
    messages.success(
        request,
        _("Đã thêm %(quantity)s × “%(name)s” vào giỏ hàng.")
        % {"quantity": form.cleaned_data["quantity"], "name": f"{pack.product.title} – {pack.label}"},
    )
    return _back(request)


@require_POST
def cart_update(request):
    form = UpdateCartForm(request.POST)
    if not form.is_valid():
        messages.error(request, _form_errors(form))
        return redirect("storefront:cart")
    try:
        Cart(request.session).set(form.cleaned_data["pack_size"], form.cleaned_data["quantity"])
    except CartError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Giỏ hàng đã được cập nhật."))
    return redirect("storefront:cart")


@require_POST
def cart_remove(request):
    form = RemoveFromCartForm(request.POST)
    try:
        if not form.is_valid():
            raise CartError(_("Sản phẩm này không có trong giỏ hàng."))
        Cart(request.session).remove(form.cleaned_data["pack_size"])
    except CartError as error:
        messages.error(request, error.message)
    else:
        messages.success(request, _("Đã bỏ sản phẩm khỏi giỏ hàng."))
    return redirect("storefront:cart")


# --- Checkout ----------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def checkout(request):
    cart = Cart(request.session)
    lines, notices = cart.refresh()
    for notice in notices:
        messages.warning(request, notice)
    if not lines:
        messages.info(request, _("Giỏ hàng đang trống."))
        return redirect("storefront:cart")
    shipping = ShippingSettings.for_request(request)
    choosing_province = "choose_province" in request.POST  # the no-JavaScript way to list communes
    form = CheckoutForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and not choosing_province and not notices and form.is_valid():
        try:
            order = place_order(
                quantities=cart.quantities(),
                seen_prices=cart.seen_prices(),
                details=form.order_details(),
                provider=form.provider,
                shipping=shipping,
            )
        except (CheckoutError, OutOfStock) as error:
            messages.error(request, error.message)
            cart.refresh()  # re-read so the page shows today's prices and stock
            return redirect("storefront:checkout")
        cart.clear()
        messages.success(
            request, _("Đặt hàng thành công. Mã đơn của bạn là %(code)s.") % {"code": order.code}
        )
        return redirect(order.get_absolute_url())
    if choosing_province:
        form.errors.clear()  # a province was chosen, not a submission: no errors yet
    total = subtotal(lines)
    fee = shipping.fee_for(total)
    return render(
        request,
        "storefront/checkout.html",
        {"form": form, "lines": lines, "subtotal": total, "shipping_fee": fee, "total": total + fee},
    )


@require_GET
def communes(request):
    """The communes of one province, for the checkout's commune select (progressive enhancement)."""
    try:
        code = int(request.GET.get("province", ""))
    except ValueError:
        return JsonResponse({"error": _("Mã tỉnh/thành phố không hợp lệ.")}, status=400)
    rows = list(Commune.objects.filter(province_id=code).order_by("name").values_list("code", "name"))
    if not rows:
        return JsonResponse({"error": _("Không tìm thấy tỉnh/thành phố.")}, status=404)
    response = JsonResponse({"communes": [{"code": c, "name": n} for c, n in rows]})
    response["Cache-Control"] = "public, max-age=86400"
    return response


# --- Orders ------------------------------------------------------------------------------------------


def _order_or_404(request, token):
    order = Order.objects.select_related("province", "commune").filter(token=token).first()
    if order is None:
        return None, render(request, "storefront/order_not_found.html", status=404)
    return order, None


@require_GET
def order_view(request, token):
    order, not_found = _order_or_404(request, token)
    if not_found:
        return not_found
    payment, payment_error = None, None
    provider = order.provider
    if order.state == OrderState.PENDING_PAYMENT and provider is not None:
        try:
            payment = provider.start(order, return_url=request.build_absolute_uri(order.get_absolute_url()))
        except PaymentError as error:
            payment_error = error.message
    response = render(
        request,
        "storefront/order.html",
        {
            "order": order,
            "lines": list(order.lines.all()),
            "payment": payment,
            "payment_error": payment_error,
            "can_cancel": order.state in (OrderState.PENDING_PAYMENT, OrderState.PLACED),
            "timeline": _timeline(order),
        },
    )
    response["Cache-Control"] = "private, no-store"
    response["X-Robots-Tag"] = "noindex"
    return response


def _timeline(order):
    """The steps a buyer follows, and how far this order got."""
    if order.state in (OrderState.CANCELLED, OrderState.REFUNDED, OrderState.RETURNED):
        return []
    first = OrderState.PENDING_PAYMENT if order.provider and order.provider.pays_online else OrderState.PLACED
    second = OrderState.PAID if first == OrderState.PENDING_PAYMENT else OrderState.CONFIRMED
    steps = [first, second, OrderState.PREPARING, OrderState.SHIPPED, OrderState.DELIVERED]
    reached = steps.index(order.state) if order.state in steps else 0
    return [
        {"label": OrderState(s).label, "done": i <= reached, "current": i == reached}
        for i, s in enumerate(steps)
    ]


@require_POST
def order_cancel(request, token):
    order, not_found = _order_or_404(request, token)
    if not_found:
        return not_found
    if order.state not in (OrderState.PENDING_PAYMENT, OrderState.PLACED) or not orders.cancel(order):
        messages.error(request, _("Đơn hàng này không huỷ được nữa; vui lòng gọi cửa hàng."))
    else:
        messages.success(request, _("Đơn hàng %(code)s đã được huỷ.") % {"code": order.code})
    return redirect(order.get_absolute_url())


# --- Webhooks ----------------------------------------------------------------------------------------


@csrf_exempt
@require_POST
def provider_webhook(request, identifier):
    """Signed provider notifications. Forged → 400, duplicate or unknown event → 200, nothing changes."""
    provider = get_provider(identifier, enabled_only=True)
    if provider is None:
        return HttpResponse(status=404)
    try:
        events = provider.handle_webhook(request)
    except InvalidWebhook as error:
        logger.warning("Rejected %s webhook: %s", identifier, error)
        return HttpResponse(status=400)
    for event in events:
        record(provider.identifier, event)
    return HttpResponse(status=200)
