"""A producer's staff find their photos and documents in the admin typed without tone marks, as they find
pages: "keo dua" finds the photo "Kẹo dừa", "dong a" the certificate "Giấy chứng nhận Đông Á"."""

import pytest
import wagtail_factories

from catalogue.factories import ImageFactory
from catalogue.permissions import producer_collection

pytestmark = pytest.mark.search_index

TYPED = ["keo dua", "KEO DUA DONG", "Kẹo dừa", "keo du"]


@pytest.fixture
def producer_client(client, producer_user):
    client.force_login(producer_user)
    return client


@pytest.fixture
def photo(producer, producer_user):
    """Uploaded by the producer's staff into its collection (the library lists what they uploaded)."""
    return ImageFactory(
        title="Kẹo dừa Đông Á hộp 400g",
        collection=producer_collection(producer),
        uploaded_by_user=producer_user,
    )


@pytest.fixture
def certificate(producer, producer_user):
    return wagtail_factories.DocumentFactory(
        title="Kẹo dừa Đông Á – giấy chứng nhận",
        collection=producer_collection(producer),
        uploaded_by_user=producer_user,
    )


@pytest.mark.parametrize("words", TYPED)
def test_the_image_library_finds_a_photo_typed_without_tone_marks(producer_client, photo, words):
    response = producer_client.get("/admin/images/", {"q": words})
    assert response.status_code == 200
    assert [image.pk for image in response.context["page_obj"]] == [photo.pk]


@pytest.mark.parametrize("words", TYPED)
def test_the_image_chooser_finds_a_photo_typed_without_tone_marks(producer_client, photo, words):
    response = producer_client.get("/admin/images/chooser/results/", {"q": words})
    assert response.status_code == 200
    assert [image.pk for image in response.context["results"]] == [photo.pk]


@pytest.mark.parametrize("words", TYPED)
def test_the_document_library_finds_a_certificate_typed_without_tone_marks(
    producer_client, certificate, words
):
    response = producer_client.get("/admin/documents/", {"q": words})
    assert response.status_code == 200
    assert [document.pk for document in response.context["page_obj"]] == [certificate.pk]


@pytest.mark.parametrize("words", TYPED)
def test_the_document_chooser_finds_a_certificate_typed_without_tone_marks(
    producer_client, certificate, words
):
    response = producer_client.get("/admin/documents/chooser/results/", {"q": words})
    assert response.status_code == 200
    assert [document.pk for document in response.context["results"]] == [certificate.pk]


def test_words_the_title_does_not_hold_find_no_photo_nor_document(producer_client, photo, certificate):
    for url in ("/admin/images/", "/admin/documents/"):
        response = producer_client.get(url, {"q": "tra xanh"})
        assert list(response.context["page_obj"]) == [], url
