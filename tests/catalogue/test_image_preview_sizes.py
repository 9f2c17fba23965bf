"""The admin's image preview (`/admin/images/<id>/preview/<spec>/`) refuses a size it cannot draw with a
400, as it does other invalid sizes, never a 500 (catalogue/image_operations.py)."""

import pytest

from catalogue.factories import ImageFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("spec", ["fill-0x0", "fill-10x0", "fill-0x10", "fill-1x0-c100"])
def test_a_fill_with_a_zero_side_is_refused_as_an_invalid_size(admin_client, spec):
    image = ImageFactory()
    response = admin_client.get(f"/admin/images/{image.pk}/preview/{spec}/")
    assert response.status_code == 400
    assert response.content.decode().startswith("Invalid filter spec")


def test_a_fill_with_both_sides_is_still_drawn(admin_client):
    image = ImageFactory()
    response = admin_client.get(f"/admin/images/{image.pk}/preview/fill-10x10/")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("image/")
