from django.conf import settings
from django.contrib.sitemaps.views import sitemap
from django.http import HttpResponsePermanentRedirect
from django.templatetags.static import static
from django.urls import include, path, re_path
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from catalogue.feeds import google_merchant_feed
from cms import reports as cms_reports
from cms.sitemaps import PagesWithLanguagesSitemap
from cms.views import robots_txt, switch_language
from ops.views import metrics
from pagecache.decorators import public_page
from pagecache.methods import SAFE, SAFE_OR_POST, takes_methods
from pagecache.routing import serve as serve_page
from pagecache.same_origin import same_origin_post

from . import admin_account
from .admin_bulk import bulk_action
from .api import api_router
from .auth import signed_in
from .media import serve_media


def favicon(request):
    """/favicon.ico → the icon's static address, looked up when asked for: at import, before
    collectstatic had run (STATIC_COLLECTED=1), the lookup stopped every manage.py command."""
    return HttpResponsePermanentRedirect(static("img/favicon.svg"))


def declare_methods(patterns, methods_by_name):
    """Wagtail's own URL lists with the methods of their function views declared (pagecache/methods.py),
    as Wagtail decorates its admin's (`decorate_urlpatterns`): a 405 names them, not a guess."""
    for pattern in patterns:
        if pattern.name in methods_by_name:
            pattern.callback = takes_methods(*methods_by_name[pattern.name])(pattern.callback)
    return patterns


def without(patterns, *names):
    """Wagtail's URL list less the routes named; their paths fall to the admin's catch-all 404."""
    return [pattern for pattern in patterns if getattr(pattern, "name", None) not in names]


declare_methods(
    wagtaildocs_urls.urlpatterns,
    {"wagtaildocs_serve": SAFE, "wagtaildocs_authenticate_with_password": SAFE_OR_POST},
)
declare_methods(
    wagtail_urls.urlpatterns,
    {"wagtailcore_authenticate_with_password": SAFE_OR_POST, "wagtail_serve": SAFE},
)

# The database unreachable: a 503 page, not the 500 one (config/errors.py).
handler400 = "config.errors.bad_request"
handler500 = "config.errors.server_error"

urlpatterns = [
    # Operations (H8b): Prometheus, for METRICS_ALLOWED_IPS only
    path("metrics", takes_methods(*SAFE)(metrics), name="metrics"),
    path("favicon.ico", takes_methods(*SAFE)(favicon)),
    path("_util/signed-in/", takes_methods(*SAFE)(signed_in), name="signed_in"),  # LOGIN_REDIRECT_URL
    # Wagtail's bulk actions, their ids checked first: a confirmation page and its form.
    path(
        "admin/bulk/<str:app_label>/<str:model_name>/<str:action>/", takes_methods(*SAFE_OR_POST)(bulk_action)
    ),
    path("admin/reports/", include(cms_reports)),  # Wagtail's reports, exported readably: cms/reports.py
    path("admin/account/", admin_account.account),  # "Tên" and "Họ" optional: config/admin_account.py
    # Less Wagtail's deliberate 500 for testing error reports (/admin/failwhale/), with which any
    # signed-in account could write errors with tracebacks into the log at will.
    path("admin/", include(without(wagtailadmin_urls.urlpatterns, "wagtailadmin_error_test"))),
    path("documents/", include(wagtaildocs_urls)),
    # Without a CSRF token, so that the footer's language form does not make every page uncacheable.
    # Django's set_language sets the language on POST; a GET (or HEAD) only goes back to the page.
    path(
        "i18n/setlang/", takes_methods(*SAFE_OR_POST)(same_origin_post(switch_language)), name="set_language"
    ),
    path("feeds/google-merchant.xml", public_page(google_merchant_feed), name="google_merchant_feed"),
    path(
        "sitemap.xml",
        public_page(sitemap),
        {"sitemaps": {"pages": PagesWithLanguagesSitemap}},
        name="sitemap",
    ),
    path("robots.txt", public_page(robots_txt), name="robots_txt"),
    path("api/v2/", api_router.urls),
    path("search/", include("search.urls")),
    path("", include("storefront.urls")),
    path("", include("traceability.urls")),
]

if settings.SERVE_MEDIA:
    urlpatterns += [re_path(r"^media/(?P<path>.*)$", takes_methods(*SAFE)(serve_media))]

# Wagtail's pages, routed by path in one query (pagecache/routing.py); Wagtail's own URLs stay for
# the password form (its /_util/ views, which the page route must not take: pages answer GET only)
# and as the fallback.
urlpatterns += [
    re_path(r"^(?!_util/)((?:[\w\-]+/)*)$", serve_page, name="wagtail_serve_fast"),
    path("", include(wagtail_urls)),
]
