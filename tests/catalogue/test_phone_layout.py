"""The product page on a 390×844 phone: what a buyer needs is on the first screen, and thumbs can hit it."""

import re

import pytest
import wagtail_factories
from wagtail.models import Page

from catalogue.factories import PackSizeFactory
from catalogue.models import ProductGalleryImage
from tests.conftest import IN_A_BROWSER, PHONE_VIEWPORT
from traceability.factories import LotFactory

pytestmark = IN_A_BROWSER

HEIGHT = PHONE_VIEWPORT["height"]
THUMB = 44  # px: the smallest tap target a thumb hits reliably


@pytest.fixture
def phone(phone_page):
    return phone_page


@pytest.fixture
def full_product(product):
    """The product as the demo shows it: a photo, a gallery, a certificate, two pack sizes and a lot."""
    product.image = wagtail_factories.ImageFactory(title="Kẹo dừa")
    product.description = "<p>" + "Kẹo dừa truyền thống Bến Tre, dẻo thơm. " * 20 + "</p>"
    product.save()
    ProductGalleryImage.objects.create(
        product=product, image=wagtail_factories.ImageFactory(), caption="Hộp quà"
    )
    PackSizeFactory(product=product, label="Túi 250g", price=30_000, stock=5)
    LotFactory(pack_size=product.pack_sizes.first(), code="L2406-01")
    return product


def box(phone, selector):
    element = phone.locator(selector).first
    element.wait_for(state="attached")
    return element.bounding_box()


def test_title_stars_price_and_add_to_cart_are_on_the_first_screen_and_the_pictures_follow(
    live_server, phone, full_product
):
    phone.goto(live_server.url + full_product.url)
    for selector in (
        "h1",
        ".product-info .badge",
        ".pack-size .price",
        "form.add-to-cart button[type=submit]",
    ):
        found = box(phone, selector)
        assert found["y"] >= 0 and found["y"] + found["height"] <= HEIGHT, f"{selector} is at {found}"
    button = box(phone, "form.add-to-cart button[type=submit]")
    assert box(phone, ".product-hero")["y"] >= button["y"] + button["height"]


def test_pack_sizes_lot_links_and_the_whole_breadcrumb_trail_are_thumb_sized(
    live_server, phone, full_product
):
    phone.goto(live_server.url + full_product.url)
    trail = phone.locator(".breadcrumbs li").all_inner_texts()
    assert [text.strip(" ›") for text in trail] == [
        "Trang chủ",
        "Chủ thể OCOP",
        "Công ty TNHH Đông Á",
        "Kẹo dừa sầu riêng",
    ]
    targets = [
        ".breadcrumbs a",
        "form.add-to-cart input[name=quantity]",
        "form.add-to-cart button[type=submit]",
        ".product-lots li a",
    ]
    for selector in targets:
        elements = phone.locator(selector)
        assert elements.count() > 0, selector
        for element in elements.all():
            assert element.bounding_box()["height"] >= THUMB, f"{selector}: {element.bounding_box()}"


def test_the_header_menu_fits_or_shows_that_it_scrolls(live_server, phone, home, full_product):
    from django.core.cache import cache

    from cms.models import StandardPage

    Page.objects.child_of(home).update(show_in_menus=True)
    for title in ("Về chương trình OCOP", "Tin tức", "Cửa hàng OCOP", "Tra cứu đơn hàng"):
        home.add_child(instance=StandardPage(title=title, show_in_menus=True))
    cache.clear()
    phone.goto(live_server.url + full_product.url)
    assert phone.locator(".main-nav a").count() == 6
    fits, hint = phone.eval_on_selector(
        ".main-nav",
        """nav => [nav.scrollWidth <= nav.clientWidth,
                   getComputedStyle(nav).overflowX === 'auto' && getComputedStyle(nav).maskImage !== 'none']""",
    )
    assert fits or hint


def test_each_menu_link_reached_by_keyboard_is_shown_whole_not_under_the_fading_edge(
    live_server, phone, home, full_product
):
    from django.core.cache import cache

    from cms.models import StandardPage

    Page.objects.child_of(home).update(show_in_menus=True)
    for title in ("Về chương trình OCOP", "Tin tức", "Cửa hàng OCOP", "Tra cứu đơn hàng"):
        home.add_child(instance=StandardPage(title=title, show_in_menus=True))
    cache.clear()
    phone.goto(live_server.url + full_product.url)
    nav = box(phone, ".main-nav")
    fade = 24  # px: the menu's masked right edge (1.5rem)
    links = phone.locator(".main-nav a")
    assert links.count() == 6
    for index, link in enumerate(links.all()):
        while not link.evaluate("link => link === document.activeElement"):
            phone.keyboard.press("Tab")
        phone.wait_for_timeout(100)  # any smooth scrolling done
        found = link.bounding_box()
        shown = (nav["x"], nav["x"] + nav["width"] - fade)
        assert shown[0] <= found["x"] and found["x"] + found["width"] <= shown[1], (index, found, nav)


def test_the_added_to_cart_message_links_to_the_cart(live_server, phone, full_product):
    phone.goto(live_server.url + full_product.url)
    phone.click("form.add-to-cart button[type=submit]")
    phone.wait_for_selector(".messages .message")
    phone.click(".messages a:has-text('Xem giỏ hàng')")
    phone.wait_for_url(re.compile(r"/gio-hang/$"))
    assert "Kẹo dừa sầu riêng" in phone.inner_text("main")
