"""The lot's digital product passport (JSON-LD) as a GS1 client reads it."""

import json

import pytest
import wagtail_factories

from traceability.factories import CertificateFactory, LotEventFactory
from traceability.models import EventKind

pytestmark = pytest.mark.django_db

BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
JSON_LD = "application/ld+json"


def passport(client, url, **headers):
    response = client.get(url, HTTP_ACCEPT=JSON_LD, **headers)
    assert response.status_code == 200
    return json.loads(response.content)


def test_a_lot_whose_product_photo_file_is_lost_is_still_answered_without_the_photo(
    client, lot, lot_url, serial_url, product
):
    # Lost from storage (a restore, a moved bucket) before any rendition of it was made.
    product.image.file.storage.delete(product.image.file.name)
    data = passport(client, lot_url)
    assert data["productID"] == lot.code and "image" not in data
    assert "image" not in passport(client, serial_url)
    assert client.get(lot_url, HTTP_ACCEPT=BROWSER).status_code == 200
    assert client.get(serial_url, HTTP_ACCEPT=BROWSER).status_code == 200


def urls_in(data) -> list[str]:
    if isinstance(data, dict):
        return [url for key, value in data.items() if key != "@context" for url in urls_in(value)]
    if isinstance(data, list):
        return [url for value in data for url in urls_in(value)]
    return [data] if isinstance(data, str) and data.startswith("http") else []


def test_every_address_in_the_passport_is_on_the_sites_origin_whatever_host_was_asked(
    client, settings, lot, lot_url, serial_url, producer
):
    settings.SITE_URL = "http://localhost"  # the test Site's root URL, as `migrate` sets it from SITE_URL
    LotEventFactory(lot=lot, kind=EventKind.QUALITY_TEST, image=wagtail_factories.ImageFactory())
    LotEventFactory(lot=lot, kind=EventKind.QUALITY_TEST, document=wagtail_factories.DocumentFactory())
    CertificateFactory(lot=lot, document=wagtail_factories.DocumentFactory())
    for url in (lot_url, serial_url):
        data = passport(client, url, HTTP_HOST="127.0.0.1:8106")
        assert data["image"].startswith("http://localhost/media/images/")
        evidence = [event["url"] for event in data["subjectOf"] if "url" in event]
        documents = [certificate["url"] for certificate in data["hasCertification"] if "url" in certificate]
        assert len(evidence) == 2 and len(documents) == 1
        addresses = urls_in(data)
        assert all(address.startswith("http://localhost/") for address in addresses), addresses
