"""A producer's staff pick only their own producer's photos (its collection) for a product, its gallery
or their producer page: another producer's private photo, its id typed into the post, is refused on
the field and never reaches the draft."""

import wagtail_factories
from django.contrib.auth import get_user_model

from catalogue.models import ProductPage
from catalogue.permissions import producer_collection
from tests.admin_forms import form_data

REFUSED = "Hãy chọn một lựa chọn hợp lệ"


def others_photo(other_product):
    collection = producer_collection(other_product.get_parent())
    return wagtail_factories.ImageFactory(title="ANH-BI-MAT-B", collection=collection)


def own_photo(producer):
    return wagtail_factories.ImageFactory(title="Ảnh của Đông Á", collection=producer_collection(producer))


def save_draft(client, page, **changes):
    url = f"/admin/pages/{page.pk}/edit/"
    data = form_data(client.get(url).content.decode())
    data.update(changes)
    return client.post(url, data)


def test_a_producer_cannot_give_its_product_another_producers_photo(
    client, product, producer, producer_user, other_product
):
    foreign = others_photo(other_product)
    client.force_login(producer_user)

    response = save_draft(client, product, image=str(foreign.pk))

    assert response.status_code == 200
    assert REFUSED in response.content.decode()
    assert ProductPage.objects.get(pk=product.pk).get_latest_revision_as_object().image_id != foreign.pk


def test_a_producer_cannot_add_another_producers_photo_to_its_gallery(
    client, product, producer_user, other_product
):
    foreign = others_photo(other_product)
    client.force_login(producer_user)
    gallery = {
        "gallery_images-TOTAL_FORMS": "1",
        "gallery_images-INITIAL_FORMS": "0",
        "gallery_images-0-image": str(foreign.pk),
        "gallery_images-0-caption": "",
        "gallery_images-0-ORDER": "1",
        "gallery_images-0-DELETE": "",
        "gallery_images-0-id": "",
    }

    response = save_draft(client, product, **gallery)

    assert REFUSED in response.content.decode()
    assert not ProductPage.objects.get(pk=product.pk).get_latest_revision_as_object().gallery_images.exists()


def test_a_producer_picks_its_own_photo(client, product, producer, producer_user):
    mine = own_photo(producer)
    client.force_login(producer_user)

    assert save_draft(client, product, image=str(mine.pk)).status_code == 302

    assert ProductPage.objects.get(pk=product.pk).get_latest_revision_as_object().image_id == mine.pk


def test_a_producer_cannot_put_another_producers_photo_on_its_producer_page(
    client, producer, producer_user, other_product
):
    foreign = others_photo(other_product)
    client.force_login(producer_user)

    response = save_draft(client, producer, image=str(foreign.pk), **{"story-count": "0"})

    assert REFUSED in response.content.decode()
    assert type(producer).objects.get(pk=producer.pk).get_latest_revision_as_object().image_id != foreign.pk


def test_a_superuser_still_picks_any_photo(client, product, other_product):
    foreign = others_photo(other_product)
    client.force_login(get_user_model().objects.create_superuser("quan-tri", "qt@example.com", "x"))

    assert save_draft(client, product, image=str(foreign.pk)).status_code == 302
