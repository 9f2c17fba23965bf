"""The checkout page as a phone buyer fills it in a real browser (Playwright)."""

import re


def order_with_cash_on_delivery(page, province, commune) -> None:
    """On the checkout page: a buyer's name, phone and address, cash on delivery (the default), sent;
    returns on the order page it leads to."""
    page.wait_for_url(re.compile(r"/thanh-toan/$"))
    page.fill("#id_full_name", "Nguyễn Thị Hoa")
    page.fill("#id_phone", "0912 345 678")
    page.select_option("#id_province", str(province.pk))
    # Waited for as an element: the checkout's CSP forbids the eval a JS wait would need.
    page.locator("#id_commune option").nth(1).wait_for(state="attached")
    page.select_option("#id_commune", str(commune.pk))
    page.fill("#id_street", "12 Đồng Khởi")
    assert page.is_checked("input[name=payment_method][value=cod]")
    page.click("button.button-primary[type=submit]")
    page.wait_for_url(re.compile(r"/don-hang/[\w-]+/$"))
