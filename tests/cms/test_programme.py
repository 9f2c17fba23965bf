"""The "Về chương trình OCOP" page shows the programme's figures computed live from the catalogue."""

import datetime

import pytest
from bs4 import BeautifulSoup
from django.db.models import Count
from freezegun import freeze_time

from catalogue.certification import Certification, State, in_force_q
from catalogue.factories import CategoryPageFactory, ProducerPageFactory, ProductPageFactory
from catalogue.models import ProducerPage, ProductPage
from cms.models import StandardPage
from places.models import Province

pytestmark = pytest.mark.django_db
HANOI = 1


@pytest.fixture
def programme_page(home):
    page = StandardPage(
        title="Về chương trình OCOP", slug="chuong-trinh-ocop", body=[("programme_figures", None)]
    )
    home.add_child(instance=page)
    return page


@pytest.fixture
def midyear():
    """Mid-June of this year, so that a certificate can still be in force and lapse later this year."""
    with freeze_time(datetime.datetime(datetime.date.today().year, 6, 15, 12)):
        yield


@pytest.fixture
def varied_catalogue(midyear, product, producer, producer_index, category, category_index):
    """Producers of three kinds in two provinces; products with 3, 4, 4+potential and 5 stars."""
    today = datetime.date.today()
    tea = CategoryPageFactory(parent=category_index, title="Trà & thảo dược")
    coop = ProducerPageFactory(parent=producer_index, kind="cooperative")
    village = ProducerPageFactory(
        parent=producer_index, kind="craft_village", province=Province.objects.get(code=HANOI), commune=None
    )
    ProducerPageFactory(parent=producer_index, kind="cooperative")
    ProductPageFactory(parent=coop, ocop_stars=4, ocop_potential_five=True, categories=[tea])
    ProductPageFactory(parent=coop, ocop_stars=3, categories=[category, tea])
    # decided 36 months before a day later this year: in force today, its certificate lapses this year
    lapsing = datetime.date(today.year - 3, 9, 1)
    ProductPageFactory(parent=village, ocop_stars=4, ocop_decision_date=lapsing, categories=[tea])
    draft = ProductPageFactory(parent=village, ocop_stars=5, categories=[tea])
    draft.unpublish()
    return {"tea": tea}


def chart(soup, name):
    return {
        li.select_one(".figure-label").get_text(strip=True): int(li.select_one("[data-value]")["data-value"])
        for li in soup.select(f'[data-chart="{name}"] li')
    }


def test_the_programme_page_numbers_equal_counts_taken_from_the_database(
    client, programme_page, varied_catalogue
):
    soup = BeautifulSoup(client.get(programme_page.url).content, "html.parser")
    live = ProductPage.objects.live()
    certified = live.filter(in_force_q("certification__"))

    stars = {
        f"{row['certification__stars']} sao": row["n"]
        for row in certified.values("certification__stars").annotate(n=Count("pk")).order_by()
    }
    assert chart(soup, "stars") == stars == {"5 sao": 1, "4 sao": 2, "3 sao": 1}

    provinces = live.values("producer__province__short_name").annotate(n=Count("pk")).order_by()
    assert chart(soup, "province") == {r["producer__province__short_name"]: r["n"] for r in provinces}

    assert (
        chart(soup, "category")["Trà & thảo dược"]
        == live.filter(categories=varied_catalogue["tea"]).count()
        == 3
    )

    # the producers of those products: the second cooperative has none
    producers = ProducerPage.objects.live().filter(pk__in=certified.values("producer"))
    kinds = chart(soup, "kind")
    assert kinds == {"Hợp tác xã": 1, "Làng nghề": 1, "Công ty, doanh nghiệp": 1}
    assert sum(kinds.values()) == producers.count()

    targets = [float(t["data-value"]) for t in soup.select(".target [data-value]")]
    cooperatives = 100 * producers.filter(kind="cooperative").count() / producers.count()
    villages = 100 * producers.filter(kind="craft_village").count() / producers.count()
    five_or_potential = (
        certified.filter(certification__stars=5).count()
        + certified.filter(certification__stars=4, certification__potential_five=True).count()
    )
    assert targets == [round(cooperatives, 1), round(villages, 1), five_or_potential] == [33.3, 33.3, 2]
    assert "/ mục tiêu 20%" in soup.select(".target")[0].get_text(" ", strip=True)
    assert "/ mục tiêu 30" in soup.select(".target")[2].get_text(" ", strip=True)

    assert int(soup.select_one('[data-figure="expiring"] [data-value]')["data-value"]) == 1


def test_the_charts_are_svg_drawn_on_the_server_with_the_numbers_in_text(
    client, programme_page, varied_catalogue
):
    soup = BeautifulSoup(client.get(programme_page.url).content, "html.parser")
    bars = soup.select('[data-chart="stars"] li')
    assert [b.select_one("svg rect")["width"] for b in bars] == ["50.0", "100.0", "50.0"]
    assert all(b.select_one("svg")["aria-hidden"] == "true" for b in bars)
    assert [b.get_text(" ", strip=True) for b in bars] == ["5 sao 1", "4 sao 2", "3 sao 1"]
    assert not soup.select(".programme-figures script")


@pytest.fixture
def lapsed(varied_catalogue, producer_index, category):
    """Two more products on sale: one whose certification was revoked (its producer has no other), one
    whose certification expired yesterday (a cooperative's)."""
    household = ProducerPageFactory(parent=producer_index, kind="household")
    revoked = ProductPageFactory(parent=household, ocop_stars=4, categories=[category])
    Certification.objects.filter(pk=revoked.certification_id).update(state=State.REVOKED)
    coop = ProducerPage.objects.filter(kind="cooperative").order_by("pk").first()
    expired = ProductPageFactory(parent=coop, ocop_stars=3, categories=[category])
    yesterday = datetime.date.today() - datetime.timedelta(days=1)
    Certification.objects.filter(pk=expired.certification_id).update(valid_until=yesterday)
    return [revoked, expired]


def test_the_headline_counts_the_products_in_force_and_their_producers_as_the_bars_do(
    client, programme_page, lapsed
):
    soup = BeautifulSoup(client.get(programme_page.url).content, "html.parser")
    lead = soup.select_one(".programme-figures .lead").get_text(" ", strip=True)
    # 6 live products: 4 certified in force (5, 4+potential, 4, 3 stars) by 3 producers
    assert lead == "4 sản phẩm OCOP của 3 chủ thể đang có trên cửa hàng."
    assert sum(chart(soup, "stars").values()) == 4
    assert sum(chart(soup, "province").values()) == 4
    assert (
        chart(soup, "category")["Kẹo dừa"] == 2
    )  # of 4 on sale: the revoked and the expired are not counted
    assert sum(chart(soup, "kind").values()) == 3
    # the two others are said in words, not left to be guessed from the sums
    uncounted = soup.select_one('[data-figure="uncounted"]')
    assert uncounted["data-value"] == "2"
    assert "chỉ tính sản phẩm có chứng nhận OCOP còn hiệu lực" in uncounted.get_text(" ", strip=True)


def test_no_word_about_other_products_when_every_product_is_certified(
    client, programme_page, varied_catalogue
):
    soup = BeautifulSoup(client.get(programme_page.url).content, "html.parser")
    assert soup.select_one('[data-figure="uncounted"]') is None
