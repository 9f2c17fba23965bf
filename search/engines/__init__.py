"""Search engines behind one small interface; settings.SEARCH_ENGINES lists them, first choice first."""

from functools import cache

from django.conf import settings
from django.utils.module_loading import import_string

from .base import Engine, EngineUnavailable

__all__ = ["Engine", "EngineUnavailable", "get_engines", "reset_engines"]


@cache
def get_engines() -> tuple[Engine, ...]:
    """The configured engines, first choice first; the last one (the database) is the fallback."""
    paths = getattr(settings, "SEARCH_ENGINES", None) or ["search.engines.database.DatabaseEngine"]
    return tuple(import_string(path)() for path in paths)


def reset_engines():
    """Forget the built engines (tests that change SEARCH_ENGINES or ELASTICSEARCH_URL)."""
    get_engines.cache_clear()
