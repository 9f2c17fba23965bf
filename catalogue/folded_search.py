"""Wagtail's own search (the admin's page search, the page choosers) finds a page typed without marks.

Its database backend indexes the title as written, and SQLite's tokenizer folds only letters with one
mark: "keo dua" found no "Kẹo dừa" (ừ has two), "dong a" no "Đông Á" (đ has none). Each page also gives
its title folded as the storefront's search folds it (`catalogue.text.fold`), which the admin's search
boxes (autocomplete) and `search()` both read; the title as written is still indexed, so words typed
with their marks find what they found before.
"""

from wagtail.models import Page
from wagtail.search import index

from .text import fold


class FoldedTitleMixin:
    """Before `Page` in a page model's bases; a model with search fields of its own starts them with
    `*FoldedTitleMixin.search_fields`."""

    search_fields = [
        *Page.search_fields,
        index.SearchField("folded_title"),
        index.AutocompleteField("folded_title"),
    ]

    @property
    def folded_title(self) -> str:
        return fold(self.title or "")
