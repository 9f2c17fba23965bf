"""The lot editor in a browser: dates typed the way the certification form takes them are kept."""

import datetime

from django.contrib.auth import get_user_model
from django.utils import timezone

from catalogue.permissions import grant_producer_access
from tests.conftest import IN_A_BROWSER, sign_in_to_admin
from traceability.models import Lot

pytestmark = IN_A_BROWSER


def test_iso_dates_typed_into_a_new_lot_are_saved_as_typed_not_replaced_by_today(
    live_server, open_phone, producer, pack
):
    grant_producer_access(get_user_model().objects.create_user("dong-a", password="x"), producer)
    produced = timezone.localdate() - datetime.timedelta(days=19)
    expiry = produced.replace(year=produced.year + 2)
    phone = open_phone(viewport={"width": 1280, "height": 900}, is_mobile=False, has_touch=False)
    sign_in_to_admin(live_server, phone, "dong-a")

    phone.goto(live_server.url + "/admin/lots/new/")
    # The pack size's chooser (a modal) is not what this test is about: its hidden input is set.
    phone.locator("#id_pack_size").evaluate("(input, pk) => { input.value = pk; }", str(pack.pk))
    phone.fill("#id_code", "EAKAR-01")
    phone.fill("#id_production_date", produced.isoformat())
    phone.fill("#id_expiry_date", expiry.isoformat())
    phone.fill("#id_quantity", "500")
    phone.fill("#id_raw_material_area", "Xã Ea Kar, tỉnh Đắk Lắk")
    phone.locator("#id_code").focus()  # leaving the date boxes, as a person tabbing on would
    assert phone.input_value("#id_production_date") == produced.isoformat()
    assert phone.input_value("#id_expiry_date") == expiry.isoformat()
    phone.get_by_role("button", name="Tạo").click()
    phone.wait_for_url(live_server.url + "/admin/lots/")

    lot = Lot.objects.get(code="EAKAR-01")
    assert (lot.production_date, lot.expiry_date) == (produced, expiry)
