"""Province names for labels (facets, filters), from the cache: 34 rows that change only when
`sync_places` runs after a reform, so a page need not query them."""

from django.core.cache import cache

KEY = "places:province-short-names"


def province_short_names() -> dict[int, str]:
    names = cache.get(KEY)
    if names is None:
        from .models import Province

        names = dict(Province.objects.values_list("code", "short_name"))
        cache.set(KEY, names, 86400)
    return names


def forget() -> None:
    cache.delete(KEY)
