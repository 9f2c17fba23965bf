"""Accounts of the catalogue's admin tests (programme staff, a producer's staff, another producer) and the
gift combo fixtures (defined in tests/combos.py, shared with the storefront's)."""

import pytest
from django.contrib.auth import get_user_model

from catalogue.factories import PackSizeFactory, ProducerPageFactory, ProductPageFactory
from catalogue.permissions import grant_producer_access, programme_staff_group
from tests.combos import combo_image, combo_index, gift_box, tea_pack  # noqa: F401
from tests.page_tree import independent_of_the_page_tree


@pytest.fixture
def staff(db):
    user = get_user_model().objects.create_user("canbo", email="canbo@ocop.example", password="x")
    user.groups.add(programme_staff_group())
    return user


@pytest.fixture
@independent_of_the_page_tree
def producer_user(producer):
    user = get_user_model().objects.create_user("dong-a", email="dong-a@ocop.example", password="x")
    grant_producer_access(user, producer)
    return user


@pytest.fixture
def other_product(producer_index, category):
    other = ProducerPageFactory(parent=producer_index, title="HTX Trà Lục Nam", slug="tra-luc-nam")
    product = ProductPageFactory(
        parent=other, title="Trà hoa vàng", slug="tra-hoa-vang", categories=[category]
    )
    PackSizeFactory(product=product)
    return product
