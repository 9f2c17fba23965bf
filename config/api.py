"""Read-only JSON API over the page tree (Wagtail API v2): /api/v2/pages/?type=catalogue.ProductPage"""

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


class PagesAPI(PagesAPIViewSet):
    pagination_class = BoundedPagination


class ImagesAPI(ImagesAPIViewSet):
    pagination_class = BoundedPagination


api_router = WagtailAPIRouter("wagtailapi")
api_router.register_endpoint("pages", PagesAPI)
api_router.register_endpoint("images", ImagesAPI)
