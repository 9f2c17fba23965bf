"""A product page's breadcrumb trail, categories and stores are read once per version of the page tree
(catalogue/tree.py), and any change to a page is seen by the very next request: never stale."""

import pytest
from bs4 import BeautifulSoup

from catalogue.factories import CategoryPageFactory
from catalogue.stores import StoreIndexPage, StorePage

pytestmark = pytest.mark.django_db


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    return lambda: django_capture_on_commit_callbacks(execute=True)


def soup_of(client, url):
    response = client.get(url)
    assert response.status_code == 200
    return BeautifulSoup(response.content.decode(), "html.parser")


def trail(soup):
    return [(a.text, a["href"]) for a in soup.select(".breadcrumbs a")]


def test_the_cached_trail_follows_a_renamed_and_moved_ancestor(client, product, producer, committed):
    assert trail(soup_of(client, product.url))[-1] == ("Công ty TNHH Đông Á", "/chu-the/dong-a/")
    assert trail(soup_of(client, product.url))[-1] == ("Công ty TNHH Đông Á", "/chu-the/dong-a/")  # cached
    producer.title, producer.slug = "Công ty Đông Á Bến Tre", "dong-a-ben-tre"
    with committed():
        producer.save_revision().publish()
    product.refresh_from_db()
    assert trail(soup_of(client, product.url))[-1] == ("Công ty Đông Á Bến Tre", "/chu-the/dong-a-ben-tre/")


def test_a_category_given_to_the_product_shows_at_once(client, product, category_index, committed):
    assert [a.text for a in soup_of(client, product.url).select(".product-categories a")] == ["Kẹo dừa"]
    tea = CategoryPageFactory(parent=category_index, title="Trà", slug="tra")
    product.categories.add(tea)
    with committed():
        product.save_revision().publish()
    assert [a.text for a in soup_of(client, product.url).select(".product-categories a")] == [
        "Kẹo dừa",
        "Trà",
    ]


def test_a_store_that_starts_carrying_the_product_shows_at_once(client, home, product, producer, committed):
    assert soup_of(client, product.url).select(".stores-carrying a") == []
    index = home.add_child(instance=StoreIndexPage(title="Cửa hàng OCOP", slug="cua-hang"))
    with committed():
        store = index.add_child(
            instance=StorePage(
                title="Cửa hàng OCOP Bến Tre",
                slug="ben-tre",
                province=producer.province,
                street_address="Đường Đồng Khởi",
                products=[product],
            )
        )
    links = soup_of(client, product.url).select(".stores-carrying a")
    assert [(a.text, a["href"]) for a in links] == [("Cửa hàng OCOP Bến Tre", store.url)]
    with committed():
        store.unpublish()
    assert soup_of(client, product.url).select(".stores-carrying a") == []


def test_a_category_listing_follows_a_revocation_and_a_lapse_by_date_at_once(
    client, category, product, other_product, staff, committed
):
    import datetime

    from django.utils import timezone
    from freezegun import freeze_time

    from catalogue import certification as rules
    from catalogue.certification import Certification

    def order():
        return [a["href"] for a in soup_of(client, category.url).select(".grid a[href^='/chu-the/']")]

    assert order()[0] == product.url  # 5 stars before 4
    assert order()[0] == product.url  # the cached order
    with committed():
        rules.revoke(product.certification, staff, "Vi phạm")
    assert order()[0] == other_product.url
    # The 4-star record runs out tomorrow (a record is no longer in force on its last day): no write
    # then, and the listing reorders on the day.
    other_product.refresh_from_db()
    tomorrow = timezone.localdate() + datetime.timedelta(days=1)
    Certification.objects.filter(pk=other_product.certification_id).update(valid_until=tomorrow)
    assert order()[0] == other_product.url  # still in force today
    with freeze_time(timezone.now() + datetime.timedelta(days=1)):
        assert order()[0] == product.url  # no stars in force either way: by title, "Kẹo…" before "Trà…"
