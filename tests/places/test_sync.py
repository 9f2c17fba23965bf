"""Provinces and communes since the 1 July 2025 reform, copied from the vietnam-provinces package."""

import pytest
from django.core.management import call_command

from places.models import Commune, Province
from places.sync import short_province_name

pytestmark = pytest.mark.django_db

VINH_LONG, HA_NOI = 86, 1


def test_the_migrations_give_the_34_provinces_and_cities_and_their_communes():
    assert Province.objects.count() == 34
    assert Commune.objects.count() > 3_000
    assert not Commune.objects.filter(province__isnull=True).exists()


def test_syncing_again_adds_nothing_and_puts_back_what_was_changed(capsys):
    before = (Province.objects.count(), Commune.objects.count())
    Province.objects.filter(code=VINH_LONG).update(name="Tỉnh Vĩnh Long (sửa tay)", short_name="x")

    call_command("sync_places", verbosity=0)

    assert (Province.objects.count(), Commune.objects.count()) == before
    vinh_long = Province.objects.get(code=VINH_LONG)
    assert (vinh_long.name, vinh_long.short_name) == ("Tỉnh Vĩnh Long", "Vĩnh Long")
    assert capsys.readouterr().out.strip() == f"34 provinces, {before[1]} communes and wards."


def test_province_short_names_drop_tinh_and_thanh_pho():
    assert Province.objects.get(code=HA_NOI).short_name == "Hà Nội"
    assert Province.objects.get(code=VINH_LONG).short_name == "Vĩnh Long"
    assert short_province_name("Thành phố Huế") == "Huế"
    assert short_province_name("Tỉnh Bắc Ninh") == "Bắc Ninh"
    assert short_province_name("Hà Nội") == "Hà Nội"


def test_a_provinces_communes_are_listed_by_name_and_belong_to_it():
    vinh_long = Province.objects.get(code=VINH_LONG)
    names = list(vinh_long.communes.values_list("name", flat=True))
    assert names == sorted(names) and len(names) > 50
    assert all(name.startswith(("Xã ", "Phường ", "Đặc khu ")) for name in names)
    assert vinh_long.communes.filter(name="Phường An Hội").exists()  # Bến Tre town's centre since 2025
