"""A producer handles an order in the admin on a 390×844 phone: its part's button is on the screen,
and each shipped lot's controls say which order line they are for."""

import pytest
from django.contrib.auth import get_user_model

from catalogue.factories import PackSizeFactory, ProducerPageFactory, ProductPageFactory
from catalogue.permissions import grant_producer_access
from tests.conftest import IN_A_BROWSER, fits_the_screen, sign_in_to_admin
from traceability.factories import LotFactory

pytestmark = IN_A_BROWSER


@pytest.fixture
def dong_a(producer):
    user = get_user_model().objects.create_user("dong-a", "dong-a@example.vn", "x")
    grant_producer_access(user, producer)
    return user


@pytest.fixture
def shared_order(place, pack, second_pack, producer_index):
    tea = ProducerPageFactory(parent=producer_index, title="HTX Chè Tân Cương", slug="che-tan-cuong")
    tea_pack = PackSizeFactory(
        product=ProductPageFactory(parent=tea, title="Trà xanh Tân Cương", slug="tra-xanh"), label="Gói 200g"
    )
    return place({pack: 2, second_pack: 1, tea_pack: 1})


def test_a_producer_confirms_its_part_of_an_order_on_a_phone(live_server, open_phone, dong_a, shared_order):
    phone = open_phone()
    sign_in_to_admin(live_server, phone, "dong-a")

    phone.goto(f"{live_server.url}/admin/don-hang/inspect/{shared_order.pk}/")

    confirm = phone.get_by_role("button", name="Xác nhận phần hàng của mình")
    assert fits_the_screen(phone, confirm)
    assert phone.evaluate("document.documentElement.scrollWidth") <= phone.viewport_size["width"]


def test_each_lot_choice_and_package_codes_box_name_the_order_line(
    live_server, open_phone, dong_a, shared_order, pack, second_pack
):
    LotFactory(pack_size=pack, code="L2406-01")
    LotFactory(pack_size=second_pack, code="L2406-02")
    phone = open_phone()
    sign_in_to_admin(live_server, phone, "dong-a")

    phone.goto(f"{live_server.url}/admin/orders/{shared_order.pk}/ship-lots/")

    for line in ("2 × Kẹo dừa sầu riêng – Hộp 400g", "1 × Kẹo dừa sầu riêng – Túi 250g"):
        lot = phone.get_by_role("combobox", name=f"Lô {line}", exact=True)
        codes = phone.get_by_role("textbox", name=f"Hoặc quét mã gói {line}", exact=True)
        assert (lot.count(), codes.count()) == (1, 1), line
        assert fits_the_screen(phone, lot) and fits_the_screen(phone, codes)
    assert phone.evaluate("document.documentElement.scrollWidth") <= phone.viewport_size["width"]


def test_the_dashboards_panels_line_up_with_the_page_title_on_a_phone(live_server, open_phone, dong_a, pack):
    LotFactory(pack_size=pack, code="L2406-01")  # the "Tem theo gói" panel lists it
    phone = open_phone()
    sign_in_to_admin(live_server, phone, "dong-a")

    # The dashboard's own side padding, as its title and search box have it; no heading or list at the
    # screen's edge, none indented further.
    left = phone.locator("main h1").bounding_box()["x"]
    headings = phone.locator("main section h2:not(.w-sr-only)")
    contents = phone.locator(
        "main section.ocop-dashboard-panel .w-panel__content > *, main section.panel > p"
    )
    assert headings.count() == 5 and contents.count() == 5
    assert left >= 16
    for found in (*headings.all(), *contents.all()):
        assert found.bounding_box()["x"] == left, found.inner_text()


def test_the_orders_list_scrolls_sideways_on_a_phone_to_the_state_and_keeps_each_code_whole(
    live_server, open_phone, dong_a, shared_order
):
    phone = open_phone()
    sign_in_to_admin(live_server, phone, "dong-a")

    phone.goto(f"{live_server.url}/admin/don-hang/")

    listing = phone.get_by_role("region", name="Đơn hàng")
    listing.focus()  # a keyboard reaches it; arrow keys then scroll it
    state = phone.get_by_role("cell", name=shared_order.get_state_display())
    state.scroll_into_view_if_needed()
    assert fits_the_screen(phone, state)
    code = phone.get_by_role("link", name=shared_order.code)
    assert code.evaluate("a => a.getClientRects().length") == 1  # on one line, not "OCDJB / R4LK3"
    assert phone.evaluate("document.documentElement.scrollWidth") <= phone.viewport_size["width"]
