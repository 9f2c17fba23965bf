"""Words a shopper types that are not what they look for: function words ("và", "của", "cho"), the star
rating ("4 sao", "5★"), "OCOP" and "sản phẩm" (every product is one); and what they do look for that
is not in a product's title: its commune today, its pack size ("Túi 250g"), a place's name typed in a
row ("Trà Vinh", not its words scattered). On every engine."""

import pytest
from django.urls import reverse

from places.models import Commune
from tests.search.results import get, titles

from .conftest import PHU_THO, _product, reindex


def found(client, typed):
    return titles(get(client, q=typed))


# --- Function words ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("kẹo dừa và lá dứa", ["Kẹo dừa lá dứa"]),
        ("kẹo dừa của Đông Á", ["Kẹo dừa sầu riêng", "Kẹo dừa lá dứa"]),
        ("keo dua cho dong a", ["Kẹo dừa sầu riêng", "Kẹo dừa lá dứa"]),
        ("các loại trà ngon nhất", ["Trà xanh Tân Cương", "Trà hoa cúc"]),
        ("mật ong với trà", ["Trà hoa cúc"]),
    ],
)
def test_function_words_in_a_natural_phrase_are_not_required(client, catalogue, typed, expected):
    assert found(client, typed) == expected


def test_a_query_of_function_words_only_still_searches_them(client, catalogue):
    # "và" alone is not an empty query listing everything: it finds what starts with "va" (Ong Vàng).
    assert found(client, "và") == ["Mật ong rừng Hoà Bình"]


def test_the_gift_combos_above_the_results_read_the_same_words(client, catalogue):
    response = get(client, q="kẹo dừa của Đông Á")
    assert response.context["search"].query.terms == ["keo", "dua", "dong a"]  # also a commune's name


# --- Stars, "OCOP", "sản phẩm" ----------------------------------------------------------------------


@pytest.mark.parametrize("typed", ["4 sao", "4sao", "4*", "4 ★", "sản phẩm OCOP 4 sao"])
def test_n_sao_finds_the_products_with_those_stars_in_force(client, catalogue, typed):
    assert found(client, typed) == ["Kẹo dừa lá dứa", "Trà xanh Tân Cương"]


def test_a_page_of_n_sao_says_what_was_searched_not_all_products(client, catalogue):
    html = get(client, q="4 sao").content.decode()
    assert "Kết quả cho “4 sao”" in html
    assert "Tất cả sản phẩm" not in html


def test_suggestions_read_a_star_rating_typed_as_the_search_does(client, catalogue):
    suggest = reverse("search:suggest")
    suggested = client.get(suggest, {"q": "kẹo dừa 5 sao"}).json()["suggestions"]
    assert [s["title"] for s in suggested] == ["Kẹo dừa sầu riêng"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("5 sao", ["Kẹo dừa sầu riêng"]),
        ("5sao", ["Kẹo dừa sầu riêng"]),
        ("4 sao", ["Kẹo dừa lá dứa", "Trà xanh Tân Cương"]),
        ("sản phẩm OCOP 3★", ["Mật ong rừng Hoà Bình", "Trà hoa cúc"]),
    ],
)
def test_a_star_rating_alone_suggests_the_products_it_finds(client, catalogue, typed, expected):
    suggested = client.get(reverse("search:suggest"), {"q": typed}).json()["suggestions"]
    assert [s["title"] for s in suggested] == expected == found(client, typed)


def test_n_sao_with_words_finds_those_products_among_them(client, catalogue):
    assert found(client, "kẹo dừa 5 sao") == ["Kẹo dừa sầu riêng"]
    assert found(client, "trà 3★") == ["Trà hoa cúc"]


def test_a_tag_saying_5_sao_does_not_make_a_product_five_stars(client, catalogue):
    honey = catalogue["mat_ong"]  # 3★, its producer typed "5 sao" as a tag
    honey.tags.add("5 sao")
    honey.save_revision().publish()
    reindex()
    assert found(client, "5 sao") == ["Kẹo dừa sầu riêng"]


@pytest.mark.parametrize("typed", ["ocop", "OCOP", "sản phẩm ocop", "san pham OCOP"])
def test_ocop_alone_lists_the_whole_catalogue(client, catalogue, typed):
    assert get(client, q=typed).context["search"].results.total == 5


@pytest.mark.parametrize("typed", ["kẹo dừa ocop", "sản phẩm kẹo dừa", "kẹo dừa OCOP Đông Á"])
def test_ocop_and_san_pham_beside_other_words_are_not_required(client, catalogue, typed):
    assert found(client, typed) == ["Kẹo dừa sầu riêng", "Kẹo dừa lá dứa"]


# --- The commune today ------------------------------------------------------------------------------


def test_the_producers_commune_today_finds_its_products(client, catalogue, producers):
    # Its address reads "Xã Đức Nhàn, Tỉnh Phú Thọ"; its former place names are found already.
    producers["ong"].commune = Commune.objects.get(province__code=PHU_THO, name="Xã Đức Nhàn")
    producers["ong"].save()
    reindex()
    for typed in ("Đức Nhàn", "duc nhan", "xã Đức Nhàn", "mật ong đức nhàn"):
        assert found(client, typed) == ["Mật ong rừng Hoà Bình"]


# --- Pack sizes -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "typed", ["250g", "250 g", "250 G", "túi 250g", "trà xanh 250 g", "250gr", "250 gam", "250 gram"]
)
def test_a_pack_size_finds_its_product_with_or_without_a_space(client, catalogue, typed):
    catalogue["tra_xanh"].pack_sizes.update(label="Túi 250 g")
    reindex()
    assert found(client, typed) == ["Trà xanh Tân Cương"]


@pytest.mark.parametrize("label", ["Túi 250g", "Túi 250gr", "Túi 250 gam"])
def test_a_pack_size_written_without_a_space_is_found_with_one(client, catalogue, label):
    catalogue["tra_xanh"].pack_sizes.update(label=label)
    reindex()
    assert found(client, "250 g") == ["Trà xanh Tân Cương"]


# --- A place's name in a row ------------------------------------------------------------------------


def test_a_two_word_place_finds_its_products_not_its_words_scattered(
    client, catalogue, producers, categories
):
    # Honey from the former Trà Vinh; ginger tea from Vĩnh Long has "trà" and "vĩnh" apart.
    producers["ong"].former_address = "tỉnh Trà Vinh cũ"
    producers["ong"].save()
    _product(producers["dong_a"], "Trà gừng", 5, [categories["tra"]], [(50_000, 4)], 3)
    reindex()
    for typed in ("Trà Vinh", "tra vinh", "mật ong tỉnh Trà Vinh cũ"):
        assert found(client, typed) == ["Mật ong rừng Hoà Bình"]
    assert found(client, "trà vĩnh long") == ["Trà gừng"]


def suggested(client, typed):
    return [s["title"] for s in client.get(reverse("search:suggest"), {"q": typed}).json()["suggestions"]]


# --- Words typed with their marks -------------------------------------------------------------------


@pytest.fixture
def cold_coconut(catalogue, producers, categories):
    """ "Thạch dừa lạnh": "la dua" without marks finds it ("la" starts "lanh"), "lá dứa" must not."""
    _product(producers["dong_a"], "Thạch dừa lạnh", 4, [categories["keo"]], [(25_000, 6)], 2)
    reindex()


def test_a_word_typed_with_its_marks_is_not_the_start_of_another(client, cold_coconut):
    assert found(client, "lá dứa") == ["Kẹo dừa lá dứa"]
    assert suggested(client, "lá dứa") == ["Kẹo dừa lá dứa"]
    # Without marks a word is still any word's start.
    assert found(client, "la dua") == ["Kẹo dừa lá dứa", "Thạch dừa lạnh"]


@pytest.mark.parametrize("typed", ["kẹo d", "kẹo dư", "kẹo dừ", "kẹo dừa", "keo dua", "keo du"])
def test_the_last_word_typed_with_marks_still_suggests_while_typing(client, catalogue, typed):
    assert suggested(client, typed) == ["Kẹo dừa sầu riêng", "Kẹo dừa lá dứa"]
    assert found(client, typed) == ["Kẹo dừa sầu riêng", "Kẹo dừa lá dứa"]


def test_the_last_word_typed_with_marks_starts_only_words_with_those_marks(client, cold_coconut):
    # "lá" being typed is the start of "lá", "lái", "lán", never of "lạnh"; "lạ" is.
    assert found(client, "thạch dừa lá") == []
    assert found(client, "thạch dừa lạ") == ["Thạch dừa lạnh"]


# --- A place's name half typed ----------------------------------------------------------------------


@pytest.fixture
def tra_vinh(catalogue, producers, categories):
    """Honey from the former Trà Vinh; ginger tea from Vĩnh Long has "trà" and "vĩnh" apart."""
    producers["ong"].former_address = "tỉnh Trà Vinh cũ"
    producers["ong"].save()
    _product(producers["dong_a"], "Trà gừng", 5, [categories["tra"]], [(50_000, 4)], 3)
    reindex()


@pytest.mark.parametrize("typed", ["tra vin", "trà vi", "Trà Vinh"])
def test_a_place_half_typed_suggests_what_comes_from_it_as_typed_in_full(client, tra_vinh, typed):
    assert suggested(client, typed) == ["Mật ong rừng Hoà Bình"]
    assert found(client, typed) == ["Mật ong rừng Hoà Bình"]
