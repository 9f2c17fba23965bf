"""Paying online from a phone. VietQR from the phone that shows the order: it cannot scan its own screen,
so the buyer copies the account number, the amount and the transfer message, each readable in the box.
A card when Stripe's script cannot be loaded: the buyer is told what to do, not left with a dead button."""

from tests.conftest import IN_A_BROWSER

pytestmark = IN_A_BROWSER


def test_a_phone_buyer_copies_the_account_the_amount_and_the_message(
    live_server, open_phone, place, pack, vietqr_on
):
    order = place({pack: 2}, "vietqr")
    phone = open_phone(permissions=["clipboard-read", "clipboard-write"])
    phone.goto(live_server.url + order.get_absolute_url())

    copied = {}
    for what in ("số tài khoản", "số tiền", "nội dung chuyển khoản"):
        phone.get_by_role("button", name=f"Sao chép {what}").click()
        phone.get_by_role("status").filter(has_text=f"Đã sao chép {what}.").wait_for()
        copied[what] = phone.evaluate("navigator.clipboard.readText()")
    assert copied == {
        "số tài khoản": "0071000123456",
        "số tiền": "120000",
        "nội dung chuyển khoản": order.code,
    }

    box = phone.locator(".payment-box").bounding_box()
    for value in phone.locator(".vietqr-facts dd").all():
        found = value.bounding_box()
        assert found["x"] + found["width"] <= box["x"] + box["width"], value.inner_text()


def test_when_stripes_card_form_cannot_load_the_buyer_is_told_what_to_do(
    live_server, open_phone, place, pack, stripe_http
):
    order = place({pack: 1}, "stripe")
    phone = open_phone()
    phone.route("https://js.stripe.com/**", lambda route: route.abort())
    phone.goto(live_server.url + order.get_absolute_url())
    alert = phone.get_by_role("alert").filter(has_text="Chưa tải được biểu mẫu thẻ của Stripe")
    assert alert.is_visible()
    assert phone.get_by_role("button", name="Thanh toán bằng thẻ").is_disabled()
    assert phone.get_by_role("link", name="Huỷ đơn hàng").is_visible()  # the way out the message names
    assert [error for error in phone.browser_errors if "js.stripe.com" not in error] == []
    phone.browser_errors.clear()  # the refused script, provoked above


# Stands in for https://js.stripe.com/v3/: records the options the page gives Stripe's Elements, whose
# `locale` is the language Stripe writes the card form's labels, checks and decline messages in.
STRIPE_JS_STAND_IN = """
window.Stripe = function () {
  return {
    elements: function (options) {
      window.stripeElementsOptions = options;
      return { create: function () { return { mount: function () {} }; } };
    },
    confirmPayment: function () { return Promise.resolve({}); },
  };
};
"""


def test_the_card_form_speaks_the_language_of_the_order_page(
    live_server, open_phone, place, pack, stripe_http
):
    order = place({pack: 1}, "stripe")
    phone = open_phone()
    phone.route(
        "https://js.stripe.com/**",
        lambda route: route.fulfill(content_type="text/javascript", body=STRIPE_JS_STAND_IN),
    )
    phone.goto(live_server.url + order.get_absolute_url() + "?lang=en")
    assert phone.get_by_role("button", name="Pay by card").is_visible()
    assert phone.evaluate("window.stripeElementsOptions.locale") == "en"
    phone.goto(live_server.url + order.get_absolute_url() + "?lang=vi")
    assert phone.get_by_role("button", name="Thanh toán bằng thẻ").is_visible()
    assert phone.evaluate("window.stripeElementsOptions.locale") == "vi"
