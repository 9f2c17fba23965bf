"""Link previews, crawlers and browser prefetches never spend a package's first check, nor count as a
view of a lot's page: only a person's view does."""

import pytest
from bs4 import BeautifulSoup
from django.test import RequestFactory

from traceability import scans
from traceability.models import Serial
from traceability.visitors import Visitor, who

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
ANDROID_CHROME = (
    "Mozilla/5.0 (Linux; Android 14; SM-A155F) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/129.0.0.0 Mobile Safari/537.36"
)
IPHONE_SAFARI = (
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/17.5 Mobile/15E148 Safari/604.1"
)

PREVIEW_BOTS = {
    "Facebook": "facebookexternalhit/1.1 (+http://www.facebook.com/externalhit_uatext.php)",
    "Meta": "meta-externalagent/1.1 (+https://developers.facebook.com/docs/sharing/webmasters/crawler)",
    "Zalo": "Zalo/1.0 (link preview)",
    "Twitter": "Twitterbot/1.0",
    "Slack": "Slackbot-LinkExpanding 1.0 (+https://api.slack.com/robots)",
    "WhatsApp": "WhatsApp/2.23.20.0 A",
    "Telegram": "TelegramBot (like TwitterBot)",
    "Discord": "Mozilla/5.0 (compatible; Discordbot/2.0; +https://discordapp.com)",
    "LinkedIn": "LinkedInBot/1.0 (compatible; Mozilla/5.0; Apache-HttpClient +http://www.linkedin.com)",
    "Google": "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Google, phone": f"{ANDROID_CHROME} (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Bing": "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "Cốc Cốc": "Mozilla/5.0 (compatible; coccocbot-web/1.0; +http://help.coccoc.com/searchengine)",
    "Apple": "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_5) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "Version/13.1.1 Safari/605.1.15 (Applebot/0.1; +http://www.apple.com/go/applebot)",
    "an unnamed crawler": "ExampleFetcher/3.2 (+https://fetcher.example/about)",
}
PEOPLE = {
    "Chrome on Android": ANDROID_CHROME,
    "Safari on iPhone": IPHONE_SAFARI,
    "Zalo's in-app browser (its QR scanner)": f"{ANDROID_CHROME} Zalo android/12110806 ZaloTheme/light "
    "ZaloLanguage/vn",
    "Zalo on iPhone": f"{IPHONE_SAFARI} Zalo iOS/483 ZaloTheme/dark ZaloLanguage/vn",
    "Zalo's in-app browser, platform unnamed": f"{ANDROID_CHROME} ZaloTheme/light ZaloLanguage/vn",
    "Facebook's in-app browser": f"{IPHONE_SAFARI} [FBAN/FBIOS;FBAV/470.0.0.40.102;FBBV/612344531]",
    "a CUBOT phone": "Mozilla/5.0 (Linux; Android 12; CUBOT KINGKONG 7) AppleWebKit/537.36 (KHTML, like "
    "Gecko) Chrome/120.0.0.0 Mobile Safari/537.36",
    "no user agent": "",
    "a headless browser (Playwright, Puppeteer)": "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, "
    "like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36",
}
PREFETCHES = {
    "speculation rules": {"HTTP_SEC_PURPOSE": "prefetch"},
    "prerender": {"HTTP_SEC_PURPOSE": "prefetch;prerender"},
    "<link rel=prefetch> in Chrome": {"HTTP_PURPOSE": "prefetch"},
    "<link rel=prefetch> in Firefox": {"HTTP_X_MOZ": "prefetch"},
}


@pytest.mark.parametrize(
    ("headers", "expected"),
    [
        *[
            pytest.param({"HTTP_USER_AGENT": agent}, Visitor.PREVIEW, id=name)
            for name, agent in PREVIEW_BOTS.items()
        ],
        pytest.param(
            {"HTTP_USER_AGENT": IPHONE_SAFARI, "HTTP_X_PURPOSE": "preview"}, Visitor.PREVIEW, id="Safari"
        ),
        *[
            pytest.param({"HTTP_USER_AGENT": agent}, Visitor.PERSON, id=name)
            for name, agent in PEOPLE.items()
        ],
        *[
            pytest.param({"HTTP_USER_AGENT": ANDROID_CHROME, **headers}, Visitor.PREFETCH, id=name)
            for name, headers in PREFETCHES.items()
        ],
    ],
)
def test_who_is_asking(headers, expected):
    assert who(RequestFactory().get("/01/08930000000019/10/L1", **headers)) == expected


def soup_of(response):
    return BeautifulSoup(response.content.decode(), "html.parser")


def check_line(response):
    return soup_of(response).select_one(".trace-check h2").text.strip()


@pytest.mark.django_db
@pytest.mark.parametrize(
    "bot", ["Facebook", "Zalo", "Twitter", "Slack", "WhatsApp", "Telegram", "Google", "Bing"]
)
def test_a_link_preview_leaves_the_first_check_to_the_buyer(client, serial, serial_url, bot):
    preview = client.get(serial_url, HTTP_ACCEPT=BROWSER, HTTP_USER_AGENT=PREVIEW_BOTS[bot])
    assert preview.status_code == 200
    box = soup_of(preview).select_one(".trace-check")
    assert box.h2.text == "Mã của một gói chính hãng"
    assert box.p.text == "Hãy quét mã QR trên gói hàng để kiểm tra gói hàng này."  # nothing to retry
    assert serial.check_code not in box.text
    serial.refresh_from_db()
    assert (serial.check_count, serial.first_checked_at) == (0, None)
    opened = client.get(serial_url, HTTP_ACCEPT=BROWSER, HTTP_USER_AGENT=ANDROID_CHROME)
    assert check_line(opened) == "Sản phẩm chính hãng – lần kiểm tra đầu tiên"


@pytest.mark.django_db
@pytest.mark.parametrize("headers", PREFETCHES.values(), ids=PREFETCHES.keys())
def test_a_prefetch_is_refused_so_the_buyers_own_view_is_the_first_check(client, serial, serial_url, headers):
    prefetch = client.get(serial_url, HTTP_ACCEPT=BROWSER, HTTP_USER_AGENT=ANDROID_CHROME, **headers)
    # Browsers drop a prefetch that is not a 2xx and load the page when it is opened.
    assert prefetch.status_code == 403
    assert prefetch["Cache-Control"] == "no-store"
    assert "Sec-Purpose" in prefetch["Vary"]
    assert prefetch["Access-Control-Allow-Origin"] == "*"
    assert "chính hãng" not in prefetch.content.decode()
    assert Serial.objects.get(pk=serial.pk).check_count == 0
    opened = client.get(serial_url, HTTP_ACCEPT=BROWSER, HTTP_USER_AGENT=ANDROID_CHROME)
    assert check_line(opened) == "Sản phẩm chính hãng – lần kiểm tra đầu tiên"


@pytest.mark.django_db
@pytest.mark.parametrize("cached", [False, True], ids=["rendered", "from the page cache"])
def test_previews_and_prefetches_of_a_lot_page_are_not_counted_as_views(
    client, settings, lot, lot_url, cached
):
    settings.PAGE_CACHE_SECONDS = 3600 if cached else 0
    client.get(lot_url, HTTP_ACCEPT=BROWSER, HTTP_USER_AGENT=IPHONE_SAFARI)  # the first view
    preview = client.get(lot_url, HTTP_ACCEPT=BROWSER, HTTP_USER_AGENT=PREVIEW_BOTS["Zalo"])
    assert preview.status_code == 200
    assert "Trang của lô đã được xem 1 lần" in soup_of(preview).select_one(".trace-scans").text
    client.get(lot_url, HTTP_ACCEPT=BROWSER, HTTP_USER_AGENT=ANDROID_CHROME, HTTP_SEC_PURPOSE="prefetch")
    assert scans.summary(lot).count == 1
    again = client.get(lot_url, HTTP_ACCEPT=BROWSER, HTTP_USER_AGENT=ANDROID_CHROME)
    assert "Trang của lô đã được xem 2 lần" in soup_of(again).select_one(".trace-scans").text


@pytest.mark.django_db
def test_a_preview_of_a_package_the_page_cache_holds_records_nothing(client, page_cache, sheet, serial_url):
    first, second = sheet.serials.order_by("pk")[:2]
    client.get(serial_url, HTTP_ACCEPT=BROWSER, HTTP_USER_AGENT=ANDROID_CHROME)  # its lot's page is kept
    other_url = second.get_absolute_url()
    preview = client.get(other_url, HTTP_ACCEPT=BROWSER, HTTP_USER_AGENT=PREVIEW_BOTS["Facebook"])
    assert preview.status_code == 200
    assert Serial.objects.get(pk=second.pk).check_count == 0
    opened = client.get(other_url, HTTP_ACCEPT=BROWSER, HTTP_USER_AGENT=IPHONE_SAFARI)
    assert check_line(opened) == "Sản phẩm chính hãng – lần kiểm tra đầu tiên"
