"""A producer's staff in the admin on a phone: the screens they use load without an error the browser
reports (the `open_phone` fixture fails the test on any: a refused script, style or picture, a script
that threw), and without asking another site for anything."""

from tests.conftest import IN_A_BROWSER

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
