"""The site has no public images API: Wagtail's /api/v2/images/ listed every upload (unused ones, a
draft product's, a restricted product's) with a link to its full-size original, to anyone. The page API
gives a story's picture as the address of the picture the page shows, so it needs no images endpoint."""

import pytest
import wagtail_factories
from bs4 import BeautifulSoup

pytestmark = pytest.mark.django_db


@pytest.fixture
def unused_upload():
    return wagtail_factories.ImageFactory(title="bao-bi-chua-ra-mat.jpg")


@pytest.mark.parametrize("path", ["/api/v2/images/", "/api/v2/images/{pk}/", "/api/v2/images/find/?id={pk}"])
def test_nobody_can_list_or_open_the_uploaded_images_through_the_api(client, product, unused_upload, path):
    response = client.get(path.format(pk=unused_upload.pk))
    assert response.status_code == 404
    assert b"bao-bi-chua-ra-mat" not in response.content
    assert b"original_images" not in response.content


def test_a_storys_picture_in_the_page_api_is_the_picture_its_page_shows(client, producer):
    picture = wagtail_factories.ImageFactory(title="Vườn dừa", file__width=1600, file__height=1200)
    producer.story = [
        {
            "type": "image",
            "value": {"image": picture.pk, "alt_text": "Vườn dừa ven sông", "decorative": False},
        }
    ]
    producer.save()

    [block] = client.get(f"/api/v2/pages/{producer.pk}/").json()["story"]
    page = BeautifulSoup(client.get(producer.url).content.decode(), "html.parser")
    shown = page.select_one("figure.story-image img")
    assert block["type"] == "image"
    assert block["value"]["image"]["url"] == shown["src"]
    assert (block["value"]["image"]["width"], block["value"]["image"]["height"]) == (800, 600)
    assert block["value"]["alt_text"] == "Vườn dừa ven sông"
    assert block["value"]["decorative"] is False
    assert "original_images" not in block["value"]["image"]["url"]
