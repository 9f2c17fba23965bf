"""One address for producers and OCOP stores: the same fields, the same "Địa chỉ" group in the admin,
the same rules, and the place's name before the 2025 merger shown beside the current one."""

import pytest
from bs4 import BeautifulSoup
from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import reverse
from wagtail.admin.panels import MultiFieldPanel

from catalogue.models import ProducerPage
from catalogue.permissions import grant_producer_access, store_editors
from catalogue.stores import StorePage
from places.choices import choice_label
from places.mixins import AddressMixin
from places.models import Commune, Province
from tests.admin_forms import form_data
from tests.conftest import in_a_browser, sign_in_to_admin

pytestmark = pytest.mark.django_db

ADDRESS_FIELDS = ["province", "commune", "street_address", "former_address"]
FORMER = "thành phố Bến Tre, tỉnh Bến Tre cũ"


def _address_group(page_class):
    groups = [
        panel
        for panel in page_class.content_panels
        if isinstance(panel, MultiFieldPanel) and panel.heading == "Địa chỉ"
    ]
    assert len(groups) == 1
    return [child.field_name for child in groups[0].children]


@pytest.fixture
def store(make_store):
    return make_store(street_address="12 Đồng Khởi", former_address=FORMER, producers=[])


def test_producers_and_stores_edit_their_address_in_one_group_with_the_former_name():
    assert _address_group(ProducerPage) == [*ADDRESS_FIELDS, "craft_village"]
    assert _address_group(StorePage) == [*ADDRESS_FIELDS, "map_url"]
    for page_class in (ProducerPage, StorePage):
        assert issubclass(page_class, AddressMixin)
        assert {f.name for f in page_class._meta.get_fields()} >= set(ADDRESS_FIELDS)


def test_a_store_needs_a_street_address_a_producer_may_leave_it_out():
    assert not StorePage._meta.get_field("street_address").blank
    assert ProducerPage._meta.get_field("street_address").blank


def test_the_address_line_runs_from_street_to_province(producer):
    producer.street_address = "Ấp Phú Lợi"
    assert producer.address_line == f"Ấp Phú Lợi, {producer.commune.name}, Tỉnh Vĩnh Long"
    producer.street_address, producer.commune = "", None
    assert producer.address_line == "Tỉnh Vĩnh Long"


@pytest.mark.parametrize("page", ["producer", "store"])
def test_a_commune_of_another_province_is_refused_with_a_message_on_the_commune(request, page):
    page = request.getfixturevalue(page)
    page.commune = Commune.objects.exclude(province=page.province).order_by("code").first()
    with pytest.raises(ValidationError) as error:
        page.full_clean()
    assert error.value.message_dict["commune"] == ["Xã/phường này không thuộc tỉnh/thành phố đã chọn."]


def test_the_province_alone_is_a_valid_address(producer):
    producer.commune = None
    producer.full_clean()
    assert producer.province == Province.objects.get(code=86)


def test_producer_and_store_pages_show_the_former_place_name_beside_the_address(client, producer, store):
    producer.former_address = FORMER
    producer.save_revision().publish()
    for page in (producer, store):
        facts = BeautifulSoup(client.get(page.url).content.decode(), "html.parser").select_one(".facts")
        assert "Tỉnh Vĩnh Long" in facts.text and FORMER in facts.text, page


# --- The admin's address fields ------------------------------------------------------------------------

BAC_NINH = 24


def options_of(select) -> list[str]:
    return [option.text for option in select.select("option") if option.get("value")]


@pytest.fixture
def editor(client, request, producer, store):
    """(the signed-in client, the page it edits): the producer's staff, or the store's account."""
    user = get_user_model().objects.create_user("nguoi-sua", password="x")
    if request.param == "producer":
        grant_producer_access(user, producer)
        page = producer
    else:
        user.groups.add(store_editors(store))
        page = store
    client.force_login(user)
    return client, page


@pytest.mark.parametrize("editor", ["producer", "store"], indirect=True)
def test_the_editor_offers_only_the_saved_provinces_communes_with_the_saved_one_chosen(editor):
    client, page = editor
    html = client.get(f"/admin/pages/{page.pk}/edit/").content.decode()
    soup = BeautifulSoup(html, "html.parser")
    commune = soup.select_one("select[name=commune]")

    names = options_of(commune)
    assert len(names) == Commune.objects.filter(province=page.province).count() < 200
    assert len(set(names)) == len(names)  # no two the same
    assert commune.select_one("option[selected]").text == choice_label(
        page.commune.name
    )  # "Bến Nghé (phường)"
    province = soup.select_one("select[name=province]")
    assert province["data-commune-select"] == commune["id"]
    assert province["data-communes-url"] == reverse("places_communes")
    assert soup.select_one('script[src$="places/communes.js"]') is not None


@pytest.mark.parametrize("editor", ["producer", "store"], indirect=True)
def test_a_new_province_saved_with_the_old_commune_is_refused_and_its_own_communes_are_offered(editor):
    client, page = editor
    url = f"/admin/pages/{page.pk}/edit/"
    data = {**form_data(client.get(url).content.decode()), "story-count": "0"}
    data["province"] = str(BAC_NINH)  # the commune still Vĩnh Long's: what a browser without scripts posts

    response = client.post(url, data)

    assert response.status_code == 200
    soup = BeautifulSoup(response.content.decode(), "html.parser")
    assert "Xã/phường này không thuộc tỉnh/thành phố đã chọn." in soup.text
    commune = soup.select_one("select[name=commune]")
    bac_ninh = Commune.objects.filter(province_id=BAC_NINH)
    assert sorted(options_of(commune)) == sorted(map(choice_label, bac_ninh.values_list("name", flat=True)))
    assert [option["value"] for option in commune.select("option[selected]") if option["value"]] == []
    data["commune"] = str(bac_ninh.order_by("code").first().pk)
    assert client.post(url, data).status_code == 302
    saved = type(page).objects.get(pk=page.pk).get_latest_revision_as_object()
    assert (saved.province_id, saved.commune.province_id) == (BAC_NINH, BAC_NINH)


@pytest.mark.parametrize("editor", ["producer"], indirect=True)
def test_the_admins_communes_list_answers_signed_in_editors_only(editor):
    client, _page = editor
    url = reverse("places_communes")
    assert Client().get(url, {"province": BAC_NINH}).status_code == 302  # to the sign-in page
    communes = client.get(url, {"province": BAC_NINH}).json()["communes"]
    assert len(communes) == Commune.objects.filter(province_id=BAC_NINH).count()
    assert client.get(url, {"province": "x"}).status_code == 400


@in_a_browser
def test_choosing_another_province_in_the_editor_lists_its_communes_and_clears_the_old_choice(
    live_server, open_phone, producer
):
    grant_producer_access(get_user_model().objects.create_user("dong-a", password="x"), producer)
    bac_ninh = {
        choice_label(name)
        for name in Commune.objects.filter(province_id=BAC_NINH).values_list("name", flat=True)
    }
    phone = open_phone()
    sign_in_to_admin(live_server, phone, "dong-a")
    phone.goto(f"{live_server.url}/admin/pages/{producer.pk}/edit/")
    commune = phone.locator("select[name=commune]")
    assert commune.input_value() == str(producer.commune_id)

    phone.locator("select[name=province]").select_option(str(BAC_NINH))

    phone.wait_for_function(
        "n => document.querySelectorAll('select[name=commune] option:not([value=\"\"])').length === n",
        arg=len(bac_ninh),
    )
    assert commune.input_value() == ""
    assert set(commune.locator("option:not([value=''])").all_text_contents()) == bac_ninh
