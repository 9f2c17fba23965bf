"""Wagtail's own search (the admin's page search, the page choosers) finds a page typed without marks.

Its database backend indexes the title as written, and SQLite's tokenizer folds only letters with one
mark: "keo dua" found no "Kẹo dừa" (ừ has two), "dong a" no "Đông Á" (đ has none). Each page also gives
its title folded as the storefront's search folds it (`catalogue.text.fold`), which the admin's search
boxes (autocomplete) and `search()` both read; the title as written is still indexed, so words typed
with their marks find what they found before.

Images and documents are Wagtail's own models (`WAGTAILIMAGES_IMAGE_MODEL`, and the default document
model): `fold_titles_of` gives them the same folded title when the app is ready, so the image and
document libraries and their choosers find "Kẹo dừa" typed "keo dua" too.
"""

from wagtail.models import Page
from wagtail.search import index

from .text import fold

FOLDED_TITLE_FIELDS = [index.SearchField("folded_title"), index.AutocompleteField("folded_title")]


class FoldedTitleMixin:
    """Before `Page` in a page model's bases; a model with search fields of its own starts them with
    `*FoldedTitleMixin.search_fields`."""

    search_fields = [*Page.search_fields, *FOLDED_TITLE_FIELDS]

    @property
    def folded_title(self) -> str:
        return fold(self.title or "")


def fold_titles_of(model):
    """Index a model we cannot declare (Wagtail's image and document models) with its folded title, as
    `FoldedTitleMixin` does a page. Run once, from `CatalogueConfig.ready`."""
    if "folded_title" in {field.field_name for field in model.search_fields}:
        return
    model.folded_title = FoldedTitleMixin.folded_title
    model.search_fields = [*model.search_fields, *FOLDED_TITLE_FIELDS]
