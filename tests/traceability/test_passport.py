"""The lot's digital product passport (JSON-LD) as a GS1 client reads it."""

import json

import pytest

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
