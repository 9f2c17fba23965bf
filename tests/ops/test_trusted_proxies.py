"""Behind Varnish every request comes from Varnish's address: with TRUSTED_PROXIES naming it, rate limits,
the login lockout and /metrics judge the shopper's own address (X-Forwarded-For); from anyone else the
header changes nothing."""

import pytest
from django.contrib.auth import get_user_model
from django.core.cache import cache
from django.http import HttpRequest
from django.test import Client
from django.urls import reverse

from ops.checks import trusted_proxies
from ops.proxies import address_for_axes, client_behind
from tests.page_tree import independent_of_the_page_tree

VARNISH = "172.18.0.5"  # the varnish container, in compose's network
TRUSTED = ("172.16.0.0/12",)


# --- Who the client is (no database) ----------------------------------------------------------------


def test_the_login_lockout_records_no_address_for_a_request_without_one():
    # A sign-in made in code (or through a Unix socket) has no address: django-axes keeps it in an IP
    # address column, which PostgreSQL refuses anything but an address or nothing for.
    request = HttpRequest()
    assert address_for_axes(request) is None
    request.META["REMOTE_ADDR"] = "unknown"
    assert address_for_axes(request) is None
    request.META["REMOTE_ADDR"] = "2001:db8::7"
    assert address_for_axes(request) == "2001:db8::7"


def test_without_trusted_proxies_the_peer_is_the_client_whatever_the_header_says():
    assert client_behind("203.0.113.9", ["198.51.100.7"], ()) == "203.0.113.9"


def test_a_forwarded_for_header_from_an_untrusted_peer_is_ignored():
    assert client_behind("203.0.113.9", ["198.51.100.7"], TRUSTED) == "203.0.113.9"


def test_through_a_trusted_proxy_the_client_is_the_address_it_appended():
    assert client_behind(VARNISH, ["198.51.100.7"], TRUSTED) == "198.51.100.7"


def test_what_a_client_writes_left_of_its_own_address_is_not_believed():
    """A shopper sends "X-Forwarded-For: 10.1.1.1"; Varnish appends their real address after it."""
    assert client_behind(VARNISH, ["10.1.1.1", "198.51.100.7"], TRUSTED) == "198.51.100.7"
    assert client_behind(VARNISH, ["172.18.0.9", "198.51.100.7"], TRUSTED) == "198.51.100.7"


def test_a_chain_of_trusted_proxies_is_walked_back_to_the_first_untrusted_address():
    assert client_behind(VARNISH, ["198.51.100.7", "172.18.0.2"], TRUSTED) == "198.51.100.7"


def test_a_request_from_inside_the_proxies_network_is_that_address():
    assert client_behind(VARNISH, ["172.18.0.9"], TRUSTED) == "172.18.0.9"
    assert client_behind(VARNISH, [], TRUSTED) == VARNISH


def test_garbage_where_the_proxy_wrote_an_address_leaves_the_proxy_as_the_client():
    assert client_behind(VARNISH, ["198.51.100.7", "unknown"], TRUSTED) == VARNISH


def test_ipv6_clients_and_proxies():
    assert client_behind("fd00::5", ["2001:db8::7"], ("fd00::/8",)) == "2001:db8::7"


def test_an_entry_that_is_no_address_is_named_by_manage_py_check(settings):
    settings.TRUSTED_PROXIES = ["172.16.0.0/12", "varnish"]
    (warning,) = trusted_proxies(None)
    assert warning.id == "ops.W002" and "'varnish'" in warning.msg


# --- Through the app --------------------------------------------------------------------------------


@pytest.fixture(autouse=True)
@independent_of_the_page_tree
def empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def behind_varnish(settings):
    settings.TRUSTED_PROXIES = list(TRUSTED)


def shopper(address: str, through: str = VARNISH) -> Client:
    """A browser whose requests reach the app through `through`, which appends `address`."""
    return Client(REMOTE_ADDR=through, HTTP_X_FORWARDED_FOR=address)


@pytest.fixture
def cart_limit_of_two(settings):
    settings.RATE_LIMITS_ENABLED = True
    settings.RATE_LIMITS = {**settings.RATE_LIMITS, "cart": 2}


def add_to_cart(client, pack):
    return client.post(reverse("storefront:cart_add"), {"pack_size": pack.pk, "quantity": 1})


@pytest.mark.django_db
def test_through_varnish_two_shoppers_get_limits_of_their_own(product, behind_varnish, cart_limit_of_two):
    pack = product.pack_sizes.get()
    first, second = shopper("198.18.0.1"), shopper("198.18.0.2")
    assert [add_to_cart(first, pack).status_code for _ in range(3)] == [302, 302, 429]
    assert [add_to_cart(second, pack).status_code for _ in range(2)] == [302, 302]


@pytest.mark.django_db
def test_a_spoofed_forwarded_for_from_an_untrusted_peer_does_not_escape_the_limit(
    product, behind_varnish, cart_limit_of_two
):
    pack = product.pack_sizes.get()
    statuses = [
        add_to_cart(shopper(f"198.18.0.{n}", through="203.0.113.9"), pack).status_code for n in range(1, 4)
    ]
    assert statuses == [302, 302, 429]


@pytest.mark.django_db
def test_without_trusted_proxies_forwarded_for_changes_nothing(product, cart_limit_of_two):
    pack = product.pack_sizes.get()
    statuses = [add_to_cart(shopper(f"198.18.0.{n}"), pack).status_code for n in range(1, 4)]
    assert statuses == [302, 302, 429]


# --- The admin login lockout --------------------------------------------------------------------------


@pytest.fixture
@independent_of_the_page_tree
def staff(db):
    return get_user_model().objects.create_user(
        "cua-hang-ben-tre", password="mat-khau-dung-2026", is_staff=True, is_superuser=True
    )


def log_in(client, password):
    return client.post("/admin/login/", {"username": "cua-hang-ben-tre", "password": password})


def test_a_stranger_guessing_through_varnish_does_not_lock_the_staff_member_out(staff, home, behind_varnish):
    stranger, staff_member = shopper("198.51.100.66"), shopper("203.0.113.77")
    assert [log_in(stranger, "sai").status_code for _ in range(5)][-1] == 429
    assert log_in(stranger, "mat-khau-dung-2026").status_code == 429  # the guesser stays locked out
    assert log_in(staff_member, "mat-khau-dung-2026").status_code == 302


# --- /metrics ----------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/metrics", "/%6Detrics", "/%6detrics"])
def test_metrics_through_varnish_are_refused_to_a_visitor(settings, home, behind_varnish, path):
    settings.METRICS_ALLOWED_IPS = ["127.0.0.1", "172.16.0.0/12"]
    assert shopper("203.0.113.5").get(path).status_code == 404
    # A scraper's address written first, the visitor's appended by Varnish:
    assert shopper("172.18.0.1, 203.0.113.5").get(path).status_code == 404
    assert Client(REMOTE_ADDR="172.18.0.7").get(path).status_code == 200  # Prometheus, in the network


@pytest.mark.django_db
@pytest.mark.parametrize(
    "headers",
    [
        {"HTTP_X_FORWARDED_FOR": "203.0.113.5"},
        {"HTTP_X_FORWARDED_FOR": "127.0.0.1, 203.0.113.5"},
        {"HTTP_FORWARDED": "for=203.0.113.5"},
        {"HTTP_X_REAL_IP": "203.0.113.5"},
    ],
)
def test_metrics_refuse_a_request_a_proxy_forwarded_even_from_an_allowed_untrusted_proxy(home, headers):
    """The tester's stack: Varnish on 127.0.0.1 (allowed) and TRUSTED_PROXIES unset."""
    assert Client(REMOTE_ADDR="127.0.0.1", **headers).get("/%6Detrics").status_code == 404


@pytest.mark.django_db
def test_metrics_through_a_proxy_are_served_when_the_client_is_a_scraper_too(home):
    scraper = Client(REMOTE_ADDR="127.0.0.1", HTTP_X_FORWARDED_FOR="127.0.0.1")
    assert scraper.get("/metrics").status_code == 200
