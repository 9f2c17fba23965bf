"""Factories for lots, events and certificates (tests, the benchmark, and `load_demo_lots`)."""

import datetime

import factory
from django.utils import timezone
from factory.django import DjangoModelFactory

from catalogue.factories import PackSizeFactory

from .models import Certificate, CertificateKind, EventKind, Lot, LotEvent


class LotFactory(DjangoModelFactory):
    pack_size = factory.SubFactory(PackSizeFactory)
    code = factory.Sequence(lambda n: f"L{n:05d}")
    production_date = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=30))
    expiry_date = factory.LazyAttribute(lambda o: o.production_date + datetime.timedelta(days=365))
    quantity = 1200
    raw_material_area = "Ấp Phú Lợi, xã Phú Túc, tỉnh Vĩnh Long (huyện Châu Thành, tỉnh Bến Tre cũ)"
    raw_material_grower = "Hợp tác xã Dừa Phú Túc"
    harvest_date = factory.LazyAttribute(lambda o: o.production_date - datetime.timedelta(days=3))

    class Meta:
        model = Lot


class LotEventFactory(DjangoModelFactory):
    lot = factory.SubFactory(LotFactory)
    kind = EventKind.PROCESSING
    occurred_at = factory.LazyFunction(lambda: timezone.now() - datetime.timedelta(days=29))
    place = "Xưởng chế biến, phường An Hội, tỉnh Vĩnh Long"
    actor = "Tổ sản xuất số 2"
    description = "Nấu nước cốt dừa với mạch nha, kéo kẹo và cắt viên."
    sort_order = factory.Sequence(lambda n: n)

    class Meta:
        model = LotEvent


class CertificateFactory(DjangoModelFactory):
    kind = CertificateKind.FOOD_SAFETY
    number = factory.Sequence(lambda n: f"{n:03d}/2025/ATTP-CNĐK")
    issuer = "Sở Y tế tỉnh Vĩnh Long"
    valid_from = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=300))
    valid_until = factory.LazyAttribute(lambda o: o.valid_from + datetime.timedelta(days=3 * 365))

    class Meta:
        model = Certificate
