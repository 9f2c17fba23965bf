"""Shoppers write a producer's kind either way, "HTX" or "hợp tác xã", "Cty" or "công ty": the search finds
the products of both spellings, on every engine, the spelling typed first, as the "Loại chủ thể" facet
treats them as one."""

import pytest

from catalogue.factories import PackSizeFactory, ProducerPageFactory, ProductPageFactory
from search.query import parse_query
from tests.search.conftest import reindex
from tests.search.results import get, titles


@pytest.fixture
def cooperatives(catalogue, producers, producer_index, categories):
    """Beside "Hợp tác xã Chè Tân Cương": a cooperative written "HTX", a "tổ hợp tác" (a cooperative
    group, not a cooperative), a company written "Cty CP" and a household business written "HKD"."""
    made = {}
    for key, title, kind, product_title in [
        ("htx", "HTX Nông sản Lục Sơn", "cooperative", "Vải thiều sấy khô"),
        ("tht", "Tổ hợp tác bánh mật Thanh Lâm", "cooperative_group", "Bánh mật"),
        ("cty", "Cty CP Nấm Hương Rừng", "company", "Nấm hương khô"),
        ("hkd", "HKD Bánh tráng Phú Hoà", "household", "Bánh tráng mè đen"),
    ]:
        made[key] = sold_by(producer_index, categories, title, kind, product_title, slug=key)
    reindex()
    return made


def sold_by(producer_index, categories, title, kind, product_title, **producer):
    """A 3★ product with a pack size, of a new producer of that title and kind."""
    maker = ProducerPageFactory(parent=producer_index, title=title, kind=kind, **producer)
    product = ProductPageFactory(
        parent=maker, title=product_title, ocop_stars=3, categories=[categories["tra"]], summary="Đặc sản"
    )
    PackSizeFactory(product=product)
    return product


COOPERATIVE_PRODUCTS = {"Trà xanh Tân Cương", "Trà hoa cúc", "Vải thiều sấy khô"}


@pytest.mark.parametrize("typed", ["HTX", "htx", "hợp tác xã", "Hợp Tác Xã", "hop tac xa"])
def test_htx_and_hop_tac_xa_find_every_cooperatives_products(client, cooperatives, typed):
    found = titles(get(client, q=typed))
    assert set(found) == COOPERATIVE_PRODUCTS  # not the "tổ hợp tác"'s Bánh mật


def test_the_spelling_typed_ranks_first(client, cooperatives):
    # 4★ tea and 3★ chamomile tea are "Hợp tác xã …"'s; the 3★ lychees "HTX …"'s
    assert titles(get(client, q="htx")) == ["Vải thiều sấy khô", "Trà xanh Tân Cương", "Trà hoa cúc"]
    assert titles(get(client, q="hợp tác xã")) == ["Trà xanh Tân Cương", "Trà hoa cúc", "Vải thiều sấy khô"]


def test_hop_tac_xa_with_a_place_finds_the_cooperative_there(client, cooperatives):
    assert titles(get(client, q="hợp tác xã tân cương")) == ["Trà xanh Tân Cương", "Trà hoa cúc"]
    assert titles(get(client, q="htx tân cương")) == ["Trà xanh Tân Cương", "Trà hoa cúc"]
    assert titles(get(client, q="hop tac xa luc son")) == ["Vải thiều sấy khô"]


@pytest.mark.parametrize("typed", ["tổ hợp tác", "THT", "to hop tac"])
def test_to_hop_tac_and_tht_find_the_cooperative_groups(client, cooperatives, typed):
    assert titles(get(client, q=typed)) == ["Bánh mật"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("cty", {"Kẹo dừa sầu riêng", "Kẹo dừa lá dứa", "Nấm hương khô"}),
        ("công ty", {"Kẹo dừa sầu riêng", "Kẹo dừa lá dứa", "Nấm hương khô"}),
        ("cổ phần", {"Nấm hương khô"}),
        ("cp", {"Nấm hương khô"}),
        ("trách nhiệm hữu hạn", {"Kẹo dừa sầu riêng", "Kẹo dừa lá dứa"}),
        ("tnhh", {"Kẹo dừa sầu riêng", "Kẹo dừa lá dứa"}),
    ],
)
def test_company_abbreviations_and_their_words_find_the_same_products(client, cooperatives, typed, expected):
    # "Công ty TNHH Sản xuất Đông Á" (the default producer) and "Cty CP Nấm Hương Rừng"
    assert set(titles(get(client, q=typed))) == expected


@pytest.mark.parametrize("typed", ["HKD", "hkd", "hộ kinh doanh", "ho kinh doanh"])
def test_hkd_and_ho_kinh_doanh_find_the_household_businesses_products(client, cooperatives, typed):
    # "HKD Bánh tráng Phú Hoà" and "Hộ kinh doanh Ong Vàng"
    assert set(titles(get(client, q=typed))) == {"Bánh tráng mè đen", "Mật ong rừng Hoà Bình"}


@pytest.fixture
def named_otherwise(cooperatives, producer_index, categories):
    """A household business and a company both named "Cơ sở …": "Loại chủ thể" says what they are, their
    names do not spell it."""
    for title, kind, product_title in [
        ("Cơ sở Đông Hưng", "household", "Đông trùng hạ thảo khô"),
        ("Cơ sở Nước mắm Ba Làng", "company", "Nước mắm cá cơm"),
    ]:
        sold_by(producer_index, categories, title, kind, product_title)
    reindex()


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("hộ kinh doanh", {"Bánh tráng mè đen", "Mật ong rừng Hoà Bình", "Đông trùng hạ thảo khô"}),
        ("hkd", {"Bánh tráng mè đen", "Mật ong rừng Hoà Bình", "Đông trùng hạ thảo khô"}),
        # Every company is a doanh nghiệp: the facet's "Công ty, doanh nghiệp".
        ("doanh nghiệp", {"Kẹo dừa sầu riêng", "Kẹo dừa lá dứa", "Nấm hương khô", "Nước mắm cá cơm"}),
        ("DN", {"Kẹo dừa sầu riêng", "Kẹo dừa lá dứa", "Nấm hương khô", "Nước mắm cá cơm"}),
    ],
)
def test_a_producers_kind_finds_its_products_whatever_its_name_says(client, named_otherwise, typed, expected):
    assert set(titles(get(client, q=typed))) == expected
    facet = next(f for f in get(client, q=typed).context["search"].facets if f.name == "producer_type")
    assert sum(o.count for o in facet.options) == len(expected)


def test_the_kind_facet_counts_what_either_spelling_finds(client, cooperatives):
    for typed in ("htx", "hợp tác xã"):
        facet = next(f for f in get(client, q=typed).context["search"].facets if f.name == "producer_type")
        assert {o.value: o.count for o in facet.options} == {"cooperative": 3}


def test_the_words_of_a_kind_alone_are_not_read_as_one():
    # "có phần" (somewhat) is no "cổ phần"; "hợp tác" alone is the word of both kinds of cooperative
    def matched(typed):
        return [term.matched for term in parse_query({"q": typed}).parsed_terms]

    assert matched("có phần ngọt") == ["phan", "ngot"]
    assert matched("hợp tác") == ["hop", "tac"]
    assert matched("hợp tác xã") == matched("hop tac xa") == matched("HTX") == ["htx"]
