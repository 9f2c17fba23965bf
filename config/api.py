"""Read-only JSON API over the page tree (Wagtail API v2): /api/v2/pages/?type=catalogue.ProductPage

Pages only. Wagtail's images endpoint is not offered: it lists every uploaded image (unused ones, a draft
product's, a restricted product's) with a link to its full-size original, to anyone. A story's picture
comes in the page API as the address of the picture the page shows (catalogue.blocks.StoryPictureBlock)."""

from django.conf import settings
from django.core.exceptions import ValidationError
from rest_framework.renderers import JSONRenderer
from wagtail.api.v2.filters import SearchFilter
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet

from catalogue.models import ProductPage
from search import service
from search.producer_kinds import keys_named
from search.query import SearchQuery, Term, clean_text, words

# Past any catalogue's end, and small enough that offset + limit fits every database's integers
# (SQLite answers an offset beyond 2^63 with an error, which would be a 500).
MAX_OFFSET = 2**31 - 1


class BoundedPagination(WagtailPagination):
    def paginate_queryset(self, queryset, request, view=None):
        try:
            offset = int(request.GET.get("offset", 0))
        except ValueError:
            offset = 0  # not a number: Wagtail's own check answers it
        if offset > MAX_OFFSET:
            raise BadRequestError(f"offset cannot be higher than {MAX_OFFSET}")
        return super().paginate_queryset(queryset, request, view)


class InertJSONRenderer(JSONRenderer):
    """JSON in which no string can be read as markup: <, > and & are written as \\u escapes (as Django's
    `json_script` does). Error messages repeat the parameter they refuse ("cannot order by '…'"), so
    a crafted link stays inert even in a client that sniffs the content type."""

    def render(self, data, accepted_media_type=None, renderer_context=None):
        body = super().render(data, accepted_media_type, renderer_context)
        # Outside strings JSON has none of these characters, so replacing them everywhere is safe.
        return body.replace(b"&", b"\\u0026").replace(b"<", b"\\u003c").replace(b">", b"\\u003e")


class FoldedSearchFilter(SearchFilter):
    """?search= folded as the site's search folds it ("keo dua" finds "Kẹo dừa", "dong a" "Đông Á"):
    products from the site's product search (search.service), any other page when every folded word
    starts a word of its title. Wagtail's backend keeps the marks, so "keo dua" found nothing.

    The matches narrow the queryset the other filters built (type, child_of, order) as a plain filter;
    the order is the listing's own (`order`, else the tree's). Words are all required (AND), as on
    /search/: Wagtail's `search_operator=or` (or any other value) is refused, so that a client asking
    for any of the words is told it gets every word rather than silently getting fewer results."""

    def filter_queryset(self, request, queryset, view):
        if "search" not in request.GET:
            return queryset
        if not getattr(settings, "WAGTAILAPI_SEARCH_ENABLED", True):
            raise BadRequestError("search is disabled")
        if request.GET.get("search_operator", "and").lower() != "and":  # any case, as Wagtail reads it
            raise BadRequestError("search_operator must be 'and': every search word is required")
        if getattr(queryset, "_filtered_by_tag", False):
            raise BadRequestError("filtering by tag with a search query is not supported")
        matching = matching_page_ids(request.GET["search"], queryset)
        return queryset if matching is None else queryset.filter(pk__in=matching)


def matching_page_ids(text: str, queryset) -> list[int] | None:
    """The pages holding every search word of `text` (a star rating typed, "4 sao", or a pack's barcode, as
    /search/ reads them); None when it has none to search (only words for kinds of places, "tỉnh", "thành
    phố", or no word at all), which is no filter, as /search/ reads such a query as an empty one and lists
    everything."""
    query = SearchQuery(q=clean_text(text))
    if not query.asks_anything:
        return None
    products = service.matching_product_ids(text)
    if not query.terms or query.gtins:  # "4 sao" or a barcode: only products have stars and packs
        return products
    others = queryset.not_type(ProductPage).values_list("pk", "title")
    return [*products, *(pk for pk, title in others if every_word_starts_a_word(query.parsed_terms, title))]


def every_word_starts_a_word(terms: list[Term], title: str) -> bool:
    """Each term starts a word of the title; a place's name its words in a row, and a kind of producer
    spelt in full ("hợp tác xã") the title's spelling of it, either ("HTX …"), as the product index reads them."""
    text = " " + " ".join([*words(title), *keys_named(title)]) + " "
    return all(f" {term.matched}" in text for term in terms)


class GuardedListing:
    """Wagtail's listing, with the bounds above and its search words checked first: a control character
    (NUL above all) breaks SQLite's full-text query syntax and PostgreSQL's strings, which would be a
    500 instead of a clear 400."""

    pagination_class = BoundedPagination
    # JSON only, as the README documents it: DRF's browsable page styles itself inline, which the
    # storefront's Content Security Policy refuses (and a browser would get that broken page first).
    renderer_classes = [InertJSONRenderer]

    def listing_view(self, request):
        if any(ord(character) < 32 for character in request.GET.get("search", "")):
            raise BadRequestError("search cannot contain control characters")
        return super().listing_view(request)


class GuardedFind:
    """/find/?id= with an id that is no number ("abc", empty, NUL) is a 400 as the listing's bad
    parameters are: Wagtail passes it to the database lookup, whose ValueError was a 500."""

    def find_object(self, queryset, request):
        if "id" in request.GET:
            try:
                queryset.model._meta.pk.to_python(request.GET["id"])
            except ValidationError as error:
                raise BadRequestError("id must be a whole number") from error
        return super().find_object(queryset, request)


class PagesAPI(GuardedListing, GuardedFind, PagesAPIViewSet):
    # Wagtail's SearchFilter must be last (its results cannot be filtered further); ours can, but
    # takes the same place.
    filter_backends = [
        FoldedSearchFilter if backend is SearchFilter else backend
        for backend in PagesAPIViewSet.filter_backends
    ]


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPI)
