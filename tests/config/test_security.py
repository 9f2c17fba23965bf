"""Security a visitor meets: admin login throttling, rate limits with a clear 429 page, and a Content
Security Policy without 'unsafe-inline' on storefront pages."""

import datetime
import re

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.urls import reverse

from places.models import Province
from storefront.checkout import place_order
from storefront.models import ShippingSettings
from storefront.payments import get_provider
from tests.page_tree import independent_of_the_page_tree
from tests.storefront.checkout_pages import send_checkout
from traceability import gs1, serials
from traceability.factories import LotFactory

LOCKED = "Đăng nhập sai 5 lần. Để bảo vệ tài khoản, việc đăng nhập từ máy này tạm khoá 15 phút"


@pytest.fixture(autouse=True)
@independent_of_the_page_tree
def empty_cache():
    cache.clear()
    yield
    cache.clear()


# --- Login throttling ---------------------------------------------------------------------------


@pytest.fixture
@independent_of_the_page_tree
def editor(db):
    return get_user_model().objects.create_user(
        "bien-tap", password="mat-khau-dung-2026", is_staff=True, is_superuser=True
    )


def log_in(client, password, username="bien-tap"):
    return client.post("/admin/login/", {"username": username, "password": password})


def test_five_wrong_passwords_lock_the_admin_login_with_a_message_in_vietnamese(client, editor, home):
    for _ in range(4):
        response = log_in(client, "sai")
        assert response.status_code == 200  # the login form again, with its error
    response = log_in(client, "sai")
    assert response.status_code == 429
    assert LOCKED in response.content.decode()  # the fifth: 5 wrong, not "more than 5"
    assert "sai quá" not in response.content.decode()
    # Locked: even the right password is refused for now.
    response = log_in(client, "mat-khau-dung-2026")
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_message_says_the_limit_and_the_lockout_time_set(client, editor, home, settings):
    settings.AXES_FAILURE_LIMIT = 3
    settings.AXES_COOLOFF_TIME = datetime.timedelta(minutes=30)
    statuses = [log_in(client, "sai").status_code for _ in range(3)]
    assert statuses == [200, 200, 429]
    response = log_in(client, "sai")
    assert "Đăng nhập sai 3 lần. Để bảo vệ tài khoản, việc đăng nhập từ máy này tạm khoá 30 phút" in (
        response.content.decode()
    )


def test_a_right_password_before_the_limit_logs_in_and_resets_the_count(client, editor, home):
    for _ in range(4):
        log_in(client, "sai")
    response = log_in(client, "mat-khau-dung-2026")
    assert response.status_code == 302 and client.session["_auth_user_id"] == str(editor.pk)
    client.logout()
    for _ in range(4):
        assert log_in(client, "sai").status_code == 200


def test_one_accounts_lockout_does_not_lock_another_account(client, editor, home):
    get_user_model().objects.create_user("khac", password="mat-khau-khac-2026", is_staff=True)
    for _ in range(5):
        log_in(client, "sai")
    assert log_in(client, "mat-khau-khac-2026", username="khac").status_code == 302


# --- Rate limits ----------------------------------------------------------------------------------


@pytest.fixture
def limits(settings):
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {"cart": 3, "checkout": 2, "suggest": 2}


def test_adding_to_the_cart_too_fast_gets_a_clear_429_page_and_the_cart_is_kept(client, product, limits):
    pack = product.pack_sizes.get()
    for _ in range(3):
        assert (
            client.post(reverse("storefront:cart_add"), {"pack_size": pack.pk, "quantity": 1}).status_code
            == 302
        )
    response = client.post(reverse("storefront:cart_add"), {"pack_size": pack.pk, "quantity": 1})
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= 60
    text = BeautifulSoup(response.content, "html.parser").select_one(".message.error").text
    assert text.startswith("Bạn thao tác quá nhanh. Vui lòng đợi")
    assert client.session["cart"][str(pack.pk)]["q"] == 3
    assert client.get(reverse("storefront:cart")).status_code == 200  # looking is never limited


def test_orders_placed_are_limited_but_mistakes_and_showing_the_form_are_not(client, product, limits):
    pack = product.pack_sizes.get()
    province = Province.objects.get(code=86)
    typed = {"full_name": "Trần Văn Nam", "phone": "0912 345 678", "province": province.pk}
    typed |= {"commune": province.communes.order_by("code").first().pk, "street": "5 Lê Lợi"}
    typed |= {"payment_method": "cod"}
    client.post(reverse("storefront:cart_add"), {"pack_size": pack.pk, "quantity": 1})
    for _ in range(3):
        assert client.post(reverse("storefront:checkout"), {}).status_code == 200  # errors shown, not counted
    for _ in range(2):
        assert send_checkout(client, typed, follow=False).status_code == 302  # an order placed
        client.post(reverse("storefront:cart_add"), {"pack_size": pack.pk, "quantity": 1})
    assert send_checkout(client, typed, follow=False).status_code == 429  # the form again, as typed
    assert client.get(reverse("storefront:checkout")).status_code == 200


def test_suggestions_too_fast_answer_429_json(client, product, limits):
    for _ in range(2):
        assert client.get("/search/suggest/", {"q": "ke"}).status_code == 200
    response = client.get("/search/suggest/", {"q": "ke"})
    assert response.status_code == 429
    assert response.json() == {"error": "Quá nhiều yêu cầu, vui lòng thử lại sau."}


def test_limits_count_per_client_address(client, product, limits):
    pack = product.pack_sizes.get()
    for _ in range(3):
        client.post(reverse("storefront:cart_add"), {"pack_size": pack.pk, "quantity": 1})
    other = client.post(
        reverse("storefront:cart_add"), {"pack_size": pack.pk, "quantity": 1}, REMOTE_ADDR="10.0.0.2"
    )
    assert other.status_code == 302


# --- Content Security Policy ----------------------------------------------------------------------


def policy(response) -> dict[str, list[str]]:
    header = response["Content-Security-Policy"]
    return {part.split()[0]: part.split()[1:] for part in header.split("; ") if part}


def assert_no_inline_code_without_the_nonce(response):
    csp = policy(response)
    assert "'unsafe-inline'" not in csp["script-src"] and "'unsafe-inline'" not in csp["style-src"]
    # The nonce is in the header only when the page used it (Django's LazyNonce).
    nonces = {re.match(r"'nonce-(.+)'", s).group(1) for s in csp["script-src"] if s.startswith("'nonce-")}
    nonce = nonces.pop() if nonces else None
    soup = BeautifulSoup(response.content, "html.parser")
    for tag in soup.find_all(["script", "style"]):
        if tag.name == "script" and (tag.get("src") or tag.get("type") == "application/ld+json"):
            continue
        assert nonce and tag.get("nonce") == nonce, str(tag)[:120]
    assert not soup.select("[style]"), "an inline style attribute"
    assert not [t for t in soup.find_all(True) if any(a.startswith("on") for a in t.attrs)], (
        "an inline handler"
    )


def test_storefront_pages_carry_a_policy_without_unsafe_inline_and_nonce_their_inline_code(
    client, product, category, settings
):
    settings.STRIPE_SECRET_KEY = ""
    pack = product.pack_sizes.get()
    lot = LotFactory(pack_size=pack, code="L-CSP")
    for url in ["/", category.url, product.url, "/search/?q=keo", f"/01/{pack.gtin}/10/{lot.code}"]:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_inline_code_without_the_nonce(response)
    client.post(reverse("storefront:cart_add"), {"pack_size": pack.pk, "quantity": 1})
    for url in [reverse("storefront:cart"), reverse("storefront:checkout")]:
        assert_no_inline_code_without_the_nonce(client.get(url))


def cod_order(pack):
    from wagtail.models import Site

    province = Province.objects.get(code=86)
    shipping, _ = ShippingSettings.objects.get_or_create(site=Site.objects.get(is_default_site=True))
    details = {"full_name": "Trần Văn Nam", "phone": "+84912345678", "email": "", "province": province}
    details |= {"commune": province.communes.order_by("code").first(), "street": "5 Lê Lợi", "note": ""}
    return place_order(
        quantities={pack.pk: 1},
        seen_prices={pack.pk: pack.price},
        details=details,
        provider=get_provider("cod"),
        shipping=shipping,
    )


def test_the_combo_lookup_programme_and_serial_pages_nonce_their_inline_code_too(
    client, admin_client, home, product, gift_box, combo_image, settings
):
    from cms.models import StandardPage

    settings.STRIPE_SECRET_KEY = ""
    gift_box.image = combo_image
    gift_box.save_revision().publish()
    programme = home.add_child(
        instance=StandardPage(
            title="Về chương trình OCOP", slug="chuong-trinh-ocop", body=[("programme_figures", None)]
        )
    )
    pack = product.pack_sizes.get()
    lot = LotFactory(pack_size=pack, code="L-CSP")
    sheet = serials.issue(lot, 2)
    serial = sheet.serials.first()
    order = cod_order(pack)
    pages = [
        gift_box.get_parent().url,
        gift_box.url,
        gs1.lot_path(pack.gtin, lot.code),
        gs1.serial_path(pack.gtin, lot.code, serial.serial),
        reverse("storefront:order_lookup"),
        programme.url,
        order.get_absolute_url(),
        order.get_absolute_url() + "huy/",
    ]
    for url in pages:
        response = client.get(url)
        assert response.status_code == 200, url
        assert_no_inline_code_without_the_nonce(response)
    # The printable serial labels live outside /admin/, so the storefront policy applies to them too.
    response = admin_client.get(reverse("traceability:serial_label_sheet", args=[sheet.pk]))
    assert response.status_code == 200
    assert_no_inline_code_without_the_nonce(response)
    # A combo in the cart.
    client.post(reverse("storefront:combo_add"), {"combo": gift_box.pk, "quantity": 1})
    response = client.get(reverse("storefront:cart"))
    assert "Hộp quà kẹo dừa Bến Tre" in response.content.decode()
    assert_no_inline_code_without_the_nonce(response)


def test_each_response_gets_a_fresh_nonce(admin_client, product):
    # Public pages are served from the page cache, so they use no nonce at all; the pages that do
    # (the printable label sheet's print button) are rendered for each request with a new nonce.
    sheet = serials.issue(LotFactory(pack_size=product.pack_sizes.get(), code="L-NONCE"), 2)
    url = reverse("traceability:serial_label_sheet", args=[sheet.pk])
    first, second = (policy(admin_client.get(url))["script-src"] for _ in range(2))
    assert any(s.startswith("'nonce-") for s in first) and first != second


def test_a_cached_public_page_never_carries_a_nonce(client, product, page_cache):
    for _ in range(2):
        response = client.get(product.url)
        assert "'nonce-" not in response["Content-Security-Policy"]
        assert "nonce=" not in response.content.decode()
    assert response["X-Page-Cache"] == "hit"


def test_a_response_that_used_its_nonce_is_not_stored(rf, settings, page_cache):
    from django.http import HttpResponse

    from pagecache.middleware import personal

    response = HttpResponse("<script nonce=abc>")
    response["Content-Security-Policy"] = "script-src 'self' 'nonce-abc'"
    assert personal(rf.get("/"), response)
    response["Content-Security-Policy"] = "script-src 'self'"
    assert not personal(rf.get("/"), response)


def test_the_wagtail_admin_gets_its_own_relaxed_policy(admin_client, home):
    response = admin_client.get("/admin/")
    assert response.status_code == 200
    assert "'unsafe-inline'" in policy(response)["script-src"]


def test_the_page_api_opened_in_a_browser_is_json_with_nothing_the_policy_refuses(client, product):
    """A browser asks for text/html first: it gets the JSON the README documents, not DRF's browsable
    page, whose inline styles the storefront's policy refuses."""
    browser_accept = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
    for url in ("/api/v2/pages/", f"/api/v2/pages/{product.pk}/"):
        response = client.get(url, HTTP_ACCEPT=browser_accept)
        assert response.status_code == 200, url
        assert response["Content-Type"] == "application/json", url
        assert response.json()
    assert client.get("/api/v2/pages/", {"format": "api"}).status_code == 404
