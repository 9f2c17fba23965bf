"""After the order: finding it again by code and phone, cancelling only after confirming, shopping on."""

import pytest
from bs4 import BeautifulSoup
from django.core.cache import cache
from django.urls import reverse
from wagtail.models import Site

from cms.models import SiteSettings
from storefront.checkout import place_order
from storefront.lookup import LOOKUP_ATTEMPTS, normalise_code
from storefront.models import CODE_ALPHABET, OrderState
from storefront.payments import get_provider
from tests.page_tree import independent_of_the_page_tree

pytestmark = pytest.mark.django_db
LOOKUP = reverse("storefront:order_lookup")
NOT_FOUND = "Không tìm thấy đơn hàng với mã và số điện thoại này. Vui lòng kiểm tra lại."


@pytest.fixture(autouse=True)
@independent_of_the_page_tree
def fresh_attempts():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def order(place, pack):
    return place({pack: 2})  # placed with +84912345678 (the `details` fixture)


def alert(response):
    found = BeautifulSoup(response.content, "html.parser").select_one("[role=alert]")
    return found.get_text(strip=True) if found else None


def test_the_code_and_the_phone_as_people_type_them_open_the_order(client, order):
    response = client.post(LOOKUP, {"code": order.code.lower(), "phone": "0912 345 678"})
    assert response.status_code == 302
    assert response["Location"] == order.get_absolute_url()


def test_a_wrong_code_and_a_wrong_phone_get_the_same_answer(client, order):
    wrong_code = client.post(LOOKUP, {"code": "OC00000000", "phone": "0912 345 678"})
    wrong_phone = client.post(LOOKUP, {"code": order.code, "phone": "0987 654 321"})
    assert wrong_code.status_code == wrong_phone.status_code == 200
    assert alert(wrong_code) == alert(wrong_phone) == NOT_FOUND


def test_a_code_typed_with_zero_for_o_one_for_i_spaces_and_dashes_opens_the_order(client, order):
    order.code = "OCW5UEGS8F"  # as new_order_code() makes them: OC and eight of CODE_ALPHABET
    order.save(update_fields=["code"])
    for typed in ("0CW5UEGS8F", "0c-w5ue-gs8f", " OC W5UE GS8F "):
        response = client.post(LOOKUP, {"code": typed, "phone": "0912 345 678"})
        assert response.status_code == 302, typed
        assert response["Location"] == order.get_absolute_url()


def test_lookalike_characters_are_read_as_the_letters_codes_use():
    assert normalise_code(" 0c-1x 2\t") == "OCIX2"
    assert normalise_code("OC–2TSC—93ZH") == "OC2TSC93ZH"  # a phone's autocorrected dashes


def test_the_example_code_looks_like_a_real_one(client):
    field = BeautifulSoup(client.get(LOOKUP).content, "html.parser").select_one("input[name=code]")
    example = field["placeholder"]
    assert len(example) == 10 and example.startswith("OC")
    assert set(example[2:]) <= set(CODE_ALPHABET)


def test_a_malformed_phone_is_explained_without_revealing_anything(client, order):
    response = client.post(LOOKUP, {"code": order.code, "phone": "abc"})
    assert response.status_code == 200
    assert "Số điện thoại chưa đúng, ví dụ: 0912 345 678." in response.content.decode()


def test_a_phone_with_a_letter_o_for_a_zero_is_refused_not_read_as_the_orders_phone(client, order):
    response = client.post(LOOKUP, {"code": order.code, "phone": "O912 345 678"})
    assert response.status_code == 200  # not the order's page
    assert "Số điện thoại chưa đúng, ví dụ: 0912 345 678." in response.content.decode()


def summary_and_field_errors(response):
    soup = BeautifulSoup(response.content, "html.parser")
    summary = soup.select_one("form.lookup-form .error-summary")
    links = [(a.get_text(strip=True), a["href"]) for a in summary.select("a")] if summary else []
    fields = {
        name: [li.get_text(strip=True) for li in soup.select(f"#field-{name} .errorlist li")]
        for name in ("code", "phone")
    }
    return summary, links, fields


def test_an_empty_lookup_says_what_to_type_in_each_box_at_the_top_where_the_focus_lands(client, order):
    response = client.post(LOOKUP, {"code": "", "phone": ""})
    assert response.status_code == 200
    summary, links, fields = summary_and_field_errors(response)
    heading = summary.select_one("h2")
    assert heading.has_attr("autofocus") and heading["tabindex"] == "-1"
    assert summary.find_previous(class_="field") is None  # above every field
    assert fields == {
        "code": ["Vui lòng nhập mã đơn hàng."],
        "phone": ["Vui lòng nhập số điện thoại đã dùng khi đặt hàng."],
    }
    assert links == [
        ("Mã đơn hàng: Vui lòng nhập mã đơn hàng.", "#id_code"),
        ("Số điện thoại đặt hàng: Vui lòng nhập số điện thoại đã dùng khi đặt hàng.", "#id_phone"),
    ]
    soup = BeautifulSoup(response.content, "html.parser")
    for name in ("code", "phone"):
        box = soup.select_one(f"#id_{name}")
        assert box["aria-invalid"] == "true"
        assert all(soup.find(id=id_) for id_ in box["aria-describedby"].split())


@pytest.mark.parametrize("typed", ["OC" + "K" * 4998, "OCK7M4", "K7M4TQ9PAB"])
def test_a_code_of_the_wrong_shape_is_explained_in_vietnamese(client, order, typed):
    response = client.post(LOOKUP, {"code": typed, "phone": "0912 345 678"})
    assert response.status_code == 200
    _summary, _links, fields = summary_and_field_errors(response)
    assert fields == {"code": ["Mã đơn hàng gồm 10 ký tự, bắt đầu bằng OC, ví dụ: OCK7M4TQ9P."], "phone": []}
    assert "kí tự" not in response.content.decode()


def set_hotline(number):
    SiteSettings.objects.update_or_create(
        site=Site.objects.get(is_default_site=True), defaults={"hotline": number}
    )


def test_guessing_is_stopped_after_the_allowed_attempts_even_with_the_right_answer(client, order):
    set_hotline("1900 1234")
    for _ in range(LOOKUP_ATTEMPTS):
        assert client.post(LOOKUP, {"code": "OC00000000", "phone": "0912 345 678"}).status_code == 200
    response = client.post(LOOKUP, {"code": order.code, "phone": "0912 345 678"})
    assert response.status_code == 429
    assert response["Retry-After"] == "900"
    assert alert(response) == (
        "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau 15 phút. "
        "Cần hỗ trợ, vui lòng gọi đường dây nóng 1900 1234."
    )


def test_without_a_hotline_the_limit_does_not_tell_the_buyer_to_call(client, order):
    set_hotline("")
    for _ in range(LOOKUP_ATTEMPTS + 1):
        response = client.post(LOOKUP, {"code": "OC00000000", "phone": "0912 345 678"})
    assert response.status_code == 429
    assert alert(response) == "Bạn đã thử quá nhiều lần. Vui lòng thử lại sau 15 phút."


def test_only_lookups_that_find_nothing_count_against_the_limit(client, order):
    right = {"code": order.code, "phone": "0912 345 678"}
    for _ in range(4):
        assert client.post(LOOKUP, right).status_code == 302
    for _ in range(5):
        assert client.post(LOOKUP, {}).status_code == 200  # an empty form looks nothing up
    for _ in range(LOOKUP_ATTEMPTS - 1):
        assert client.post(LOOKUP, {"code": "OC00000000", "phone": "0912 345 678"}).status_code == 200
    assert client.post(LOOKUP, right).status_code == 302


def test_the_lookup_page_is_linked_from_every_page(client, home):
    html = client.get("/").content.decode()
    assert f'href="{LOOKUP}"' in html
    assert client.get(LOOKUP).status_code == 200


def test_the_lookup_page_says_where_the_code_is_and_promises_no_text_message(client, home):
    lead = BeautifulSoup(client.get(LOOKUP).content, "html.parser").select_one("p.lead")
    assert lead.get_text(" ", strip=True) == (
        "Nhập mã đơn hàng (ở đầu trang đơn hàng, và trong email xác nhận nếu bạn đã nhập email) "
        "và số điện thoại bạn đã dùng khi đặt hàng."
    )  # the shop sends no SMS or Zalo message


def test_an_order_placed_without_an_email_asks_the_buyer_to_note_its_code(
    client, order, details, place, pack
):
    page = BeautifulSoup(client.get(order.get_absolute_url()).content, "html.parser")
    assert [p.get_text(" ", strip=True) for p in page.select(".note-the-code")] == [
        f"Bạn không nhập email nên sẽ không nhận được email xác nhận. Hãy ghi lại mã đơn {order.code}: "
        "cùng số điện thoại đã dùng khi đặt hàng, mã này giúp bạn tra cứu đơn sau này."
    ]
    details["email"] = "nam@example.vn"
    with_email = place({pack: 1})
    page = BeautifulSoup(client.get(with_email.get_absolute_url()).content, "html.parser")
    assert page.select(".note-the-code") == []


def test_cancelling_asks_for_confirmation_first_and_works_without_javascript(client, order, pack):
    url = reverse("storefront:order_cancel", args=[order.token])
    order_page = BeautifulSoup(client.get(order.get_absolute_url()).content, "html.parser")
    assert order_page.find("a", string="Huỷ đơn hàng")["href"] == url

    confirmation = client.get(url)
    assert (
        "Huỷ đơn hàng" in confirmation.content.decode()
        and "Không, giữ đơn hàng" in confirmation.content.decode()
    )
    assert client.post(url).status_code == 200  # a POST without the confirmation only asks again
    order.refresh_from_db()
    pack.refresh_from_db()
    assert (order.state, pack.stock) == (OrderState.PLACED, 10)

    client.post(url, {"confirm": "1"})
    order.refresh_from_db()
    pack.refresh_from_db()
    assert (order.state, pack.stock) == (OrderState.CANCELLED, 12)


def test_the_order_page_offers_to_continue_shopping(client, order):
    page = BeautifulSoup(client.get(order.get_absolute_url()).content, "html.parser")
    assert page.find("a", string="Tiếp tục mua sắm")["href"] == "/"


def page_messages(response):
    page = BeautifulSoup(response.content, "html.parser")
    return [(" ".join(p["class"]), p.get_text(strip=True)) for p in page.select(".messages .message")]


def test_cancelling_twice_tells_the_buyer_it_is_cancelled_not_that_it_failed(client, order, pack):
    url = reverse("storefront:order_cancel", args=[order.token])
    client.post(url, {"confirm": "1"}, follow=True)
    again = client.post(url, {"confirm": "1"}, follow=True)  # a double tap, or the form sent again
    assert again.redirect_chain == [(order.get_absolute_url(), 302)]
    assert page_messages(again) == [("message info", "Đơn hàng đã được huỷ.")]
    pack.refresh_from_db()
    assert pack.stock == 12  # given back once


def test_an_order_being_prepared_is_not_cancelled_and_the_buyer_is_given_the_hotline(client, order):
    set_hotline("1900 1234")
    order.state = OrderState.PREPARING
    order.save(update_fields=["state"])
    response = client.post(
        reverse("storefront:order_cancel", args=[order.token]), {"confirm": "1"}, follow=True
    )
    assert page_messages(response) == [
        (
            "message error",
            "Đơn hàng này không huỷ được nữa vì cửa hàng đã bắt đầu xử lý. "
            "Cần hỗ trợ, vui lòng gọi đường dây nóng 1900 1234.",
        )
    ]
    order.refresh_from_db()
    assert order.state == OrderState.PREPARING


def test_the_cancel_confirmation_counts_units_as_the_cart_badge_does(client, place, pack, second_pack):
    order = place({pack: 2, second_pack: 3})
    page = BeautifulSoup(
        client.get(reverse("storefront:order_cancel", args=[order.token])).content, "html.parser"
    )
    assert page.find("p", string=lambda text: text and text.startswith("Đơn hàng có")).text.startswith(
        "Đơn hàng có 5 sản phẩm, tổng"
    )


def test_a_gift_box_counts_as_one_on_the_cancel_confirmation(
    client, details, shipping, gift_box, second_pack
):
    order = place_order(
        quantities={second_pack.pk: 1},
        seen_prices={second_pack.pk: second_pack.price},
        combos={gift_box.pk: 1},  # 2 + 1 packs inside, as the cart's badge, one box
        combo_prices={gift_box.pk: gift_box.price},
        details=details,
        provider=get_provider("cod"),
        shipping=shipping,
    )
    page = client.get(reverse("storefront:order_cancel", args=[order.token])).content.decode()
    assert "Đơn hàng có 2 sản phẩm, tổng" in page


def test_an_unknown_order_link_offers_the_lookup_and_the_hotline_never_a_call_without_a_number(client, order):
    missing = reverse("storefront:order", args=["khong-co-don-nay"])
    set_hotline("")
    page = BeautifulSoup(client.get(missing).content, "html.parser")
    assert page.find("a", href=LOOKUP) is not None
    assert "gọi" not in page.select_one("main").get_text()
    set_hotline("1900 1234")
    page = BeautifulSoup(client.get(missing).content, "html.parser")
    assert page.find("a", href="tel:19001234").text == "1900 1234"  # a 1900 number dialled as written


def test_the_not_found_answer_takes_the_focus_as_the_error_summary_does(client, order):
    page = BeautifulSoup(
        client.post(LOOKUP, {"code": "OC00000000", "phone": "0912 345 678"}).content, "html.parser"
    )
    focused = page.select("[autofocus]")
    assert [element.get_text(strip=True) for element in focused] == [NOT_FOUND]
    assert focused[0].get("tabindex") == "-1"  # focusable by the page, not a Tab stop of its own
