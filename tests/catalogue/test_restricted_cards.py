"""A product under Wagtail's Privacy (a password, signed-in users) is not public: the category and
producer pages leave its card out, as the feed, search and the sitemap do."""

import pytest
from wagtail.models import PageViewRestriction

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("restricted", ["product", "producer"])
def test_the_card_of_a_product_under_a_password_is_left_out_of_the_listings(
    client, category, product, restricted
):
    assert product.title in client.get(category.url).content.decode()
    page = product if restricted == "product" else product.get_parent()
    PageViewRestriction.objects.create(page=page, restriction_type="password", password="x")
    assert product.title not in client.get(category.url).content.decode()
