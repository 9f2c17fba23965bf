"""Lists a buyer picks from are in Vietnamese alphabetical order, not by code point."""

import pytest
from django.urls import reverse

from places.collation import vietnamese_key, without_unit_kind
from places.models import Province
from storefront.forms import CheckoutForm

pytestmark = pytest.mark.django_db


def test_the_checkout_lists_ha_noi_before_hue_and_ca_mau_before_cao_bang(shipping):
    names = [label for value, label in CheckoutForm().fields["province"].choices if value]
    assert len(names) == Province.objects.count()
    assert names == sorted(names, key=lambda name: vietnamese_key(without_unit_kind(name)))
    assert names.index("Thành phố Hà Nội") < names.index("Thành phố Huế")
    assert names.index("Tỉnh Cà Mau") < names.index("Tỉnh Cao Bằng")


def test_the_communes_of_a_province_come_in_vietnamese_order(client, province):
    names = [
        row["name"]
        for row in client.get(reverse("storefront:communes"), {"province": province.pk}).json()["communes"]
    ]
    by_name = [without_unit_kind(name) for name in names]
    assert by_name == sorted(by_name, key=vietnamese_key)
    assert by_name != sorted(by_name)  # code-point order would differ for this province
