"""A real Varnish (Debian's varnishd) in front of a live app server, with the repository's VCL: pages
are cached there, and a publish is visible through it at once (Wagtail's frontend cache sends the
purge after commit)."""

import http.client

import pytest
from wagtail.models import Site

from cms.models import SiteSettings
from tests.servers import free_port
from tests.varnish import requires_varnish, varnishd, vcl_for_backend

pytestmark = [
    requires_varnish,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


@pytest.fixture
def varnish(live_server, tmp_path, settings):
    """varnishd on a free loopback port, unprivileged, its backend the live server."""
    backend_port = int(live_server.url.rsplit(":", 1)[1])
    port = free_port()
    with varnishd(
        tmp_path, vcl_for_backend(tmp_path, backend_port), port=port, options=("-a", f"127.0.0.1:{port}")
    ):
        settings.PAGE_CACHE_SECONDS = 3600
        settings.WAGTAILFRONTENDCACHE = {
            "varnish": {
                "BACKEND": "pagecache.frontend.VarnishBackend",
                "LOCATION": f"http://127.0.0.1:{port}",
            }
        }
        yield port


def fetch(port, path, cookie=None):
    """GET through Varnish as a browser of the site (Host: the Wagtail site's hostname)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
    headers = {"Host": "localhost"}
    if cookie:
        headers["Cookie"] = cookie
    connection.request("GET", path, headers=headers)
    response = connection.getresponse()
    body = response.read().decode()
    connection.close()
    assert response.status == 200, (path, response.status, body[:500])
    return response, body


def test_a_publish_is_visible_through_varnish_at_once(varnish, home, category, product):
    for path in (product.url, category.url):
        fetch(varnish, path)
        cached, _ = fetch(varnish, path, cookie="sessionid=abc; cart_count=2")  # a shopper with a session
        assert cached.getheader("X-Cache") == "hit", path

    product.title = "Kẹo dừa sầu riêng hộp quà Tết"
    product.save_revision().publish()  # autocommit: the purge leaves after the commit

    for path in (product.url, category.url):
        response, body = fetch(varnish, path)
        assert response.getheader("X-Cache") == "miss", path
        assert "Kẹo dừa sầu riêng hộp quà Tết" in body, path


def test_the_english_page_is_cached_apart_and_purged_too(varnish, home, product):
    _, vietnamese = fetch(varnish, product.url)
    _, english = fetch(varnish, product.url, cookie="django_language=en")
    assert '<html lang="vi">' in vietnamese and '<html lang="en">' in english
    assert fetch(varnish, product.url, cookie="django_language=en")[0].getheader("X-Cache") == "hit"
    pack = product.pack_sizes.get()
    pack.price = 61_000
    pack.save()
    assert "61.000" in fetch(varnish, product.url, cookie="django_language=en")[1]
    assert "61.000" in fetch(varnish, product.url)[1]


def test_a_site_setting_bans_every_cached_page(varnish, home, product):
    fetch(varnish, home.url)
    fetch(varnish, product.url)
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.hotline = "1900 6868"
    settings.save()
    assert "1900 6868" in fetch(varnish, home.url)[1]
    assert "1900 6868" in fetch(varnish, product.url)[1]


def test_the_cart_passes_through_varnish_uncached(varnish, home, product):
    for _ in range(2):
        connection = http.client.HTTPConnection("127.0.0.1", varnish, timeout=10)
        connection.request("GET", "/gio-hang/", headers={"Host": "localhost"})
        response = connection.getresponse()
        response.read()
        assert response.getheader("X-Cache") == "miss"


def test_a_link_shared_on_zalo_or_facebook_is_served_the_one_cached_copy(varnish, home, product):
    """The tracking parameters chats and ads add are no key of their own (nor is the parameters' order)."""
    fetch(varnish, product.url)
    for tracked in ("?zarsrc=31&utm_source=zalo&utm_medium=zalo&utm_campaign=zalo", "?fbclid=IwAR3x_9"):
        response, body = fetch(varnish, product.url + tracked)
        assert response.getheader("X-Cache") == "hit", tracked
        assert product.title in body
    fetch(varnish, f"{product.url}?lang=en&fbclid=IwAR3x_9")
    english, body = fetch(varnish, f"{product.url}?utm_source=facebook&lang=en")
    assert english.getheader("X-Cache") == "hit"
    assert '<html lang="en">' in body
