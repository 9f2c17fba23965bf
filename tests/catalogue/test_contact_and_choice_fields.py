"""Fields of store and producer pages and the shop's settings as editors fill them. Phones (and the
hotline): what is no phone number is refused in the editor; a number is stored E.164, shown as
Vietnamese write it and dialled through tel: in E.164. A store's producers: a value that is no id
is refused in Vietnamese."""

import pytest
from bs4 import BeautifulSoup

from catalogue.models import ProducerPage
from catalogue.stores import StorePage
from cms.models import SiteSettings
from places.collation import sort_places
from tests.admin_forms import form_data

pytestmark = pytest.mark.django_db


@pytest.fixture
def store(make_store):
    return make_store()


def publish(client, page, **changes):
    path = f"/admin/pages/{page.pk}/edit/"
    data = {**form_data(client.get(path).content), **changes, "action-publish": "1"}
    return client.post(path, data)


def phone_links(client, url):
    soup = BeautifulSoup(client.get(url).content, "html.parser")
    return [(a["href"], a.text) for a in soup.select('a[href^="tel:"]')]


@pytest.mark.parametrize("typed", ["abc", "123", "0912 345 67", "O912 345 678", "09123abc78"])
def test_a_store_phone_that_is_no_number_is_refused_and_not_published(admin_client, store, typed):
    response = publish(admin_client, store, phone=typed)
    assert response.status_code == 200
    assert "Số điện thoại chưa đúng, ví dụ: 0912 345 678." in response.content.decode()
    assert StorePage.objects.get(pk=store.pk).phone == ""
    assert phone_links(admin_client, store.url) == []


def test_a_store_phone_is_stored_e164_and_shown_as_vietnamese_write_it(admin_client, client, store):
    assert publish(admin_client, store, phone="0912.345.678").status_code == 302
    assert StorePage.objects.filter(pk=store.pk, phone="+84912345678").exists()
    assert phone_links(client, store.url) == [("tel:+84912345678", "0912 345 678")]


def test_a_producer_phone_is_refused_or_stored_the_same_way(admin_client, client, producer):
    story = {"story-count": "0"}  # the editor's script builds the story's fields; none here
    response = publish(admin_client, producer, phone="abc", **story)
    assert "Số điện thoại chưa đúng, ví dụ: 0912 345 678." in response.content.decode()
    assert publish(admin_client, producer, phone="0275 3822 111", **story).status_code == 302
    assert ProducerPage.objects.filter(pk=producer.pk, phone="+842753822111").exists()
    assert phone_links(client, producer.url) == [("tel:+842753822111", "0275 3822 111")]


def test_the_hotline_is_refused_or_stored_the_same_way(admin_client, client, home):
    settings = SiteSettings.for_site(home.get_site())
    path = f"/admin/settings/cms/sitesettings/{home.get_site().pk}/"
    data = form_data(admin_client.get(path).content)
    response = admin_client.post(path, {**data, "hotline": "hotline"})
    assert "Số điện thoại chưa đúng, ví dụ: 0912 345 678." in response.content.decode()
    assert admin_client.post(path, {**data, "hotline": "1900 1234"}).status_code == 302
    settings.refresh_from_db()
    assert settings.hotline == "+8419001234"
    assert phone_links(client, home.url) == [("tel:19001234", "1900 1234")]  # domestic-only: no +84


@pytest.mark.parametrize(
    ("typed", "link"),
    [
        ("1800 1234", ("tel:18001234", "1800 1234")),  # toll-free: dialled as in Vietnam, not +84 1800…
        ("1900 599 920", ("tel:1900599920", "1900 599920")),
        ("028 3822 1234", ("tel:+842838221234", "028 3822 1234")),  # an ordinary line keeps E.164
    ],
)
def test_a_hotline_link_dials_1800_and_1900_numbers_as_written_and_others_in_e164(client, home, typed, link):
    SiteSettings.objects.update_or_create(site=home.get_site(), defaults={"hotline": typed})
    assert phone_links(client, home.url) == [link]


NOT_VIETNAMESE = "Hãy nhập số điện thoại Việt Nam, ví dụ: 0912 345 678 hoặc 0275 3822 111."


def field_errors(response, name) -> list[str]:
    soup = BeautifulSoup(response.content, "html.parser")
    field = soup.select_one(f'[data-field-wrapper] [name="{name}"], [name="{name}"]')
    wrapper = field.find_parent(attrs={"data-field-wrapper": True})
    return [error.get_text(" ", strip=True) for error in wrapper.select(".error-message, .help-critical")]


@pytest.mark.parametrize("typed", ["+1 202 555 0100", "+44 20 7946 0958"])
def test_a_store_phone_from_abroad_is_refused_on_the_field_and_not_published(admin_client, store, typed):
    response = publish(admin_client, store, phone=typed)

    assert response.status_code == 200
    assert NOT_VIETNAMESE in field_errors(response, "phone")
    assert StorePage.objects.get(pk=store.pk).phone == ""


def test_a_producer_phone_and_the_hotline_from_abroad_are_refused_the_same_way(admin_client, producer, home):
    response = publish(admin_client, producer, phone="+1 202 555 0100", **{"story-count": "0"})
    assert NOT_VIETNAMESE in field_errors(response, "phone")
    assert ProducerPage.objects.get(pk=producer.pk).phone != "+12025550100"

    path = f"/admin/settings/cms/sitesettings/{home.get_site().pk}/"
    data = form_data(admin_client.get(path).content)
    response = admin_client.post(path, {**data, "hotline": "+1 202 555 0100"})
    assert NOT_VIETNAMESE in field_errors(response, "hotline")
    assert SiteSettings.for_site(home.get_site()).hotline != "+12025550100"


def test_text_kept_from_before_validation_shows_without_a_link(client, store):
    StorePage.objects.filter(pk=store.pk).update(phone="gọi giờ hành chính")
    soup = BeautifulSoup(client.get(store.url).content, "html.parser")
    assert "gọi giờ hành chính" in soup.select_one(".facts").text
    assert phone_links(client, store.url) == []


@pytest.mark.parametrize("value", ["1e9", "abc"])
def test_a_store_given_a_producer_that_is_no_id_says_so_in_vietnamese(admin_client, store, producer, value):
    response = publish(admin_client, store, producers=[value])
    assert response.status_code == 200
    html = response.content.decode()
    assert f"“{value}” không có trong danh sách để chọn; hãy tải lại trang rồi chọn lại." in html
    assert "is not a valid value" not in html
    assert list(StorePage.objects.get(pk=store.pk).producers.all()) == [producer]


def test_the_producer_editor_lists_provinces_and_communes_in_vietnamese_order(admin_client, producer):
    """As at checkout: "Đắk Lắk" with the d's, not after "Vĩnh Long"; "Cà Mau" before "Cao Bằng"."""
    soup = BeautifulSoup(admin_client.get(f"/admin/pages/{producer.pk}/edit/").content, "html.parser")
    for name in ("province", "commune"):
        listed = [option.text for option in soup.select(f'select[name="{name}"] option') if option["value"]]
        assert listed == sort_places(listed), name
        assert listed != sorted(listed), name  # code-point order would differ
    provinces = [option.text for option in soup.select('select[name="province"] option')]
    assert provinces.index("Đắk Lắk (tỉnh)") < provinces.index("Gia Lai (tỉnh)")
