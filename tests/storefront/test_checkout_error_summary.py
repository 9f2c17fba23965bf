"""A checkout with mistakes says so at the top of the form, where the focus lands: each mistake a link to
its field, and each field with a mistake marked invalid and described by its message."""

import io
import re

import pytest
from bs4 import BeautifulSoup
from PIL import Image

from tests.conftest import in_a_browser
from tests.storefront.checkout_pages import send_checkout

pytestmark = pytest.mark.django_db


@pytest.fixture
def filled_cart(client, pack, shipping, add_to_cart):
    add_to_cart(pack, 1)
    return pack


def test_mistakes_are_listed_at_the_top_of_the_form_as_links_to_their_fields(
    client, filled_cart, checkout_data
):
    page = send_checkout(client, {**checkout_data, "phone": "12", "commune": ""})
    soup = BeautifulSoup(page.content, "html.parser")

    summary = soup.select_one("form.checkout-form .error-summary")
    assert summary.find_previous(class_="field") is None  # above every field
    assert summary["role"] == "alert"
    heading = summary.select_one("h2")
    assert heading.get_text(strip=True) == "Chưa đặt được hàng. Vui lòng sửa các mục sau:"
    assert heading["tabindex"] == "-1" and heading.has_attr("autofocus")
    assert [(a.get_text(strip=True), a["href"]) for a in summary.select("a")] == [
        ("Số điện thoại: Số điện thoại chưa đúng, ví dụ: 0912 345 678.", "#id_phone"),
        ("Xã/phường: Vui lòng chọn xã/phường.", "#id_commune"),
    ]
    for name in ("phone", "commune"):
        field = soup.select_one(f"#id_{name}")
        assert field["aria-invalid"] == "true"
        described = [soup.find(id=id_) for id_ in field["aria-describedby"].split()]
        assert [element.get_text(strip=True) for element in described] == [
            li.get_text(strip=True) for li in soup.select(f"#field-{name} .errorlist li")
        ]
    assert not soup.select_one("#id_full_name").has_attr("aria-invalid")


def test_every_description_a_field_points_at_is_on_the_page(client, filled_cart, checkout_data):
    page = send_checkout(client, {**checkout_data, "email": "khong-phai-email", "payment_method": ""})
    soup = BeautifulSoup(page.content, "html.parser")
    pointed = {
        id_ for element in soup.select("[aria-describedby]") for id_ in element["aria-describedby"].split()
    }
    assert pointed >= {"id_email_helptext", "id_email_error", "id_payment_method_error"}
    assert [id_ for id_ in sorted(pointed) if soup.find(id=id_) is None] == []
    assert [(a.get_text(strip=True), a["href"]) for a in soup.select(".error-summary a")] == [
        ("Email (không bắt buộc): Email chưa đúng, ví dụ: hoa@example.vn.", "#id_email"),
        ("Cách thanh toán: Vui lòng chọn cách thanh toán.", "#id_payment_method_0"),
    ]
    assert {radio.get("aria-invalid") for radio in soup.select("input[name=payment_method]")} == {"true"}


def test_a_page_without_mistakes_has_no_summary(client, filled_cart, province):
    soup = BeautifulSoup(client.get("/thanh-toan/").content, "html.parser")
    assert soup.select(".error-summary") == []
    chosen = client.post("/thanh-toan/", {"province": province.pk, "choose_province": "1"})
    assert BeautifulSoup(chosen.content, "html.parser").select(".error-summary") == []


@in_a_browser
def test_after_a_submit_with_mistakes_the_focus_is_on_the_summary_and_its_links_reach_the_fields(
    live_server, phone_page, product, shipping
):
    page = phone_page
    page.goto(live_server.url + product.url)
    page.click("form.add-to-cart button[type=submit]")
    page.wait_for_selector(".messages .message")
    page.goto(live_server.url + "/thanh-toan/")
    page.fill("#id_full_name", "Nguyễn Thị Hoa")
    page.fill("#id_phone", "12")
    page.click("button.button-primary[type=submit]")
    page.wait_for_url(re.compile(r"/thanh-toan/$"))
    page.wait_for_selector(".error-summary")

    focused = page.locator(":focus")
    assert focused.get_attribute("id") == "error-summary-title"
    assert page.locator("#id_full_name").input_value() == "Nguyễn Thị Hoa"
    page.click(".error-summary a[href='#id_phone']")
    assert page.locator(":focus").get_attribute("id") == "id_phone"


# The focused control, seen: what is drawn at its centre is the control itself (or its own text), not the
# sticky header or anything else over it.
SEEN = """element => {
  const box = element.getBoundingClientRect();
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return hit !== null && (hit === element || element.contains(hit));
}"""


@pytest.fixture
def full_header(category_index, producer_index):
    """The header as shoppers see it: the menu under the logo and cart on a phone (168 px high)."""
    for index in (category_index, producer_index):
        index.show_in_menus = True
        index.save()


def checkout_with_mistakes(live_server, page, product):
    page.goto(live_server.url + product.url)
    page.click("form.add-to-cart button[type=submit]")
    page.wait_for_selector(".messages .message")
    page.goto(live_server.url + "/thanh-toan/")
    page.locator("button.button-primary[type=submit]").press("Enter")  # the form left empty
    page.wait_for_selector(".error-summary")


@in_a_browser
@pytest.mark.parametrize(
    "viewport", [{"width": 390, "height": 844}, {"width": 320, "height": 256}], ids=["phone", "reflow"]
)
def test_a_mistakes_link_shows_its_field_and_label_clear_of_the_header(
    live_server, open_phone, product, shipping, full_header, viewport
):
    page = open_phone(viewport=viewport)
    checkout_with_mistakes(live_server, page, product)
    assert page.locator(".main-nav a").count() == 2
    for name in ("phone", "province", "full_name"):
        page.focus(f".error-summary a[href='#id_{name}']")
        page.keyboard.press("Enter")
        field = page.locator(f"#id_{name}")
        assert page.locator(":focus").get_attribute("id") == f"id_{name}"
        assert field.evaluate(SEEN), f"#id_{name} is hidden"
        assert page.locator(f"label[for=id_{name}]").evaluate(SEEN), f"the label of #id_{name} is hidden"


@in_a_browser
@pytest.mark.parametrize(
    "viewport",
    [{"width": 390, "height": 844}, {"width": 320, "height": 256}, {"width": 844, "height": 390}],
    ids=["phone", "reflow", "landscape"],
)
def test_going_back_through_the_form_with_shift_tab_never_hides_the_focus_under_the_header(
    live_server, open_phone, product, shipping, full_header, viewport
):
    page = open_phone(viewport=viewport)
    checkout_with_mistakes(live_server, page, product)
    page.focus("button.button-primary[type=submit]")
    hidden = []
    for _ in range(12):
        page.keyboard.press("Shift+Tab")
        focused = page.locator(":focus")
        if not focused.evaluate(SEEN):
            hidden.append(focused.evaluate("e => e.id || e.textContent.trim()"))
    assert hidden == []


# Where each mistake's bullet is drawn, and its message's first line: the bullet sits in the list's left
# padding, where nothing else is drawn; the first line is where the link's first letter is.
BULLET_AND_FIRST_LINE = """link => {
  link.scrollIntoView({block: "center"});
  const letter = document.createRange();
  letter.setStart(link.firstChild, 0);
  letter.setEnd(link.firstChild, 1);
  const line = letter.getBoundingClientRect();
  const text = link.lastChild;
  letter.setStart(text, text.length - 1);
  letter.setEnd(text, text.length);
  const lastLineTop = letter.getBoundingClientRect().top;
  const item = link.closest("li").getBoundingClientRect();
  const list = link.closest("ul").getBoundingClientRect();
  return {
    gutter: {x: list.left, y: item.top, width: item.left - list.left, height: item.height},
    lineTop: line.top, lineBottom: line.bottom, lines: Math.round((lastLineTop - line.top) / line.height) + 1,
  };
}"""


def bullet_rows(png: bytes) -> list[int]:
    """The rows of a screenshot of the list's gutter where the bullet is drawn: the longest run of rows
    holding something darker than the summary's white (an edge of the heading's focus ring may show too)."""
    image = Image.open(io.BytesIO(png)).convert("L")
    width, height = image.size
    drawn = [y for y in range(height) if min(image.getpixel((x, y)) for x in range(width)) < 128]
    runs = [[y] for y in drawn[:1]]
    for y in drawn[1:]:
        if y == runs[-1][-1] + 1:
            runs[-1].append(y)
        else:
            runs.append([y])
    return max(runs, key=len, default=[])


@in_a_browser
def test_each_mistakes_bullet_sits_beside_the_first_line_of_its_message(
    live_server, phone_page, product, shipping
):
    page = phone_page
    checkout_with_mistakes(live_server, page, product)
    scale = page.evaluate("window.devicePixelRatio")
    misplaced, most_lines = [], 0
    for link in page.locator(".error-summary li a").all():
        seen = link.evaluate(BULLET_AND_FIRST_LINE)
        most_lines = max(most_lines, seen["lines"])
        gutter = seen["gutter"]
        rows = bullet_rows(page.screenshot(clip=gutter))
        assert rows, f"no bullet beside {link.inner_text()!r}"
        bullet = gutter["y"] + (rows[0] + rows[-1]) / 2 / scale
        if not seen["lineTop"] <= bullet <= seen["lineBottom"]:
            misplaced.append(
                f"{link.inner_text()!r}: {bullet - seen['lineTop']:.0f} px below its first line's top"
            )
    assert most_lines >= 2  # a message that wraps, on a phone
    assert misplaced == []
