"""Wagtail's Privacy: a view restriction (a password, signed-in users, groups) covers its page and every
page under it. A page under one is not public: what lists products publicly (the merchant feed,
search and its suggestions, a gift combo's links and data) leaves it out, as the sitemap and the page
API do (Wagtail's `PageQuerySet.public()`), and so do the pages that list, link or describe stores and
producers (the store list, a store's producers and products, a product's or a producer's "Mua tại cửa
hàng", the producer list, the home page, a share picture borrowed from a child).

Rather than `public()`, which reads every restriction in a query of its own before filtering, the rule
is one SQL expression here, so that a listing pinned to a number of queries (the feed, a combo's
components) keeps it, and a component can carry the answer as an annotation.
"""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Length, Substr
from wagtail.models import Page, PageViewRestriction


def under_restriction(path: str = "path") -> Exists:
    """Whether the outer query's page, whose tree path is at `path` ("path", "product__path"…), has a
    view restriction on itself or an ancestor: an ancestor's path starts its descendants' paths."""
    return Exists(
        PageViewRestriction.objects.filter(page__path=Substr(OuterRef(path), 1, Length("page__path")))
    )


def publicly_listed(pages):
    """Of a page queryset, the live pages no restriction covers: those public pages may show."""
    return pages.live().exclude(under_restriction())


def is_restricted(page) -> bool:
    """The same rule for one page already loaded: one query for its own and its ancestors' restrictions."""
    paths = [page.path[:end] for end in range(Page.steplen, len(page.path) + 1, Page.steplen)]
    return PageViewRestriction.objects.filter(page__path__in=paths).exists()


def restricted_product_ids(restriction) -> list[int]:
    """The products a restriction covers: its page's, or every product under its page."""
    from .models import ProductPage

    path = Page.objects.filter(pk=restriction.page_id).values_list("path", flat=True).first()
    if path is None:
        return []  # the page is being deleted with it: its products go with it
    return list(ProductPage.objects.filter(path__startswith=path).values_list("pk", flat=True))
