"""On a phone, "Thêm vào giỏ" keeps the shopper on the page (static/js/add-to-cart.js): no second entry in
the history, so one Back leaves the product page; the header's count follows and the message is read out
where messages go. Without script the form still posts and comes back with the message."""

import pytest
from playwright.sync_api import expect

from tests.conftest import IN_A_BROWSER

pytestmark = IN_A_BROWSER


def history_length(page):
    return page.evaluate("history.length")


def stays(page):
    """Marks the document: the mark is gone if the page was loaded again."""
    page.evaluate("window.notReloaded = true")
    return lambda: page.evaluate("window.notReloaded === true")


def test_adding_keeps_the_page_so_one_back_leaves_it(live_server, phone_page, product):
    page = phone_page
    page.goto(live_server.url + "/")
    page.goto(live_server.url + product.url)
    before = history_length(page)
    still_here = stays(page)

    page.fill("input[name=quantity]", "2")
    page.click("form.add-to-cart button[type=submit]")
    page.wait_for_selector("[role=status].messages .message")

    status = page.locator("[role=status].messages")
    assert status.inner_text() == "Đã thêm 2 × “Kẹo dừa sầu riêng – Hộp 400g” vào giỏ hàng. Xem giỏ hàng →"
    assert page.inner_text(".cart-count") == "2"
    assert page.inner_text(".cart-link .visually-hidden") == "Giỏ hàng, 2 sản phẩm"
    assert history_length(page) == before
    assert still_here()
    assert page.url == live_server.url + product.url

    page.fill("input[name=quantity]", "3")  # again: the count adds up, the message is the new one
    page.click("form.add-to-cart button[type=submit]")
    expect(page.locator(".cart-count")).to_have_text("5")
    assert status.inner_text().startswith("Đã thêm 3 ×")
    assert history_length(page) == before

    page.go_back()
    page.wait_for_url(live_server.url + "/")


def test_a_refusal_is_shown_and_read_out_and_the_count_stays(live_server, phone_page, product):
    page = phone_page
    page.goto(live_server.url + product.url)
    before = history_length(page)
    pack = product.pack_sizes.get()
    pack.stock = 2  # sold meanwhile by someone else
    pack.save()

    page.fill("input[name=quantity]", "3")
    page.click("form.add-to-cart button[type=submit]")
    page.wait_for_selector("[role=status].messages .message.error")

    assert page.inner_text("[role=status].messages") == "“Kẹo dừa sầu riêng – Hộp 400g” chỉ còn 2 sản phẩm."
    assert page.is_hidden(".cart-count")
    assert history_length(page) == before


def test_more_than_the_stock_typed_is_answered_by_the_shop_not_the_browsers_bubble(
    live_server, phone_page, product
):
    """The field's max stays (its arrows stop there), but a number typed over it reaches the shop, which
    says how many are left in the page's language; the browser's bubble speaks the phone's."""
    page = phone_page
    page.goto(live_server.url + product.url)
    page.fill("input[name=quantity]", "25")  # 12 in stock
    page.click("form.add-to-cart button[type=submit]")
    page.wait_for_selector("[role=status].messages .message.error")
    assert page.inner_text("[role=status].messages") == "“Kẹo dừa sầu riêng – Hộp 400g” chỉ còn 12 sản phẩm."
    assert page.get_attribute("input[name=quantity]", "max") == "12"
    assert page.is_hidden(".cart-count")


def test_a_gift_combo_is_added_without_leaving_its_page(live_server, phone_page, gift_box):
    page = phone_page
    page.goto(live_server.url + gift_box.url)
    before = history_length(page)

    page.click("form.add-to-cart button[type=submit]")
    page.wait_for_selector("[role=status].messages .message")

    assert page.inner_text("[role=status].messages").startswith(
        "Đã thêm 1 × “Hộp quà kẹo dừa Bến Tre” vào giỏ hàng."
    )
    assert page.inner_text(".cart-count") == "1"
    assert history_length(page) == before


def test_an_english_page_says_it_in_english(live_server, phone_page, product):
    page = phone_page
    page.goto(live_server.url + product.url + "?lang=en")
    page.click("form.add-to-cart button[type=submit]")
    page.wait_for_selector("[role=status].messages .message")
    assert (
        page.inner_text("[role=status].messages")
        == "Added 1 × “Kẹo dừa sầu riêng – Hộp 400g” to your cart. View cart →"
    )
    assert page.inner_text(".cart-count") == "1"


def test_without_script_the_form_posts_and_comes_back_with_the_message(live_server, open_phone, product):
    page = open_phone(java_script_enabled=False)
    page.goto(live_server.url + product.url)
    with page.expect_navigation():
        page.click("form.add-to-cart button[type=submit]")
    assert page.url == live_server.url + product.url
    assert (
        page.inner_text(".messages")
        == "Đã thêm 1 × “Kẹo dừa sầu riêng – Hộp 400g” vào giỏ hàng. Xem giỏ hàng →"
    )


# --- When the answer is not the expected one: never the form a second time -------------------------
# The first request may have reached the server and added the item (an answer lost on a rural
# connection): posting the form again would add it twice, and it made the shopper wait for both.

DATABASE_DOWN_PAGE = "<!DOCTYPE html><html><body><h1>Cửa hàng tạm thời không truy cập được</h1></body></html>"


def posts_to_the_cart(page):
    """The POSTs the page sends to add to the cart, as the browser sent them (fetch or the form)."""
    sent = []
    page.on("request", lambda request: sent.append(request) if request.method == "POST" else None)
    return sent


def answering(page, handler):
    page.route("**/gio-hang/them/**", handler)


@pytest.mark.parametrize(
    ("lang", "said"),
    [
        ("", "Chưa thêm được vào giỏ (lỗi 503), vui lòng thử lại. Xem giỏ hàng →"),
        ("?lang=en", "View cart →"),  # the page's language, its link too (the sentence: a new msgid)
    ],
)
def test_an_error_page_instead_of_an_answer_is_said_on_the_page_and_the_form_is_not_sent_again(
    live_server, phone_page, product, lang, said
):
    page = phone_page
    page.goto(live_server.url + product.url + lang)
    still_here = stays(page)
    sent = posts_to_the_cart(page)
    answering(
        page, lambda route: route.fulfill(status=503, content_type="text/html", body=DATABASE_DOWN_PAGE)
    )

    page.click("form.add-to-cart button[type=submit]")
    page.wait_for_selector("[role=status].messages .message.error")

    assert page.inner_text("[role=status].messages").endswith(said)
    assert "503" in page.inner_text("[role=status].messages")
    assert page.get_attribute("[role=status].messages a", "href") == "/gio-hang/" + lang
    page.wait_for_timeout(300)  # time for a second POST, were one to go
    assert len(sent) == 1
    assert still_here()
    page.browser_errors.clear()  # the 503 itself, reported by the browser


def test_a_dropped_connection_says_the_item_may_have_been_added_and_links_to_the_cart(
    live_server, phone_page, product
):
    page = phone_page
    page.goto(live_server.url + product.url)
    still_here = stays(page)
    sent = posts_to_the_cart(page)
    answering(page, lambda route: route.abort("connectionreset"))

    page.click("form.add-to-cart button[type=submit]")
    page.wait_for_selector("[role=status].messages .message.error")

    assert page.inner_text("[role=status].messages") == (
        "Mất kết nối nên chưa rõ sản phẩm đã vào giỏ hay chưa. Hãy xem giỏ hàng trước khi thêm lại."
        " Xem giỏ hàng →"
    )
    assert page.get_attribute("[role=status].messages a", "href") == "/gio-hang/"
    page.wait_for_timeout(300)
    assert len(sent) == 1
    assert still_here()
    page.browser_errors.clear()


def test_a_json_refusal_with_an_error_status_is_shown_as_it_came(live_server, phone_page, product):
    page = phone_page
    page.goto(live_server.url + product.url)
    sent = posts_to_the_cart(page)
    answering(
        page,
        lambda route: route.fulfill(
            status=503,
            content_type="application/json",
            body='{"error": "Cửa hàng tạm thời không truy cập được, vui lòng thử lại sau ít phút."}',
        ),
    )

    page.click("form.add-to-cart button[type=submit]")
    page.wait_for_selector("[role=status].messages .message.error")

    assert page.inner_text("[role=status].messages") == (
        "Cửa hàng tạm thời không truy cập được, vui lòng thử lại sau ít phút."
    )
    assert len(sent) == 1
    page.browser_errors.clear()


def test_without_fetch_the_form_is_posted_as_without_script(live_server, phone_page, product):
    page = phone_page
    page.add_init_script("delete window.fetch")
    page.goto(live_server.url + product.url)
    with page.expect_navigation():
        page.click("form.add-to-cart button[type=submit]")
    assert page.inner_text(".messages").startswith("Đã thêm 1 × “Kẹo dừa sầu riêng – Hộp 400g” vào giỏ hàng.")
