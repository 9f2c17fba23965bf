"""A producer's staff see and edit the photos of their own collection: the dashboard's image count is the
number the Images listing shows them, and a photo uploaded for them (the demo's, an editor's) opens in
Wagtail's image editor, as one they uploaded themselves does; another producer's photo does not."""

import re

import wagtail_factories
from bs4 import BeautifulSoup
from django.core.management import call_command
from wagtail.models import GroupCollectionPermission

from catalogue.permissions import producer_collection, producer_group


def own_photos(producer, count):
    collection = producer_collection(producer, producer_group(producer))
    return [
        wagtail_factories.ImageFactory(title=f"Kẹo dừa {number}", collection=collection)
        for number in range(count)
    ]


def dashboard_image_count(client) -> int:
    soup = BeautifulSoup(client.get("/admin/").content, "html.parser")
    link = soup.select_one('a[href="/admin/images/"]')
    return int(re.search(r"\d+", link.get_text()).group())


def test_the_dashboard_counts_the_photos_the_images_listing_shows_a_producer(
    client, producer, producer_user, other_product
):
    photos = own_photos(producer, 3)
    own_photos(other_product.get_parent(), 1)  # another producer's: neither counted nor listed
    client.force_login(producer_user)

    assert dashboard_image_count(client) == 3
    listing = client.get("/admin/images/").content.decode()
    assert all(f"/admin/images/{photo.pk}/" in listing for photo in photos)
    assert "Kẹo dừa 0" in listing and "Kẹo dừa 2" in listing


def test_a_producer_edits_a_photo_of_its_own_collection_it_did_not_upload(client, producer, producer_user):
    (photo,) = own_photos(producer, 1)
    client.force_login(producer_user)

    assert client.get(f"/admin/images/{photo.pk}/").status_code == 200
    response = client.post(
        f"/admin/images/{photo.pk}/",
        {"title": "Kẹo dừa sầu riêng hộp 400g", "collection": photo.collection_id, "tags": ""},
    )

    assert response.status_code == 302
    photo.refresh_from_db()
    assert photo.title == "Kẹo dừa sầu riêng hộp 400g"


def test_a_producer_cannot_edit_another_producers_photo(client, producer_user, other_product):
    (foreign,) = own_photos(other_product.get_parent(), 1)
    client.force_login(producer_user)

    assert client.get(f"/admin/images/{foreign.pk}/").url == "/admin/"  # Wagtail: "no permission"
    assert f"/admin/images/{foreign.pk}/" not in client.get("/admin/images/").content.decode()


def test_a_producer_group_made_before_may_edit_its_photos_after_the_next_migrate(
    client, producer, producer_user
):
    (photo,) = own_photos(producer, 1)
    # As a group made before producers were given "change" on their collection.
    GroupCollectionPermission.objects.filter(
        group=producer_group(producer), permission__codename="change_image"
    ).delete()
    client.force_login(producer_user)
    assert client.get(f"/admin/images/{photo.pk}/").url == "/admin/"  # Wagtail: "no permission"

    call_command("migrate", verbosity=0)

    assert client.get(f"/admin/images/{photo.pk}/").status_code == 200
