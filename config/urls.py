from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.templatetags.static import static
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.contrib.sitemaps import Sitemap
from wagtail.documents import urls as wagtaildocs_urls

from catalogue.feeds import google_merchant_feed
from cms import reports as cms_reports
from cms.views import robots_txt, switch_language
from ops.views import metrics
from pagecache.decorators import public_page
from pagecache.routing import serve as serve_page
from pagecache.same_origin import same_origin_post

from .admin_bulk import bulk_action
from .api import api_router
from .media import serve_media

urlpatterns = [
    path("metrics", metrics, name="metrics"),  # Operations (H8b): Prometheus, for METRICS_ALLOWED_IPS only
    path("favicon.ico", RedirectView.as_view(url=static("img/favicon.svg"), permanent=True)),
    path("admin/bulk/<str:app_label>/<str:model_name>/<str:action>/", bulk_action),  # ids checked first
    path("admin/reports/", include(cms_reports)),  # Wagtail's reports, exported readably: cms/reports.py
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    # Without a CSRF token, so that the footer's language form does not make every page uncacheable.
    path("i18n/setlang/", same_origin_post(switch_language), name="set_language"),
    path("feeds/google-merchant.xml", public_page(google_merchant_feed), name="google_merchant_feed"),
    path("sitemap.xml", public_page(sitemap), {"sitemaps": {"pages": Sitemap}}, name="sitemap"),
    path("robots.txt", public_page(robots_txt), name="robots_txt"),
    path("api/v2/", api_router.urls),
    path("search/", include("search.urls")),
    path("", include("storefront.urls")),
    path("", include("traceability.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", serve_media)]

# Wagtail's pages, routed by path in one query (pagecache/routing.py); Wagtail's own URLs stay for
# the password form (its /_util/ views, which the page route must not take: pages answer GET only)
# and as the fallback.
urlpatterns += [
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", serve_page, name="wagtail_serve_fast"),
    path("", include(wagtail_urls)),
]
