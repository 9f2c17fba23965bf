"""Lists a buyer picks from are in Vietnamese alphabetical order, not by code point."""

import pytest
from django.urls import reverse

from places.collation import vietnamese_key
from places.models import Province
from storefront.forms import CheckoutForm

pytestmark = pytest.mark.django_db


def test_the_checkout_lists_ha_noi_before_hue_and_ca_mau_before_cao_bang(shipping):
    names = [label for value, label in CheckoutForm().fields["province"].choices if value]
    assert len(names) == Province.objects.count()
    assert names == sorted(names, key=vietnamese_key)  # each led by its name: "Hà Nội (thành phố)"
    assert names.index("Hà Nội (thành phố)") < names.index("Huế (thành phố)")
    assert names.index("Cà Mau (tỉnh)") < names.index("Cao Bằng (tỉnh)")


def test_the_communes_of_a_province_come_in_vietnamese_order(client, province):
    names = [
        row["label"]
        for row in client.get(reverse("storefront:communes"), {"province": province.pk}).json()["communes"]
    ]
    assert names == sorted(names, key=vietnamese_key)  # "Bến Nghé (phường)": led by the name
    assert names != sorted(names)  # code-point order would differ for this province
