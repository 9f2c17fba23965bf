"""A product whose photo file was lost from storage (a restore, a moved bucket) still shows its page."""

import json
import re

import pytest

pytestmark = pytest.mark.django_db


def test_a_product_page_whose_photo_file_is_missing_still_renders(client, product):
    product.image.file.storage.delete(product.image.file.name)
    response = client.get(product.url)
    assert response.status_code == 200
    blocks = re.findall(
        r'<script type="application/ld\+json"[^>]*>(.*?)</script>', response.content.decode(), re.S
    )
    [data] = [
        block for block in map(json.loads, blocks) if block["@type"] == "Product"
    ]  # beside its breadcrumb
    assert data["name"] == "Kẹo dừa sầu riêng" and "image" not in data


def combo_json_ld(response) -> dict:
    [ld] = re.findall(
        r'<script type="application/ld\+json"[^>]*>(.*?)</script>', response.content.decode(), re.S
    )
    return json.loads(ld)


def test_a_gift_combo_page_whose_picture_file_is_missing_still_renders(client, gift_box, combo_image):
    gift_box.image = combo_image
    gift_box.save_revision().publish()
    combo_image.file.storage.delete(combo_image.file.name)
    response = client.get(gift_box.url)
    assert response.status_code == 200
    data = combo_json_ld(response)
    assert data["name"] == "Hộp quà kẹo dừa Bến Tre" and "image" not in data
