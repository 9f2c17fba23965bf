"""One address for producers and OCOP stores: the same fields, the same "Địa chỉ" group in the admin,
the same rules, and the place's name before the 2025 merger shown beside the current one."""

import pytest
from bs4 import BeautifulSoup
from django.core.exceptions import ValidationError
from wagtail.admin.panels import MultiFieldPanel

from catalogue.models import ProducerPage
from catalogue.stores import StorePage
from places.mixins import AddressMixin
from places.models import Commune, Province

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
