"""On a phone, "Thêm vào giỏ" keeps the shopper on the page (static/js/add-to-cart.js): no second entry in
the history, so one Back leaves the product page; the header's count follows and the message is read out
where messages go. Without script the form still posts and comes back with the message."""

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
