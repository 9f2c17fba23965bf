"""Wagtail's database search backend (admin search boxes, choosers, the image API's `search`; the page
API's folds Vietnamese through the site's search instead, config/api.py), with the typed words cleaned
before the backend builds its query.

On SQLite, the backend (modelsearch) puts each word in double quotes without escaping a double quote
inside it, so searching the admin for `"` answered 500 ("unterminated string"); a NUL breaks SQLite's
full-text syntax and PostgreSQL's strings alike, and words that are only spaces fail on SQLite too.
Neither carries meaning in a search of titles and file names: they become spaces, and nothing left
finds nothing. `WAGTAILSEARCH_BACKENDS` names this module.
"""

import re

from modelsearch.backends.database import SearchBackend as database_backend_for
from modelsearch.query import MATCH_NONE, PlainText

NOT_PART_OF_A_WORD = re.compile(r'["\x00-\x1f\x7f]')


def cleaned(query):
    if isinstance(query, str):
        # Nothing left is "": no result (the backend fails on words that are only spaces, too).
        return " ".join(NOT_PART_OF_A_WORD.sub(" ", query).split())
    if isinstance(query, PlainText):
        words = cleaned(query.query_string)
        return PlainText(words, operator=query.operator, boost=query.boost) if words else MATCH_NONE
    return query  # phrases and other query objects come from code, not from a search box


class CleanedWords:
    def search(self, query, *args, **kwargs):
        return super().search(cleaned(query), *args, **kwargs)

    def autocomplete(self, query, *args, **kwargs):
        return super().autocomplete(cleaned(query), *args, **kwargs)


def SearchBackend(params):  # noqa: N802 (the name Wagtail looks up in a backend module)
    """The database backend Wagtail would choose for this database, cleaning the words it is given."""
    backend_class = type(database_backend_for(params))
    return type(f"Cleaned{backend_class.__name__}", (CleanedWords, backend_class), {})(params)
