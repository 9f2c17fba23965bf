"""Read-only JSON API over the page tree (Wagtail API v2): /api/v2/pages/?type=catalogue.ProductPage"""

from rest_framework.renderers import BrowsableAPIRenderer, JSONRenderer
from wagtail.api.v2.pagination import WagtailPagination
from wagtail.api.v2.router import WagtailAPIRouter
from wagtail.api.v2.utils import BadRequestError
from wagtail.api.v2.views import PagesAPIViewSet
from wagtail.images.api.v2.views import ImagesAPIViewSet

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


class GuardedListing:
    """Wagtail's listing, with the bounds above and its search words checked first: a control character
    (NUL above all) breaks SQLite's full-text query syntax and PostgreSQL's strings, which would be a
    500 instead of a clear 400."""

    pagination_class = BoundedPagination
    renderer_classes = [InertJSONRenderer, BrowsableAPIRenderer]

    def listing_view(self, request):
        if any(ord(character) < 32 for character in request.GET.get("search", "")):
            raise BadRequestError("search cannot contain control characters")
        return super().listing_view(request)


class PagesAPI(GuardedListing, PagesAPIViewSet):
    pass


class ImagesAPI(GuardedListing, ImagesAPIViewSet):
    pass


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPI)
api_router.register_endpoint("images", ImagesAPI)
