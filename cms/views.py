"""/robots.txt: what crawlers may visit, and where the sitemap is; the footer's language switch."""

from django.conf import settings
from django.http import HttpResponse
from django.urls import reverse
from django.views.decorators.http import require_safe
from django.views.i18n import set_language

from .middleware import without_language

# Personal or private pages (admin, a visitor's cart, checkout, orders and the order lookup form),
# and search results with parameters: every combination of facets is a URL, an endless space to
# crawl that holds no product the plain /search/ and the sitemap do not list.
DISALLOWED = (
    "/admin/",
    "/django-admin/",
    "/gio-hang/",
    "/thanh-toan/",
    "/don-hang/",
    "/tra-cuu-don-hang/",
    "/search/?",
)


@require_safe
def robots_txt(request):
    lines = [
        "User-agent: *",
        *(f"Disallow: {path}" for path in DISALLOWED),
        "Allow: /",
        "",
        # Absolute, on the one public origin (SITE_URL), whatever host the crawler asked.
        f"Sitemap: {settings.SITE_URL}{reverse('sitemap')}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def switch_language(request):
    """Django's set_language, landing on the page without `?lang=`: that parameter outranks the cookie,
    so coming back to `…?lang=en` after choosing Tiếng Việt would still show English."""
    response = set_language(request)
    if request.method == "POST" and response.has_header("Location"):
        response["Location"] = without_language(response["Location"])
    return response
