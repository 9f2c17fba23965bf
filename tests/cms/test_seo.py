"""Shared and found: every page describes itself to search engines and to Zalo/Facebook when shared."""

import gzip
import json
from urllib.parse import quote

import pytest
import wagtail_factories
from bs4 import BeautifulSoup
from wagtail.models import PageViewRestriction
from whitenoise.compress import Compressor

from catalogue.factories import PackSizeFactory
from cms.seo import SHARE_IMAGE_SPEC

pytestmark = pytest.mark.django_db

ROOT = "http://localhost"  # the test Site's root URL (hostname localhost, port 80)


def head(client, url, **extra):
    response = client.get(url, **extra)
    assert response.status_code == 200
    return BeautifulSoup(response.content, "html.parser")


def meta(soup, key):
    tag = soup.find("meta", attrs={"property": key}) or soup.find("meta", attrs={"name": key})
    return tag["content"] if tag else None


@pytest.fixture
def photographed(product):
    product.image = wagtail_factories.ImageFactory(title="Kẹo dừa", file__width=1600, file__height=1200)
    product.summary = "Kẹo dừa sầu riêng dẻo thơm, làm từ nước cốt dừa Bến Tre."
    product.save()
    return product


def test_a_shared_product_shows_its_title_summary_price_and_a_1200x630_picture(client, photographed):
    soup = head(client, photographed.url)
    canonical = ROOT + photographed.url
    assert meta(soup, "description") == "Kẹo dừa sầu riêng dẻo thơm, làm từ nước cốt dừa Bến Tre."
    assert soup.find("link", rel="canonical")["href"] == canonical
    assert meta(soup, "og:title") == "Kẹo dừa sầu riêng"
    assert meta(soup, "og:type") == "product"
    assert meta(soup, "og:url") == canonical
    assert meta(soup, "og:image").startswith(ROOT + "/media/images/")
    assert meta(soup, "og:image").endswith(".jpg")
    assert (meta(soup, "og:image:width"), meta(soup, "og:image:height")) == ("1200", "630")
    assert meta(soup, "twitter:card") == "summary_large_image"
    assert meta(soup, "twitter:image") == meta(soup, "og:image")
    assert meta(soup, "product:price:amount") == "45000"
    assert meta(soup, "product:price:currency") == "VND"


def test_a_shared_product_gives_the_price_of_its_cheapest_pack_in_stock(client, product):
    PackSizeFactory(product=product, label="Túi 250g", price=30_000, stock=0)  # sold out
    assert meta(head(client, product.url), "product:price:amount") == "45000"


def json_ld_availability(soup) -> set[str]:
    """The availability of each offer the page's JSON-LD makes (one offer, or a list)."""
    data = json.loads(soup.find("script", type="application/ld+json").string)
    offers = data["offers"] if isinstance(data["offers"], list) else [data["offers"]]
    return {offer["availability"] for offer in offers}


def test_a_shared_product_in_stock_says_so(client, product):
    soup = head(client, product.url)
    assert meta(soup, "product:availability") == "in stock"
    assert json_ld_availability(soup) == {"https://schema.org/InStock"}


def test_a_shared_sold_out_product_says_it_is_out_of_stock_as_its_json_ld_does(client, product):
    PackSizeFactory(product=product, label="Túi 250g", price=30_000, stock=0)
    product.pack_sizes.update(stock=0)
    soup = head(client, product.url)
    assert meta(soup, "og:type") == "product"
    assert meta(soup, "product:availability") == "out of stock"
    assert json_ld_availability(soup) == {"https://schema.org/OutOfStock"}


def test_a_shared_gift_box_is_a_product_with_its_price_as_its_json_ld_says(client, gift_box):
    soup = head(client, gift_box.url)
    assert meta(soup, "og:type") == "product"
    assert meta(soup, "product:price:amount") == "99000"
    assert meta(soup, "product:price:currency") == "VND"
    assert meta(soup, "product:availability") == "in stock"
    assert json_ld_availability(soup) == {"https://schema.org/InStock"}


def test_a_shared_gift_box_whose_goods_ran_out_says_it_is_out_of_stock(client, gift_box, tea_pack):
    tea_pack.stock = 0
    tea_pack.save()
    soup = head(client, gift_box.url)
    assert meta(soup, "product:price:amount") == "99000"
    assert meta(soup, "product:availability") == "out of stock"
    assert json_ld_availability(soup) == {"https://schema.org/OutOfStock"}


def test_the_editors_search_description_wins_over_the_summary(client, photographed):
    photographed.search_description = "Hộp quà kẹo dừa Tết."
    photographed.save()
    soup = head(client, photographed.url)
    assert meta(soup, "description") == meta(soup, "og:description") == "Hộp quà kẹo dừa Tết."


def test_every_page_links_its_vietnamese_and_english_versions(client, category):
    # A page without a picture is shared as a small card (the factory gives categories one).
    category.image = None
    category.save()
    soup = head(client, category.url)
    alternates = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate")}
    assert alternates == {
        "x-default": ROOT + category.url,
        "vi": ROOT + category.url,
        "en": ROOT + category.url + "?lang=en",
    }
    assert meta(soup, "twitter:card") == "summary"
    assert meta(soup, "description")


def test_the_english_alternate_is_served_in_english_without_changing_the_visitors_choice(client, category):
    response = client.get(category.url + "?lang=en")
    assert BeautifulSoup(response.content, "html.parser").html["lang"] == "en"
    assert "django_language" not in response.cookies
    assert BeautifulSoup(client.get(category.url).content, "html.parser").html["lang"] == "vi"


def test_views_that_are_not_pages_have_a_description_and_canonical_too(client, home):
    soup = head(client, "/search/?q=keo+dua&sort=price_asc")
    assert soup.find("link", rel="canonical")["href"] == ROOT + "/search/?q=keo+dua"
    assert meta(soup, "description")


def test_html_is_sent_compressed_to_browsers_that_accept_it(client, home):
    response = client.get("/", headers={"accept-encoding": "gzip, br"})
    assert response["Content-Encoding"] == "gzip"
    assert b"<html" in gzip.decompress(response.content)


def test_renditions_are_cached_for_a_year_and_originals_for_a_day(client, photographed):
    rendition = photographed.image.get_rendition("fill-480x480|format-webp")
    response = client.get(rendition.url)
    assert response["Cache-Control"] == "public, max-age=31536000, immutable"
    original = client.get(photographed.image.file.url)
    assert original["Cache-Control"] == "public, max-age=86400"


def test_collected_static_files_get_brotli_and_gzip_copies(tmp_path):
    css = tmp_path / "site.css"
    css.write_text("body { color: #1d2420; }\n" * 200)
    written = list(Compressor(quiet=True).compress(str(css)))
    assert sorted(path.rsplit(".", 1)[1] for path in written) == ["br", "gz"]


def test_an_unknown_language_parameter_keeps_the_visitors_choice(client, category):
    client.cookies["django_language"] = "en"
    response = client.get(category.url + "?lang=xx")
    assert BeautifulSoup(response.content, "html.parser").html["lang"] == "en"


def test_robots_txt_keeps_crawlers_out_of_private_pages_and_names_the_sitemap_on_site_url(
    client, home, settings, page_cache
):
    settings.SITE_URL = "https://ocop.example"
    response = client.get("/robots.txt")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    lines = response.content.decode().splitlines()
    assert lines[0] == "User-agent: *"
    disallowed = {line.removeprefix("Disallow: ") for line in lines if line.startswith("Disallow:")}
    assert disallowed == {
        "/admin/",
        "/django-admin/",
        "/gio-hang/",
        "/thanh-toan/",
        "/don-hang/",
        "/tra-cuu-don-hang/",
        "/search/?",  # results with parameters; the plain /search/ lists every product
    }
    assert "Allow: /" in lines
    assert lines[-1] == "Sitemap: https://ocop.example/sitemap.xml"
    assert client.get("/robots.txt")["X-Page-Cache"] == "hit"


@pytest.mark.parametrize("url", ["/khong-co-trang-nay/", "/don-hang/%00/", "/chu-the/%00/"])
def test_a_missing_page_names_no_canonical_address_and_holds_no_nul_byte(client, home, url):
    response = client.get(url)
    assert response.status_code == 404
    soup = BeautifulSoup(response.content, "html.parser")
    assert soup.find("link", rel="canonical") is None
    assert soup.find("link", rel="alternate", hreflang=True) is None
    assert meta(soup, "og:url") is None
    assert meta(soup, "robots") == "noindex"
    assert b"\x00" not in response.content
    assert "Không tìm thấy trang" in soup.find("h1").get_text()


SHOPS_LINE = (
    "Sản phẩm OCOP – Mỗi xã một sản phẩm: đặc sản được công nhận 3 đến 5 sao, mua trực tiếp từ chủ thể."
)
SHOPS_LINE_IN_ENGLISH = (
    "OCOP products – One Commune One Product: specialities recognised at 3 to 5 stars, "
    "bought directly from the producer."
)


@pytest.mark.parametrize(
    ("url", "line"),
    [("/khong-co-trang-nay/", SHOPS_LINE), ("/khong-co-trang-nay/?lang=en", SHOPS_LINE_IN_ENGLISH)],
)
def test_a_missing_page_is_described_by_the_shops_line_in_the_language_shown(client, home, url, line):
    response = client.get(url)
    assert response.status_code == 404
    assert meta(BeautifulSoup(response.content, "html.parser"), "description") == line


def test_forbidden_and_bad_requests_get_vietnamese_pages_without_a_canonical_address(rf):
    from django.core.exceptions import PermissionDenied, SuspiciousOperation
    from django.views import defaults

    forbidden = defaults.permission_denied(rf.get("/x/"), PermissionDenied())
    bad = defaults.bad_request(rf.get("/x/"), SuspiciousOperation())
    for response, heading in ((forbidden, "Không được phép truy cập"), (bad, "Yêu cầu không hợp lệ")):
        soup = BeautifulSoup(response.content, "html.parser")
        assert soup.find("h1").get_text() == heading
        assert soup.find("link", rel="canonical") is None and meta(soup, "og:url") is None
        assert meta(soup, "description") == SHOPS_LINE


def test_a_view_that_is_not_a_page_gives_its_canonical_address_percent_encoded(rf, home):
    from cms.seo import page_meta

    assert page_meta(rf.get("/tra-cuu-don-hang/%00/")).canonical == f"{ROOT}/tra-cuu-don-hang/%00/"


def test_the_english_version_is_its_own_canonical_and_says_it_is_english(client, category):
    soup = head(client, category.url + "?lang=en")
    english = ROOT + category.url + "?lang=en"
    assert soup.find("link", rel="canonical")["href"] == english
    alternates = {link["hreflang"]: link["href"] for link in soup.find_all("link", rel="alternate")}
    assert alternates["en"] == english
    assert meta(soup, "og:url") == english
    assert meta(soup, "og:locale") == "en_US"
    assert meta(soup, "og:locale:alternate") == "vi_VN"
    vietnamese = head(client, category.url)
    assert vietnamese.find("link", rel="canonical")["href"] == ROOT + category.url
    assert (meta(vietnamese, "og:locale"), meta(vietnamese, "og:locale:alternate")) == ("vi_VN", "en_US")


def test_each_page_of_a_listing_is_its_own_canonical(client, category, make_products):
    make_products(25)  # 24 a page: two pages
    second = head(client, category.url + "?page=2&utm_source=zalo")
    assert second.find("link", rel="canonical")["href"] == ROOT + category.url + "?page=2"
    alternates = {link["hreflang"]: link["href"] for link in second.find_all("link", rel="alternate")}
    assert alternates["en"] == ROOT + category.url + "?page=2&lang=en"
    english = head(client, category.url + "?lang=en&page=2")
    assert english.find("link", rel="canonical")["href"] == ROOT + category.url + "?page=2&lang=en"
    # page 1 and pages past the last are the pages they show
    assert head(client, category.url + "?page=1").find("link", rel="canonical")["href"] == ROOT + category.url
    past = head(client, category.url + "?page=99")
    assert past.find("link", rel="canonical")["href"] == ROOT + category.url + "?page=2"


def test_search_results_pages_are_their_own_canonical_too(client, home):
    soup = head(client, "/search/?q=keo&page=1&lang=en")
    assert soup.find("link", rel="canonical")["href"] == ROOT + "/search/?q=keo&lang=en"


@pytest.mark.parametrize(
    ("url", "moved"),
    [
        ("/en/", "/?lang=en"),
        ("/en/san-pham/", "/san-pham/?lang=en"),
        ("/en/search/?q=keo&lang=vi", "/search/?q=keo&lang=en"),
        ("/vi/san-pham/", "/san-pham/"),
        ("/en//evil.example/", "/evil.example/?lang=en"),  # a path here, never another site
    ],
)
def test_an_address_with_a_language_prefix_leads_to_that_page_in_that_language(client, category, url, moved):
    response = client.get(url)
    assert (response.status_code, response["Location"]) == (302, moved)


def test_an_english_prefix_on_a_missing_page_ends_on_an_english_404(client, home):
    response = client.get("/en/khong-co-trang-nay/", follow=True)
    assert response.redirect_chain == [("/khong-co-trang-nay/?lang=en", 302)]
    assert response.status_code == 404
    assert BeautifulSoup(response.content, "html.parser").html["lang"] == "en"


# --- Pages without a picture of their own --------------------------------------------------------------


@pytest.fixture
def store(make_store):
    return make_store(title="Cửa hàng Bến Tre", street_address="12 Đồng Khởi")


def shared_picture(soup):
    return meta(soup, "og:image"), meta(soup, "og:image:width"), meta(soup, "og:image:height")


def test_pages_without_a_picture_are_shared_with_the_flagship_products(client, home, photographed, store):
    # The home page, the stores' list and a store have no picture: the first featured product's is shared
    flagship = photographed.image.get_rendition(SHARE_IMAGE_SPEC)
    for url in (home.url, store.get_parent().url, store.url):
        soup = head(client, url)
        assert shared_picture(soup) == (ROOT + flagship.url, "1200", "630"), url
        assert meta(soup, "twitter:card") == "summary_large_image"
        assert meta(soup, "og:image:alt") == "Kẹo dừa"


def test_an_index_page_is_shared_with_its_first_childs_picture(client, combo_index, gift_box, photographed):
    gift_box.image = wagtail_factories.ImageFactory(title="Hộp quà", file__width=1400, file__height=1000)
    gift_box.save_revision().publish()
    soup = head(client, combo_index.url)
    combo_picture = gift_box.image.get_rendition(SHARE_IMAGE_SPEC)
    assert shared_picture(soup) == (ROOT + combo_picture.url, "1200", "630")


def test_a_product_under_a_password_is_never_the_picture_other_pages_are_shared_with(
    client, home, photographed, store
):
    PageViewRestriction.objects.create(page=photographed, restriction_type="password", password="x")
    for url in (home.url, store.get_parent().url, store.url):
        soup = head(client, url)
        assert meta(soup, "og:image") is None, url
        assert "Kẹo dừa" not in (meta(soup, "og:image:alt") or ""), url


def test_a_gift_combo_index_without_pictures_is_shared_with_the_flagship_products(
    client, combo_index, gift_box, photographed
):
    soup = head(client, combo_index.url)
    flagship = photographed.image.get_rendition(SHARE_IMAGE_SPEC)
    assert shared_picture(soup) == (ROOT + flagship.url, "1200", "630")


def test_a_product_without_a_photo_is_never_shared_with_another_products(client, photographed, make_products):
    (bare,) = make_products(1)
    bare.image = None
    bare.save()
    soup = head(client, bare.url)
    assert meta(soup, "og:image") is None
    assert meta(soup, "twitter:card") == "summary"


def test_a_shop_without_any_picture_shares_its_pages_as_small_cards(client, home, product):
    product.image = None
    product.save()
    soup = head(client, home.url)
    assert meta(soup, "og:image") is None
    assert meta(soup, "twitter:card") == "summary"


# --- Views and pages that say what they are --------------------------------------------------------

SHOP_LINE = (
    "Sản phẩm OCOP – Mỗi xã một sản phẩm: đặc sản được công nhận 3 đến 5 sao, mua trực tiếp từ chủ thể."
)


def test_a_shared_store_says_where_it_is_and_whose_goods_it_carries(client, producer, store):
    soup = head(client, store.url)
    description = meta(soup, "description")
    for fact in ("Cửa hàng Bến Tre", "12 Đồng Khởi", producer.province.name, "Công ty TNHH Đông Á"):
        assert fact in description
    assert meta(soup, "og:description") == meta(soup, "twitter:description") == description
    store.search_description = "Cửa hàng OCOP ở trung tâm Bến Tre."
    store.save_revision().publish()
    assert meta(head(client, store.url), "description") == "Cửa hàng OCOP ở trung tâm Bến Tre."


def test_search_cart_checkout_and_order_lookup_each_say_what_they_are(client, home, product):
    from catalogue.models import PackSize

    client.post("/gio-hang/them/", {"pack_size": PackSize.objects.get(product=product).pk, "quantity": 1})
    described = {}
    for url in ("/search/?q=keo+dua", "/search/", "/gio-hang/", "/thanh-toan/", "/tra-cuu-don-hang/"):
        soup = head(client, url)
        assert (
            meta(soup, "og:title")
            == meta(soup, "twitter:title")
            == soup.title.text.removesuffix(" · OCOP Việt")
        )
        described[url] = meta(soup, "description")
        assert described[url] not in ("", SHOP_LINE), url
        assert meta(soup, "og:description") == described[url]
    assert len(set(described.values())) == len(described)
    assert "keo dua" in described["/search/?q=keo+dua"]


def test_a_search_for_markup_is_described_with_the_words_as_typed_escaped_once(client, home):
    soup = head(client, "/search/?q=" + quote('keo <b>"dừa"</b> & co'))
    assert 'keo <b>"dừa"</b> & co' in meta(soup, "description")
    assert meta(soup, "og:title") == soup.title.text.removesuffix(" · OCOP Việt")
