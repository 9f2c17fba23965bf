"""axe-core on a phone: the pages a shopper walks through have no serious or critical accessibility violation.

axe-core comes from npm (`npm ci` at the project root installs it into node_modules/); the test injects it into
Debian's Chromium through Playwright and skips, saying so, when either is missing.
"""

import re
from pathlib import Path

import pytest
import wagtail_factories
from django.conf import settings

from tests.conftest import IN_A_BROWSER
from traceability import serials
from traceability.factories import LotEventFactory, LotFactory
from traceability.models import EventKind

AXE = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"

pytestmark = [
    *IN_A_BROWSER,
    pytest.mark.skipif(
        not AXE.exists(), reason="axe-core is not installed: run `npm ci` at the project root"
    ),
]

BLOCKING = {"serious", "critical"}
# Rules axe rates lower that the issue names: cards jumping from h1 to h3, images repeating their link's text.
ALSO_BLOCKING = {"heading-order", "image-redundant-alt"}


@pytest.fixture
def page(open_phone):
    # bypass_csp: axe-core is injected as an inline script, which the site's CSP rightly refuses
    # (tests/config checks the policy itself).
    return open_phone(bypass_csp=True)


def blocking_violations(page) -> list[str]:
    """Run axe-core on the page as it is now; one line per blocking rule broken, with its first nodes."""
    page.add_script_tag(path=str(AXE))
    result = page.evaluate("axe.run(document, {resultTypes: ['violations']})")
    return [
        f"{violation['id']} ({violation['impact']}): "
        + "; ".join(node["target"][0] if node["target"] else "?" for node in violation["nodes"][:5])
        for violation in result["violations"]
        if violation["impact"] in BLOCKING or violation["id"] in ALSO_BLOCKING
    ]


def test_the_shoppers_pages_have_no_serious_or_critical_axe_violation(
    live_server,
    page,
    home,
    product,
    category,
    province,
    commune,
    shipping,
    place,
    gift_box,
    combo_image,
    vietqr_on,
):
    from cms.models import StandardPage

    programme = home.add_child(
        instance=StandardPage(
            title="Về chương trình OCOP", slug="chuong-trinh-ocop", body=[("programme_figures", None)]
        )
    )
    product.image = wagtail_factories.ImageFactory(title="Kẹo dừa sầu riêng")
    product.save()
    pack = product.pack_sizes.get()
    lot = LotFactory(pack_size=pack, code="L2406-01")
    LotEventFactory(lot=lot, kind=EventKind.HARVEST, place="Ấp Phú Lợi, xã Phú Túc", actor="HTX Dừa Phú Túc")
    order = place({pack: 1})
    paid_by_transfer = place({pack: 1}, "vietqr")
    gift_box.image = combo_image
    gift_box.save_revision().publish()

    found = {}

    def audit(name, url=None):
        if url:
            page.goto(live_server.url + url)
        found[name] = blocking_violations(page)

    audit("home", "/")
    audit("category", category.url)
    audit("product", product.url)
    audit("producer", product.get_parent().url)
    audit("search results", "/search/?q=keo+dua")
    audit("gift combos", gift_box.get_parent().url)
    audit("gift combo", gift_box.url)
    audit("lot", f"/01/{pack.gtin}/10/{lot.code}")
    package = serials.issue(lot, 1).serials.get().get_absolute_url()
    audit("package, first check", package)
    audit("package, checked before", package)
    audit("package, unknown code", f"/01/{pack.gtin}/10/{lot.code}/21/KHONGCOMA99")
    audit("order", order.get_absolute_url())
    audit("order, VietQR", paid_by_transfer.get_absolute_url())
    audit("cancel confirmation", order.get_absolute_url() + "huy/")
    audit("order lookup", "/tra-cuu-don-hang/")
    audit("programme figures", programme.url)

    page.goto(live_server.url + product.url)
    page.click("form.add-to-cart button[type=submit]")
    page.wait_for_selector(".messages .message")
    audit("cart with an item", "/gio-hang/")

    page.goto(live_server.url + "/thanh-toan/")
    page.click("button.button-primary[type=submit]")
    page.wait_for_url(re.compile(r"/thanh-toan/$"))
    page.wait_for_selector(".errorlist")
    audit("checkout with errors")

    assert {name: lines for name, lines in found.items() if lines} == {}
