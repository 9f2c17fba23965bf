import pytest
from django.core.cache import cache

from tests.combos import combo_index, gift_box, tea_pack  # noqa: F401  (gift combo fixtures)
from tests.page_tree import independent_of_the_page_tree


@pytest.fixture(autouse=True)
@independent_of_the_page_tree
def empty_cache():
    """The menu is cached per site: every test starts from none."""
    cache.clear()
    yield
    cache.clear()
