import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def empty_cache():
    """The menu is cached per site: every test starts from none."""
    cache.clear()
    yield
    cache.clear()
