import pytest
from django.core.management import call_command

from catalogue.factories import PackSizeFactory, ProductPageFactory
from traceability.models import Certificate, Lot, LotEvent

pytestmark = pytest.mark.django_db


def test_load_demo_lots_on_an_empty_catalogue_says_there_is_nothing_to_do(capsys):
    call_command("load_demo_lots")
    assert "không có gì để làm" in capsys.readouterr().out
    assert Lot.objects.count() == 0


def test_load_demo_lots_gives_every_pack_size_lots_with_full_histories_once(product, producer, client):
    call_command("load_demo_lots", verbosity=0)
    lots = list(Lot.objects.all())
    assert len(lots) == 3
    assert all(lot.is_demo for lot in lots)
    for lot in lots:
        kinds = list(LotEvent.objects.filter(lot=lot).order_by("sort_order").values_list("kind", flat=True))
        assert kinds == ["harvest", "processing", "packaging", "quality_test", "shipment"]
        assert lot.certificates.filter(kind="test_report").count() == 1
        assert "dừa" in lot.raw_material_area
        lot.full_clean()
        assert client.get(lot.get_absolute_url()).status_code == 200
    held = set(Certificate.objects.filter(producer=producer).values_list("kind", "number"))
    assert ("ocop", product.certification.decision_number) in held
    assert any(kind == "food_safety" for kind, _ in held)
    counts = (Lot.objects.count(), LotEvent.objects.count(), Certificate.objects.count())
    call_command("load_demo_lots", verbosity=0)
    assert (Lot.objects.count(), LotEvent.objects.count(), Certificate.objects.count()) == counts


def test_synthetic_products_get_lots_only_when_asked(product, producer):
    synthetic = ProductPageFactory(parent=producer, slug="synthetic-42")
    PackSizeFactory(product=synthetic)
    call_command("load_demo_lots", verbosity=0)
    assert not Lot.objects.filter(pack_size__product=synthetic).exists()
    call_command("load_demo_lots", "--all", verbosity=0)
    assert Lot.objects.filter(pack_size__product=synthetic).count() == 3
