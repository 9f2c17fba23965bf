"""The serialised label sheet as printed: every code whole on one line, at every QR size it offers."""

from django.contrib.auth import get_user_model

from catalogue.permissions import grant_producer_access
from tests.conftest import IN_A_BROWSER, sign_in_to_admin

pytestmark = IN_A_BROWSER

# The widest serials the alphabet allows, and the one seen broken ("fCHnymUfAf" / "W") on a 20 mm label.
WIDE_SERIALS = ["WWWWWWWWWWW", "mmmmmmmmmmm", "fCHnymUfAfW", "MWMWMWMWMWM", "wmwmwmwmwmw"]

# Per element: its text's line boxes (a broken code has two), and whether it lies within its label.
LINES_AND_FIT = """codes => codes.map(code => {
    const range = document.createRange();
    range.selectNodeContents(code);
    const lines = new Set([...range.getClientRects()].map(rect => Math.round(rect.top)));
    const text = range.getBoundingClientRect(), label = code.closest(".label").getBoundingClientRect();
    return {code: code.textContent, lines: lines.size, inside: text.left >= label.left && text.right <= label.right};
})"""


def test_every_serial_and_check_code_prints_on_one_line_within_its_label_at_every_size(
    live_server, open_phone, producer, sheet
):
    for serial, text in zip(sheet.serials.order_by("pk"), WIDE_SERIALS, strict=True):
        serial.serial = text
        serial.save(update_fields=["serial"])
    grant_producer_access(get_user_model().objects.create_user("dong-a", password="x"), producer)
    page = open_phone(viewport={"width": 1280, "height": 900}, is_mobile=False, has_touch=False)
    sign_in_to_admin(live_server, page, "dong-a")
    url = f"{live_server.url}/lots/sheets/{sheet.pk}/labels/"
    page.goto(url)
    sizes = [  # the size links ("?page=1&size=18"): five labels are one part, with no part links
        link.split("size=")[1]
        for link in page.locator(".screen-only a[href*='size=']").evaluate_all(
            "links => links.map(link => link.getAttribute('href'))"
        )
    ]
    assert sizes == ["18", "20", "25", "30"]

    page.emulate_media(media="print")
    for size in sizes:
        page.goto(f"{url}?size={size}&page=1")
        for kind in ("serial", "check-code"):
            measured = page.locator(f".label .{kind}").evaluate_all(LINES_AND_FIT)
            assert len(measured) == 5
            broken = [m for m in measured if m["lines"] != 1 or not m["inside"]]
            assert broken == [], f"{kind} at {size} mm"
