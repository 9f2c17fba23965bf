from django.http import HttpResponse
from django.urls import path

from config.urls import urlpatterns as storefront_urlpatterns


def trivial(request):
    """The yardstick: a Django view through the same middleware, doing nothing."""
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/trivial/", trivial), *storefront_urlpatterns]
