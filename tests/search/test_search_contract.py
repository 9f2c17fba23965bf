"""The search contract, run against each engine (database always; Elasticsearch when configured).

Everything goes through /search/ as a visitor would use it.
"""

import pytest
from bs4 import BeautifulSoup
from django.urls import reverse

from catalogue.factories import CategoryPageFactory
from tests.search.results import get, titles

from .conftest import _product, reindex


def counts(response, facet):
    for each in response.context["search"].facets:
        if each.name == facet:
            return {o.label: o.count for o in each.options}
    return {}


# --- Vietnamese folding ---------------------------------------------------------------------------


TYPINGS = ["keo dua sau rieng", "KẸO DỪA SẦU RIÊNG", "Kẹo dừa sầu riêng", "kẹo dừa sầu riêng"]


@pytest.mark.parametrize("typed", TYPINGS)
def test_accentless_or_accented_typing_finds_keo_dua_sau_rieng_first(client, catalogue, typed):
    response = get(client, q=typed)
    assert titles(response) == ["Kẹo dừa sầu riêng"]


def test_nfd_typing_finds_the_same_product(client, catalogue):
    import unicodedata

    response = get(client, q=unicodedata.normalize("NFD", "kẹo dừa sầu riêng"))
    assert titles(response) == ["Kẹo dừa sầu riêng"]


def test_dong_a_without_marks_finds_the_producer_dong_a_products(client, catalogue):
    response = get(client, q="dong a")
    assert titles(response) == ["Kẹo dừa sầu riêng", "Kẹo dừa lá dứa"]


def test_old_and_new_tone_placement_find_hoa_binh(client, catalogue):
    assert titles(get(client, q="hòa bình")) == titles(get(client, q="hoà bình")) == ["Mật ong rừng Hoà Bình"]


def test_word_prefixes_match_and_mid_word_fragments_do_not(client, catalogue):
    assert titles(get(client, q="ke du")) == ["Kẹo dừa sầu riêng", "Kẹo dừa lá dứa"]
    assert titles(get(client, q="eo")) == []


def test_title_matches_rank_before_summary_matches(client, catalogue):
    # "Trà hoa cúc" mentions mật ong in its summary only.
    assert titles(get(client, q="mat ong")) == ["Mật ong rừng Hoà Bình", "Trà hoa cúc"]


def test_a_province_name_finds_its_products(client, catalogue):
    assert titles(get(client, q="phu tho")) == ["Mật ong rừng Hoà Bình"]


@pytest.fixture
def former_names(catalogue, producers):
    """Since the 2025 merger Bến Tre is part of Vĩnh Long and Bắc Giang of Bắc Ninh; the producers'
    pages still give the former names."""
    producers["dong_a"].former_address = "thành phố Bến Tre, tỉnh Bến Tre cũ"
    producers["dong_a"].save()
    producers["ong"].former_address = "xã Yên Sơn, huyện Lục Nam, tỉnh Bắc Giang cũ"
    producers["ong"].save()
    reindex()
    return producers


@pytest.mark.parametrize("typed", ["kẹo dừa bến tre", "ben tre", "Bến Tre", "tỉnh bến tre"])
def test_a_former_province_name_finds_the_products_made_there(client, former_names, typed):
    assert titles(get(client, q=typed)) == ["Kẹo dừa sầu riêng", "Kẹo dừa lá dứa"]


@pytest.mark.parametrize("typed", ["luc nam", "bac giang", "yên sơn", "mật ong lục nam"])
def test_a_former_district_or_commune_name_finds_the_products_made_there(client, former_names, typed):
    assert titles(get(client, q=typed)) == ["Mật ong rừng Hoà Bình"]


@pytest.mark.parametrize(
    "typed",
    [
        "kẹo dừa thành phố bến tre",
        "keo dua thanh pho ben tre",
        "kẹo dừa tỉnh bến tre cũ",
        "keo dua tinh ben tre cu",
    ],
)
def test_a_former_place_named_with_its_kind_finds_the_products_made_there(client, former_names, typed):
    # The product pages say "thành phố Bến Tre, tỉnh Bến Tre cũ"; shoppers copy it.
    assert titles(get(client, q=typed)) == ["Kẹo dừa sầu riêng", "Kẹo dừa lá dứa"]


@pytest.mark.parametrize(
    "typed", ["mật ong huyện lục nam", "mat ong tinh bac giang", "mật ong tỉnh phú thọ", "xã yên sơn"]
)
def test_a_district_commune_or_province_named_with_its_kind_finds_the_products_made_there(
    client, former_names, typed
):
    assert titles(get(client, q=typed)) == ["Mật ong rừng Hoà Bình"]


def test_the_words_for_units_and_former_find_no_product_by_themselves(client, former_names):
    # "cũ" (former) and "xã", "huyện" name no place: "cu" finds words starting "cu" (Cương, cúc), and
    # "củ", a whole word with its marks, the products with a "củ" (none here), not every product of a
    # merged province; "huyện" or "tỉnh" alone lists everything, as an empty query.
    assert titles(get(client, q="cu")) == ["Trà xanh Tân Cương", "Trà hoa cúc"]
    assert titles(get(client, q="củ")) == []
    for typed in ("huyện", "tỉnh", "thành phố"):
        response = get(client, q=typed)
        assert response.context["searched_for"] == ""
        assert response.context["search"].results.total == 5


def test_a_province_is_not_found_by_its_kind(client, former_names):
    # "Tỉnh Vĩnh Long" is indexed as "Vĩnh Long": "tinh" (tinh dầu, Hà Tĩnh) finds none of its products.
    assert titles(get(client, q="tinh")) == []
    assert titles(get(client, q="vinh long")) == ["Kẹo dừa sầu riêng", "Kẹo dừa lá dứa"]


def test_suggestions_skip_the_words_for_kinds_of_places(client, former_names):
    suggest = reverse("search:suggest")
    found = client.get(suggest, {"q": "kẹo dừa thành phố bến"}).json()["suggestions"]
    assert [s["title"] for s in found] == ["Kẹo dừa sầu riêng", "Kẹo dừa lá dứa"]
    assert client.get(suggest, {"q": "tỉnh"}).json() == {"suggestions": []}


# --- Facets ------------------------------------------------------------------------------------------


def test_empty_query_is_the_whole_catalogue_with_every_facet_count(client, catalogue, categories):
    response = get(client)
    assert response.context["search"].results.total == 5
    assert counts(response, "stars") == {"5 sao": 1, "4 sao": 2, "3 sao": 2}
    assert counts(response, "category") == {"Kẹo dừa": 2, "Trà & thảo dược": 2, "Mật ong": 2}
    assert counts(response, "province") == {"Vĩnh Long": 2, "Thái Nguyên": 2, "Phú Thọ": 1}
    assert counts(response, "producer_type") == {
        "Công ty, doanh nghiệp": 2,
        "Hợp tác xã": 2,
        "Hộ kinh doanh": 1,
    }
    assert counts(response, "in_stock") == {"Còn hàng": 3}


def test_each_facet_narrows_the_results(client, catalogue, categories):
    assert sorted(titles(get(client, stars=3))) == ["Mật ong rừng Hoà Bình", "Trà hoa cúc"]
    assert sorted(titles(get(client, category=categories["tra"].pk))) == ["Trà hoa cúc", "Trà xanh Tân Cương"]
    assert titles(get(client, province=25)) == ["Mật ong rừng Hoà Bình"]
    assert sorted(titles(get(client, producer_type="company"))) == ["Kẹo dừa lá dứa", "Kẹo dừa sầu riêng"]
    assert sorted(titles(get(client, in_stock=1))) == [
        "Kẹo dừa sầu riêng",
        "Mật ong rừng Hoà Bình",
        "Trà xanh Tân Cương",
    ]
    assert sorted(titles(get(client, price_min=50_000, price_max=150_000))) == [
        "Kẹo dừa lá dứa",
        "Trà hoa cúc",
        "Trà xanh Tân Cương",  # lá dứa has a 60.000 pack
    ]


def test_two_values_of_one_facet_widen_and_two_facets_narrow(client, catalogue, categories):
    assert len(titles(get(client, stars=[4, 5]))) == 3
    response = get(client, stars=[3, 4], category=categories["tra"].pk, in_stock=1)
    assert titles(response) == ["Trà xanh Tân Cương"]


def test_a_facet_counts_ignore_its_own_selection_but_apply_the_others(client, catalogue, categories):
    response = get(client, stars=4, category=categories["keo"].pk)
    assert titles(response) == ["Kẹo dừa lá dứa"]
    # stars counts: within Kẹo dừa, whatever the stars
    assert counts(response, "stars") == {"5 sao": 1, "4 sao": 1}
    # category counts: within 4★, whatever the category
    assert counts(response, "category") == {"Kẹo dừa": 1, "Trà & thảo dược": 1}
    # others: both selections applied
    assert counts(response, "province") == {"Vĩnh Long": 1}
    assert counts(response, "in_stock") == {}


STALE_CATEGORIES = {
    "no page": lambda catalogue, categories: 999_999,
    "a product's page": lambda catalogue, categories: catalogue["tra_xanh"].pk,
    "the category index": lambda catalogue, categories: categories["tra"].get_parent().pk,
    "an unpublished category": lambda catalogue, categories: categories["mat_ong"].pk,
}


@pytest.mark.parametrize("stale", STALE_CATEGORIES.values(), ids=STALE_CATEGORIES.keys())
def test_a_category_id_of_no_live_category_is_dropped_as_other_junk_facets(
    client, catalogue, categories, stale
):
    categories["mat_ong"].unpublish()
    # A stale link to a removed category listed no product, with no chip to remove the filter.
    response = get(client, category=[stale(catalogue, categories), categories["keo"].pk])
    assert response.context["search"].query.category == (categories["keo"].pk,)
    assert sorted(titles(response)) == ["Kẹo dừa lá dứa", "Kẹo dừa sầu riêng"]
    alone = get(client, category=stale(catalogue, categories))
    assert alone.context["search"].results.total == 5
    assert alone.context["search"].active_filters == []


def test_a_province_code_of_no_province_is_dropped_as_other_junk_facets(client, catalogue):
    response = get(client, province=[99, 25])
    assert response.context["search"].query.province == (25,)
    assert titles(response) == ["Mật ong rừng Hoà Bình"]
    assert get(client, province=99).context["search"].results.total == 5


def test_facet_counts_follow_the_text_query(client, catalogue):
    response = get(client, q="tra")
    assert counts(response, "stars") == {"4 sao": 1, "3 sao": 1}
    assert counts(response, "province") == {"Thái Nguyên": 2}


def test_selected_facets_stay_checked_and_are_removable(client, catalogue, categories):
    response = get(client, q="keo", stars=5, in_stock=1)
    html = response.content.decode()
    assert 'name="stars" value="5" checked' in html
    assert 'name="in_stock" value="1" checked' in html
    active = {chip.label: chip.remove_qs for chip in response.context["search"].active_filters}
    assert active["5 sao"] == "q=keo&in_stock=1"
    assert active["Còn hàng"] == "q=keo&stars=5"


# --- Sorting and pagination ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("sort", "expected"),
    [
        (
            "price_asc",
            [
                "Kẹo dừa lá dứa",
                "Kẹo dừa sầu riêng",
                "Trà hoa cúc",
                "Trà xanh Tân Cương",
                "Mật ong rừng Hoà Bình",
            ],
        ),
        (
            "price_desc",
            [
                "Mật ong rừng Hoà Bình",
                "Trà xanh Tân Cương",
                "Trà hoa cúc",
                "Kẹo dừa sầu riêng",
                "Kẹo dừa lá dứa",
            ],
        ),
        (
            "newest",
            [
                "Mật ong rừng Hoà Bình",
                "Kẹo dừa lá dứa",
                "Trà xanh Tân Cương",
                "Kẹo dừa sầu riêng",
                "Trà hoa cúc",
            ],
        ),
        (
            "stars",
            [
                "Kẹo dừa sầu riêng",
                "Kẹo dừa lá dứa",
                "Trà xanh Tân Cương",
                "Mật ong rừng Hoà Bình",
                "Trà hoa cúc",
            ],
        ),
    ],
)
def test_each_sort_orders_the_results(client, catalogue, sort, expected):
    assert titles(get(client, sort=sort)) == expected


def test_products_with_equal_stars_come_in_vietnamese_alphabetical_order(
    client, catalogue, producers, categories
):
    for title in ("Đông trùng hạ thảo khô", "Dừa sáp Cầu Kè"):
        _product(producers["che"], title, 3, [categories["tra"]], [(90_000, 1)], 3)
    reindex()
    # Đ is a letter after D (not after T, as raw bytes put it; nor among the d's, as folding does)
    expected = ["Dừa sáp Cầu Kè", "Đông trùng hạ thảo khô", "Mật ong rừng Hoà Bình", "Trà hoa cúc"]
    assert titles(get(client, stars="3")) == expected
    by_price = ["Trà hoa cúc", "Dừa sáp Cầu Kè", "Đông trùng hạ thảo khô", "Mật ong rừng Hoà Bình"]
    assert titles(get(client, stars="3", sort="price_asc")) == by_price  # the two at 90.000 likewise


def test_pages_of_24_cover_the_catalogue_once(client, catalogue, make_products):
    make_products(50)
    from tests.search.conftest import reindex

    reindex()
    seen = []
    for number in (1, 2, 3):
        response = get(client, page=number)
        seen += titles(response)
        assert response.context["products"].number == number
    assert len(seen) == len(set(seen)) == 55
    assert 'rel="next"' not in get(client, page=3).content.decode()
    # a page beyond the end shows the last page rather than nothing
    assert get(client, page=99).context["products"].number == 3
    # a listing shown in English by its ?lang=en link stays English on the next page
    english = get(client, page=1, lang="en").content.decode()
    assert 'rel="next" href="?lang=en&amp;page=2"' in english
    assert 'rel="next" href="?page=2"' in get(client, page=1).content.decode()


# --- Suggestions and zero results ----------------------------------------------------------------------


def test_suggestions_for_ke_list_keo_dua_products_as_json(client, catalogue):
    response = client.get(reverse("search:suggest"), {"q": "ke"})
    assert response.status_code == 200
    suggestions = response.json()["suggestions"]
    assert [s["title"] for s in suggestions] == ["Kẹo dừa sầu riêng", "Kẹo dừa lá dứa"]
    assert suggestions[0]["url"] == catalogue["sau_rieng"].url
    assert suggestions[0]["producer"] == "Công ty TNHH Đông Á"
    assert suggestions[0]["min_price"] == 45_000


def test_suggestions_match_a_word_anywhere_in_the_title_not_only_its_start(client, catalogue):
    # "dua" starts no title but the second word of both "Kẹo dừa" (a title-start completion found none).
    suggested = client.get(reverse("search:suggest"), {"q": "dua"}).json()["suggestions"]
    assert [s["title"] for s in suggested] == ["Kẹo dừa sầu riêng", "Kẹo dừa lá dứa"]


def test_suggestions_for_nothing_are_an_empty_list(client, catalogue):
    for prefix in ("", "   ", '"', "\x00"):
        assert client.get(reverse("search:suggest"), {"q": prefix}).json() == {"suggestions": []}


def test_a_typo_gets_near_matches_and_the_categories(client, catalogue, categories):
    response = get(client, q="kẹo dừa sầu riêg")
    assert titles(response) == []
    near = [p.title for p in response.context["search"].near]
    assert near[0] == "Kẹo dừa sầu riêng"
    html = response.content.decode()
    assert "Có phải bạn tìm" in html
    for each in categories.values():
        assert each.title.replace("&", "&amp;") in html


def test_a_correct_query_emptied_by_its_filters_offers_to_drop_them_not_spelling_fixes(client, catalogue):
    response = get(client, q="keo dua", stars="3")  # the two kẹo dừa are 5★ and 4★
    assert titles(response) == []
    assert response.context["search"].near == []
    page = BeautifulSoup(response.content, "html.parser")
    assert "Có phải bạn tìm" not in page.get_text()
    offer = page.select_one(".no-results a.without-filters")
    assert offer["href"] == "?q=keo+dua"
    assert offer.get_text(strip=True) == "Xem 2 sản phẩm khi bỏ bộ lọc"


def no_results_message(response) -> str:
    page = BeautifulSoup(response.content, "html.parser")
    return page.select_one(".no-results p").get_text(" ", strip=True)


def test_words_emptied_by_the_filters_blame_the_filters_not_the_words(client, catalogue):
    response = get(client, q="keo dua", price_min="100000")  # the two kẹo dừa cost 30.000 to 60.000
    assert titles(response) == []
    assert no_results_message(response) == "Không có sản phẩm nào cho “keo dua” khớp các bộ lọc đã chọn."


def test_words_that_find_nothing_say_so(client, catalogue):
    assert no_results_message(get(client, q="xyzzy")) == "Không tìm thấy sản phẩm nào cho “xyzzy”."


def test_stars_typed_and_emptied_by_the_filters_offer_to_drop_the_filters(client, catalogue):
    response = get(client, q="5 sao", stars="4")  # the one 5★ product is not 4★
    assert titles(response) == []
    assert no_results_message(response) == "Không có sản phẩm nào cho “5 sao” khớp các bộ lọc đã chọn."
    offer = BeautifulSoup(response.content, "html.parser").select_one(".no-results a.without-filters")
    assert offer["href"] == "?q=5+sao"
    assert offer.get_text(strip=True) == "Xem 1 sản phẩm khi bỏ bộ lọc"


def test_near_matches_of_a_typo_keep_the_filters_chosen(client, catalogue):
    response = get(client, q="keo dau", stars="4")
    assert titles(response) == []
    assert [p.title for p in response.context["search"].near] == ["Kẹo dừa lá dứa"]  # not the 5★ one
    assert "Có phải bạn tìm" in response.content.decode()


def test_nothing_alike_still_offers_the_categories(client, catalogue, categories):
    response = get(client, q="xyzzy")
    assert response.context["search"].near == []
    assert {c.title for c in response.context["search"].categories} == {c.title for c in categories.values()}


def test_the_categories_offered_when_nothing_matches_come_in_vietnamese_order(
    client, catalogue, categories, category_index
):
    CategoryPageFactory(parent=category_index, title="Đặc sản vùng miền", slug="dac-san")
    soup = BeautifulSoup(get(client, q="xyzzy").content, "html.parser")
    offered = [a.text for a in soup.select(".category-links a")]
    assert offered == ["Đặc sản vùng miền", "Kẹo dừa", "Mật ong", "Trà & thảo dược"]  # đ after d, not after t


# --- Prices shoppers can pay --------------------------------------------------------------------------


@pytest.fixture
def ginger(catalogue, producers, categories):
    """Kẹo dừa gừng: its Túi 250g (30.000 ₫) is sold out; only the Hộp 400g (45.000 ₫) can be bought."""
    product = _product(
        producers["dong_a"], "Kẹo dừa gừng", 4, [categories["keo"]], [(30_000, 0), (45_000, 8)], 15
    )
    reindex()
    return product


def test_a_sold_out_cheaper_pack_does_not_set_the_from_price_or_the_price_order(client, ginger):
    response = get(client, q="gung")
    assert "từ <strong>45.000\u00a0₫</strong>" in response.content.decode()
    assert "30.000\u00a0₫" not in response.content.decode()
    assert titles(get(client, sort="price_asc"))[:3] == [
        "Kẹo dừa lá dứa",  # every pack sold out: its cheapest, 30.000, and "Hết hàng"
        "Kẹo dừa gừng",
        "Kẹo dừa sầu riêng",
    ]


def test_the_price_filter_reads_the_packs_in_stock(client, ginger):
    assert titles(get(client, in_stock=1, price_max=30_000)) == []
    assert titles(get(client, price_max=30_000)) == ["Kẹo dừa lá dứa"]
    assert titles(get(client, in_stock=1, q="keo", price_min=40_000, price_max=45_000)) == [
        "Kẹo dừa sầu riêng",
        "Kẹo dừa gừng",
    ]


def test_suggestions_asked_for_in_english_open_the_product_in_english(client, catalogue):
    suggest = reverse("search:suggest")
    vietnamese = client.get(suggest, {"q": "ke"}).json()["suggestions"]
    english = client.get(suggest, {"q": "ke", "lang": "en"}).json()["suggestions"]
    assert english[0]["url"] == catalogue["sau_rieng"].url + "?lang=en"
    # each language its own cached answer: the Vietnamese page's links stay plain
    assert vietnamese[0]["url"] == catalogue["sau_rieng"].url
    assert client.get(suggest, {"q": "ke"}).json()["suggestions"][0]["url"] == catalogue["sau_rieng"].url


@pytest.fixture
def face_mask(catalogue, producers, categories):
    """Mặt nạ dừa sinh học: a 19.000 ₫ single mask and an 85.000 ₫ box of five, both in stock."""
    product = _product(
        producers["dong_a"], "Mặt nạ dừa sinh học", 4, [categories["keo"]], [(19_000, 9), (85_000, 4)], 12
    )
    reindex()
    return product


@pytest.mark.parametrize(("price_min", "price_max"), [(30_000, 50_000), (60_000, 80_000)])
def test_a_product_with_no_pack_in_the_price_range_is_not_listed(client, face_mask, price_min, price_max):
    # Its packs (19.000 and 85.000) straddle the range: no pack a shopper could buy is in it.
    found = titles(get(client, price_min=price_min, price_max=price_max))
    assert "Mặt nạ dừa sinh học" not in found
    assert found  # the range still finds the products that have a pack in it


def test_a_pack_in_the_price_range_lists_the_product_at_that_packs_price(client, face_mask):
    response = get(client, price_min=80_000, price_max=90_000)
    assert titles(response) == ["Mặt nạ dừa sinh học", "Trà hoa cúc"]
    assert "từ <strong>85.000\u00a0₫</strong>" in response.content.decode()


def test_with_a_minimum_price_cards_show_and_sort_by_their_cheapest_pack_in_the_range(client, face_mask):
    response = get(client, price_min=40_000, sort="price_asc")
    assert titles(response) == [
        "Kẹo dừa sầu riêng",  # 45.000
        "Kẹo dừa lá dứa",  # every pack sold out: its 60.000 one, not the 30.000 below the minimum
        "Trà hoa cúc",  # 80.000, sold out
        "Mặt nạ dừa sinh học",  # its box of five, 85.000, not the 19.000 single mask
        "Trà xanh Tân Cương",  # 120.000
        "Mật ong rừng Hoà Bình",  # 200.000
    ]
    html = response.content.decode()
    assert "từ <strong>85.000\u00a0₫</strong>" in html
    assert "19.000\u00a0₫" not in html and "30.000\u00a0₫" not in html


def test_with_a_minimum_price_the_dearest_first_order_reads_the_packs_in_the_range(client, face_mask):
    assert titles(get(client, price_min=40_000, sort="price_desc")) == [
        "Mật ong rừng Hoà Bình",
        "Trà xanh Tân Cương",
        "Mặt nạ dừa sinh học",  # 85.000: its 19.000 single mask is below the minimum
        "Trà hoa cúc",
        "Kẹo dừa lá dứa",
        "Kẹo dừa sầu riêng",
    ]
