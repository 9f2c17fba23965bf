"""A product whose photo file was lost from storage (a restore, a moved bucket) still shows its page."""

import json
import re

import pytest

pytestmark = pytest.mark.django_db


def test_a_product_page_whose_photo_file_is_missing_still_renders(client, product):
    product.image.file.storage.delete(product.image.file.name)
    response = client.get(product.url)
    assert response.status_code == 200
    [ld] = re.findall(
        r'<script type="application/ld\+json"[^>]*>(.*?)</script>', response.content.decode(), re.S
    )
    data = json.loads(ld)
    assert data["name"] == "Kẹo dừa sầu riêng" and "image" not in data
