import pytest
from django.core.cache import cache

from catalogue.models import PackSize
from tests.page_tree import independent_of_the_page_tree
from traceability.factories import CertificateFactory, LotEventFactory, LotFactory
from traceability.models import CertificateKind, EventKind


@pytest.fixture(autouse=True)
@independent_of_the_page_tree
def empty_cache():
    """Scan counters live in the cache: every test starts from none."""
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def pack(product):
    return PackSize.objects.get(product=product)


@pytest.fixture
def lot(pack, producer):
    lot = LotFactory(pack_size=pack, code="L2406-01")
    LotEventFactory(lot=lot, kind=EventKind.HARVEST, place="Ấp Phú Lợi, xã Phú Túc", actor="HTX Dừa Phú Túc")
    LotEventFactory(lot=lot, kind=EventKind.PROCESSING)
    CertificateFactory(lot=lot, kind=CertificateKind.TEST_REPORT, number="KN-2406/01")
    CertificateFactory(producer=producer, number="123/2024/ATTP-CNĐK")
    return lot


@pytest.fixture
def lot_url(lot, pack):
    return f"/01/{pack.gtin}/10/{lot.code}"


@pytest.fixture
def sheet(lot):
    """Five serialised labels issued for the lot."""
    from traceability import serials

    return serials.issue(lot, 5)


@pytest.fixture
def serial(sheet):
    return sheet.serials.order_by("pk").first()


@pytest.fixture
def serial_url(serial, pack):
    return f"/01/{pack.gtin}/10/{serial.lot.code}/21/{serial.serial}"
