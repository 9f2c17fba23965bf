"""A producer's staff in the admin on a phone: the screens they use load without an error the browser
reports (the `open_phone` fixture fails the test on any: a refused script, style or picture, a script
that threw), and without asking another site for anything."""

from catalogue.factories import PackSizeFactory
from tests.conftest import IN_A_BROWSER, fits_the_screen, sign_in_to_admin

pytestmark = IN_A_BROWSER


def test_a_producer_signs_in_and_opens_the_dashboard_the_explorer_the_product_editor_and_the_account(
    live_server, open_phone, producer_user, product
):
    phone = open_phone()
    elsewhere = []
    phone.on(
        "request", lambda req: elsewhere.append(req.url) if not req.url.startswith(live_server.url) else None
    )
    phone.goto(live_server.url + "/admin/login/")
    phone.fill("#id_username", "dong-a")
    phone.fill("#id_password", "x")
    phone.get_by_role("button", name="Đăng nhập").click()
    phone.wait_for_url(live_server.url + "/admin/")
    assert phone.get_by_role("heading", name="Tồn kho sắp hết").is_visible()

    phone.goto(f"{live_server.url}/admin/pages/{product.get_parent().pk}/")
    assert phone.get_by_role("link", name="Kẹo dừa sầu riêng").first.is_visible()
    phone.goto(f"{live_server.url}/admin/pages/{product.pk}/edit/")
    phone.wait_for_load_state("networkidle")
    assert phone.locator("#id_title").input_value() == "Kẹo dừa sầu riêng"
    phone.goto(f"{live_server.url}/admin/account/")  # its time zone choices are labelled by a script
    assert phone.get_by_role("heading", name="Tài khoản").first.is_visible()
    assert elsewhere == []


def shows_whole(locator, typed: str) -> bool:
    """Whether `typed`, filled into the input, is seen whole (not scrolled inside a narrow box)."""
    locator.fill(typed)
    return locator.evaluate("input => input.scrollWidth <= input.clientWidth")


def test_the_stock_screen_on_a_phone_shows_each_packs_figures_whole_and_names_each_box_by_its_pack(
    live_server, open_phone, producer_user, product
):
    PackSizeFactory(product=product, label="Túi 250g", price=30_000, stock=5)
    phone = open_phone()
    sign_in_to_admin(live_server, phone, "dong-a")

    phone.goto(live_server.url + "/admin/ton-kho-va-gia/")

    assert fits_the_screen(phone, phone.get_by_role("searchbox", name="Tìm sản phẩm hoặc mã SKU"))
    for pack in ("Kẹo dừa sầu riêng – Hộp 400g", "Kẹo dừa sầu riêng – Túi 250g"):
        for field in ("Giá (đồng)", "Tồn kho", "Báo sắp hết khi còn dưới"):
            box = phone.get_by_role("textbox", name=f"{field} {pack}", exact=True)
            assert box.count() == 1, f"no box named “{field} {pack}”"
            assert fits_the_screen(phone, box), f"“{field} {pack}” runs off the screen"
            assert shows_whole(box, "123.456.789"), f"“{field} {pack}” cuts 9 digits"
    assert fits_the_screen(phone, phone.get_by_role("button", name="Lưu tất cả"))
    assert phone.evaluate("document.documentElement.scrollWidth") <= phone.viewport_size["width"]
