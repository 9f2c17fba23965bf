"""Public pages come from the page cache, per language, and every change a shopper must see purges it."""

import pytest
from django.urls import reverse
from wagtail.models import Site

from catalogue.factories import PackSizeFactory
from cms.models import SiteSettings
from tests.combos import make_combo

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("page_cache")]


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """Run what waits for the commit (the purges), as a real commit would."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


def get(client, url, **headers):
    response = client.get(url, **headers)
    assert response.status_code == 200, (url, response.status_code)
    return response


def test_a_public_page_is_served_from_the_cache_the_second_time(client, product, django_assert_num_queries):
    first = get(client, product.url)
    assert first["X-Page-Cache"] == "miss"
    with django_assert_num_queries(0):
        second = get(client, product.url)
    assert second["X-Page-Cache"] == "hit"
    assert second.content == first.content
    assert "s-maxage=3600" in second["Cache-Control"]


def test_the_cached_page_respects_the_visitors_language(client, product):
    get(client, product.url)
    client.cookies["django_language"] = "en"
    english = get(client, product.url)
    assert english["X-Page-Cache"] == "miss"
    assert '<html lang="en">' in english.content.decode()
    assert get(client, product.url)["X-Page-Cache"] == "hit"
    del client.cookies["django_language"]
    vietnamese = get(client, product.url)
    assert vietnamese["X-Page-Cache"] == "hit"
    assert '<html lang="vi">' in vietnamese.content.decode()


def test_a_shopper_with_a_cart_still_gets_cached_pages_and_sees_the_count_from_a_cookie(client, product):
    get(client, product.url)
    pack = product.pack_sizes.get()
    added = client.post(
        reverse("storefront:cart_add"), {"pack_size": pack.pk, "quantity": 2, "next": product.url}
    )
    assert added.status_code == 302
    assert added.cookies["cart_count"].value == "2"
    # The redirect carries the "added" message: that one page is rendered for this shopper alone.
    with_message = get(client, product.url)
    assert "Đã thêm 2 ×" in with_message.content.decode()
    assert "X-Page-Cache" not in with_message
    again = get(client, product.url)
    assert again["X-Page-Cache"] == "hit"
    assert "data-cart-count" in again.content.decode()
    assert "csrfmiddlewaretoken" not in again.content.decode()


def test_add_to_cart_from_another_site_is_refused(client, product):
    pack = product.pack_sizes.get()
    forged = client.post(
        reverse("storefront:cart_add"),
        {"pack_size": pack.pk, "quantity": 1},
        HTTP_ORIGIN="https://evil.example",
    )
    assert forged.status_code == 403
    assert "cart_count" not in forged.cookies
    same = client.post(
        reverse("storefront:cart_add"), {"pack_size": pack.pk, "quantity": 1}, HTTP_ORIGIN="http://testserver"
    )
    assert same.status_code == 302


def test_signed_in_editors_never_get_a_cached_page(client, product, django_user_model):
    get(client, product.url)
    user = django_user_model.objects.create_superuser("editor", "e@example.com", "pw")
    client.force_login(user)
    client.get("/admin/")  # any page that looks at the user marks the browser as signed in
    assert client.cookies["ocop_signed_in"].value == "1"
    fresh = get(client, product.url)
    assert "X-Page-Cache" not in fresh


def test_publishing_a_product_shows_at_once_on_its_page_its_category_and_home(
    client, home, category, product, committed
):
    for url in (product.url, category.url, home.url):
        get(client, url)
        assert get(client, url)["X-Page-Cache"] == "hit"
    product.title = "Kẹo dừa sầu riêng đặc biệt"
    with committed():
        product.save_revision().publish()
    for url in (product.url, category.url, home.url):
        page = get(client, url)
        assert page["X-Page-Cache"] == "miss", url
        assert "Kẹo dừa sầu riêng đặc biệt" in page.content.decode(), url


def test_unpublishing_a_product_removes_it_from_cached_listings_and_its_url(
    client, home, category, product, committed
):
    get(client, category.url)
    get(client, product.url)
    with committed():
        product.unpublish()
    assert "Kẹo dừa sầu riêng" not in get(client, category.url).content.decode()
    assert client.get(product.url).status_code == 404


def test_a_price_change_shows_at_once(client, product, committed):
    get(client, product.url)
    pack = product.pack_sizes.get()
    pack.price = 52_000
    with committed():
        pack.save()
    assert "52.000" in get(client, product.url).content.decode()


def test_a_price_change_or_a_sell_out_shows_at_once_on_a_store_page_carrying_the_product(
    client, make_store, producer, product, committed
):
    store = make_store(producers=[], products=[product])  # the product's card, chosen on its own
    assert "từ <strong>45.000\u00a0₫" in get(client, store.url).content.decode()
    assert get(client, store.url)["X-Page-Cache"] == "hit"
    pack = product.pack_sizes.get()
    pack.price, pack.stock = 52_000, 0
    with committed():
        pack.save()
    page = get(client, store.url).content.decode()
    assert "từ <strong>52.000\u00a0₫" in page and "Hết hàng" in page


def test_selling_the_last_unit_shows_sold_out_on_the_product_and_its_category(
    client, category, product, committed
):
    pack = product.pack_sizes.get()
    pack.stock = 1
    with committed():
        pack.save()
    get(client, product.url)
    get(client, category.url)
    assert "Hết hàng" not in get(client, category.url).content.decode()
    client.post(reverse("storefront:cart_add"), {"pack_size": pack.pk, "quantity": 1})
    from storefront import stock

    with committed():
        stock.take({pack.pk: 1}, {pack.pk: "Kẹo"})  # what checkout does
    assert "Hết hàng" in get(client, product.url).content.decode()
    assert "Hết hàng" in get(client, category.url).content.decode()


def test_stock_given_back_to_a_sold_out_pack_brings_its_price_back_to_the_cached_category(
    client, category, product, committed
):
    from catalogue.models import PackSize
    from catalogue.signals import RESTOCK, announce_stock_change
    from storefront import stock

    bag = PackSizeFactory(product=product, label="Túi 250g", price=30_000, stock=1)
    with committed():
        stock.take({bag.pk: 1}, {bag.pk: "Kẹo"})
    assert "từ <strong>45.000\u00a0₫" in get(client, category.url).content.decode()
    assert get(client, category.url)["X-Page-Cache"] == "hit"
    with committed():  # what cancelling the order does (storefront.stock.give_back)
        PackSize.objects.filter(pk=bag.pk).update(stock=1)
        announce_stock_change([bag.pk], reason=RESTOCK)
    assert "từ <strong>30.000\u00a0₫" in get(client, category.url).content.decode()


def test_a_sale_that_leaves_stock_updates_the_count_on_the_product_page(client, product, committed):
    get(client, product.url)
    from storefront import stock

    pack = product.pack_sizes.get()
    with committed():
        stock.take({pack.pk: 2}, {pack.pk: "Kẹo"})
    assert "Còn 10 sản phẩm" in get(client, product.url).content.decode()


def test_certification_changes_purge_through_the_exposed_function(client, product):
    from catalogue.certification import Certification
    from pagecache.purges import purge_for_products

    get(client, product.url)
    # A bulk update sends no signal (a data fix, an import): the cache does not guess.
    Certification.objects.filter(product=product).update(stars=3)
    assert get(client, product.url)["X-Page-Cache"] == "hit"
    purge_for_products([product.pk])
    assert get(client, product.url)["X-Page-Cache"] == "miss"


def test_a_certification_recorded_or_revoked_shows_at_once(client, product, committed):
    from django.contrib.auth import get_user_model
    from django.utils import timezone

    from catalogue import certification as rules
    from catalogue.permissions import programme_staff_group

    staff = get_user_model().objects.create_user("canbo", password="x")
    staff.groups.add(programme_staff_group())
    get(client, product.url)
    with committed():
        upgraded = rules.record(
            product, staff, stars=5, decision_number="9/QĐ", decision_date=timezone.localdate()
        )
    assert get(client, product.url)["X-Page-Cache"] == "miss"
    assert get(client, product.url)["X-Page-Cache"] == "hit"
    with committed():
        rules.revoke(upgraded, staff, "Không đạt khi kiểm tra lại")
    assert get(client, product.url)["X-Page-Cache"] == "miss"


def test_site_settings_show_at_once_on_every_page(client, home, product, committed):
    get(client, product.url)
    settings = SiteSettings.for_site(Site.objects.get(is_default_site=True))
    settings.hotline = "1900 1234"
    with committed():
        settings.save()
    assert "1900 1234" in get(client, product.url).content.decode()


def test_another_pack_size_on_the_product_page_is_shown_at_once(client, product, committed):
    get(client, product.url)
    with committed():
        PackSizeFactory(product=product, label="Túi 1kg", price=99_000)
    assert "Túi 1kg" in get(client, product.url).content.decode()


def test_the_sitemap_is_cached_and_follows_publishing(client, product, producer, committed):
    get(client, "/sitemap.xml")
    assert get(client, "/sitemap.xml")["X-Page-Cache"] == "hit"
    with committed():
        product.unpublish()
    assert product.slug not in get(client, "/sitemap.xml").content.decode()


def test_the_cart_and_checkout_are_never_cached(client, product):
    for _ in range(2):
        response = client.get(reverse("storefront:cart"))
        assert "X-Page-Cache" not in response


def test_search_results_are_cached_per_query_and_follow_a_sell_out(client, category, product, committed):
    from search import indexing

    indexing.rebuild()
    url = "/search/?q=keo&in_stock=1"
    assert [p.title for p in get(client, url).context["products"]] == ["Kẹo dừa sầu riêng"]
    assert get(client, url)["X-Page-Cache"] == "hit"
    assert get(client, "/search/?q=tra")["X-Page-Cache"] == "miss"  # another query, another entry
    pack = product.pack_sizes.get()
    pack.stock = 0
    with committed():
        pack.save()
    after = get(client, url)
    assert after["X-Page-Cache"] == "miss"
    assert list(after.context["products"]) == []


def test_the_language_form_works_without_a_token_but_not_from_another_site(client, product):
    page = get(client, product.url).content.decode()
    assert 'class="language-form"' in page and "csrfmiddlewaretoken" not in page
    forged = client.post(
        "/i18n/setlang/", {"language": "en", "next": product.url}, HTTP_ORIGIN="https://evil.example"
    )
    assert forged.status_code == 403
    chosen = client.post(
        "/i18n/setlang/", {"language": "en", "next": product.url}, HTTP_ORIGIN="http://testserver"
    )
    assert chosen.status_code == 302 and chosen.cookies["django_language"].value == "en"
    assert '<html lang="en">' in get(client, product.url).content.decode()


def test_junk_query_strings_share_the_pages_entry_instead_of_filling_the_cache(client, category, product):
    from django.core.cache import caches

    pages = caches["pages"]
    get(client, product.url)
    entries = len(pages._cache)
    for n in range(50):
        response = get(client, f"{product.url}?junk={n}&utm_source=zalo&fbclid=x{n}")
        assert response["X-Page-Cache"] == "hit"
    assert len(pages._cache) == entries
    # a form on the page sends the shopper back to the page, not to the first visitor's junk
    html = get(client, product.url).content.decode()
    assert "junk" not in html and "fbclid" not in html


def test_the_parameters_a_page_reads_still_make_their_own_entries_in_any_order(
    client, category, make_products
):
    from search import indexing

    make_products(25)
    indexing.rebuild()
    assert get(client, category.url + "?page=2")["X-Page-Cache"] == "miss"
    assert get(client, category.url + "?page=2&junk=1")["X-Page-Cache"] == "hit"
    assert get(client, category.url)["X-Page-Cache"] == "miss"
    first = get(client, "/search/?q=keo&stars=4&sort=newest")
    assert first["X-Page-Cache"] == "miss"
    assert get(client, "/search/?sort=newest&x=1&stars=4&q=keo")["X-Page-Cache"] == "hit"
    # the last of a repeated parameter counts, so the order of its values still makes another page
    assert get(client, "/search/?q=keo&sort=newest&sort=price_asc")["X-Page-Cache"] == "miss"
    assert get(client, "/search/?q=keo&sort=price_asc&sort=newest")["X-Page-Cache"] == "miss"


def test_a_scan_walked_up_to_the_product_page_names_its_own_code(client, product):
    # The resolver sends an unknown code to the product page in the query string.
    first = get(client, product.url + "?unknown_serial=ZZZZ9999&gtin=08930000000001")
    assert "ZZZZ9999" in first.content.decode()
    second = get(client, product.url + "?unknown_serial=YYYY8888&gtin=08930000000001")
    assert second["X-Page-Cache"] == "miss"
    assert "YYYY8888" in second.content.decode() and "ZZZZ9999" not in second.content.decode()


def test_every_parameter_the_search_and_product_pages_read_keys_the_cache(settings):
    from search.query import SearchQuery
    from traceability import gs1

    read = {name for name in SearchQuery.__dataclass_fields__ if name != "page_size"}
    read |= {gs1.UNKNOWN_LOT_PARAM, gs1.UNKNOWN_SERIAL_PARAM, gs1.SCANNED_GTIN_PARAM}
    assert read <= settings.PAGE_CACHE_QUERY_PARAMETERS


def test_the_merchant_feed_follows_price_changes_and_unpublishing_at_once(client, product, committed):
    feed = reverse("google_merchant_feed")
    get(client, feed)
    assert get(client, feed)["X-Page-Cache"] == "hit"
    pack = product.pack_sizes.get()
    pack.price = 49_000
    with committed():
        pack.save()
    assert "<g:price>49000 VND</g:price>" in get(client, feed).content.decode()
    with committed():
        product.unpublish()
    assert product.url not in get(client, feed).content.decode()


def test_the_merchant_feed_follows_a_combos_stock_for_a_box(
    client, product, combo_index, tea_pack, committed
):
    from storefront import stock

    combo = make_combo(combo_index, {tea_pack: 4}, image=product.image)
    feed = reverse("google_merchant_feed")
    assert "<g:availability>in_stock" in combo_item(get(client, feed), combo)
    assert get(client, feed)["X-Page-Cache"] == "hit"
    with committed():  # 8 in stock, 3 left: no longer enough for a box of 4, though not sold out
        stock.take({tea_pack.pk: 5}, {tea_pack.pk: "Trà"})
    assert "<g:availability>out_of_stock" in combo_item(get(client, feed), combo)


def combo_item(response, combo) -> str:
    return response.content.decode().split(f"<g:id>combo-{combo.pk}</g:id>")[1].split("</item>")[0]


def vary(response) -> set[str]:
    return {name.strip().lower() for name in response.get("Vary", "").split(",") if name.strip()}


@pytest.fixture
def published(product):
    """Every page with a publication date, as pages published in the admin have: the sitemap then
    gives its newest as Last-Modified."""
    from django.utils import timezone
    from wagtail.models import Page

    Page.objects.update(last_published_at=timezone.now())


@pytest.mark.parametrize("url", ["product", "/sitemap.xml"])
def test_a_cached_page_carries_the_caching_headers_its_first_rendering_had(client, product, published, url):
    url = product.url if url == "product" else url
    client.cookies["django_language"] = "en"
    miss = get(client, url)
    hit = get(client, url)
    assert (miss["X-Page-Cache"], hit["X-Page-Cache"]) == ("miss", "hit")
    # The entry is the English page: a shared cache must not hand it to a Vietnamese visitor.
    assert "cookie" in vary(hit) and vary(hit) == vary(miss)
    assert hit["Content-Language"] == "en"
    for name in ("Last-Modified", "ETag", "X-Robots-Tag", "Content-Language"):
        assert hit.get(name) == miss.get(name), name


def test_the_sitemap_answers_a_conditional_request_with_304_from_the_view_and_from_the_cache(
    client, product, published
):
    from django.core.cache import caches

    last_modified = get(client, "/sitemap.xml")["Last-Modified"]
    caches["pages"].clear()
    from_the_view = client.get("/sitemap.xml", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert (from_the_view.status_code, from_the_view["X-Page-Cache"]) == (304, "miss")
    from_the_cache = client.get("/sitemap.xml", HTTP_IF_MODIFIED_SINCE=last_modified)
    assert (from_the_cache.status_code, from_the_cache["X-Page-Cache"]) == (304, "hit")
    assert from_the_cache.content == b""
    assert from_the_cache["Last-Modified"] == last_modified
    assert "cookie" in vary(from_the_cache)
    assert get(client, "/sitemap.xml")["X-Page-Cache"] == "hit"  # without the condition, the whole page


def test_a_product_put_under_a_password_leaves_the_cached_feed_and_search_at_once(
    client, category, product, committed
):
    from wagtail.models import PageViewRestriction

    from search import indexing

    indexing.rebuild()
    feed, search = reverse("google_merchant_feed"), "/search/?q=keo"
    for url in (feed, search, category.url):
        get(client, url)
        assert get(client, url)["X-Page-Cache"] == "hit"
    with committed():
        restriction = PageViewRestriction.objects.create(
            page=product, restriction_type="password", password="x"
        )
    assert product.url not in get(client, feed).content.decode()
    assert list(get(client, search).context["products"]) == []
    with committed():
        restriction.delete()
    assert product.url in get(client, feed).content.decode()
    assert [p.title for p in get(client, search).context["products"]] == ["Kẹo dừa sầu riêng"]


def test_search_results_cached_before_the_worker_reindexes_a_revocation_are_purged_after_it(
    client, category, product, committed, monkeypatch
):
    """The worker updates the index a moment after the commit's purge; a shopper searching in between
    caches the old stars, which must not stay for the page cache's hour."""
    from django.contrib.auth import get_user_model

    from catalogue import certification as rules
    from catalogue.permissions import programme_staff_group
    from search import indexing, signals, tasks

    indexing.rebuild()
    url = "/search/?q=keo&stars=5"
    assert [p.title for p in get(client, url).context["products"]] == ["Kẹo dừa sầu riêng"]
    waiting = []  # the worker has not run yet
    monkeypatch.setattr(signals, "schedule_update", waiting.extend)
    staff = get_user_model().objects.create_user("canbo", password="x")
    staff.groups.add(programme_staff_group())

    with committed():
        rules.revoke(product.certification, staff, "Không đạt khi kiểm tra lại")
    in_between = get(client, url)  # rebuilt from the index as it still is, and cached
    assert [p.title for p in in_between.context["products"]] == ["Kẹo dừa sầu riêng"]
    tasks.update_products.call(sorted(set(waiting)))  # the worker's turn

    after = get(client, url)
    assert after["X-Page-Cache"] == "miss"
    assert list(after.context["products"]) == []


def test_a_deploy_shows_the_new_codes_pages_at_once_as_its_migrate_purges_the_cache(client, product):
    """Pages rendered by the old templates would stay for up to an hour (PAGE_CACHE_SECONDS) after a
    deploy that changed them; every deploy (and `make run`) runs migrate, which purges them once, and
    Varnish's with a BAN of the whole site."""
    from unittest import mock

    from django.core.management import call_command

    get(client, product.url)
    assert get(client, product.url)["X-Page-Cache"] == "hit"

    with mock.patch("pagecache.frontend.purge_everything") as varnish_ban:
        call_command("migrate", verbosity=0)

    assert get(client, product.url)["X-Page-Cache"] == "miss"
    varnish_ban.assert_called_once_with()


def test_a_cache_down_during_a_deploy_does_not_fail_its_migrate(caplog):
    from unittest import mock

    from django.core.management import call_command

    with mock.patch("pagecache.store.purge_tags", side_effect=ConnectionError("Redis is unreachable")):
        call_command("migrate", verbosity=0)
    assert "page cache not purged after migrate: ConnectionError: Redis is unreachable" in caplog.text
