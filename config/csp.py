"""Django's Content Security Policy, with a second, relaxed policy for the Wagtail admin.

Storefront pages get SECURE_CSP: scripts and styles from our origin or carrying the request's nonce,
never 'unsafe-inline'. The admin (and Wagtail's previews inside it) runs Wagtail's own inline
scripts and styles, so paths under ADMIN_PREFIXES get SECURE_CSP_ADMIN instead.
"""

from django.conf import settings
from django.middleware.csp import ContentSecurityPolicyMiddleware

ADMIN_PREFIXES = ("/admin/", "/django-admin/")


class SiteContentSecurityPolicyMiddleware(ContentSecurityPolicyMiddleware):
    def process_response(self, request, response):
        if request.path.startswith(ADMIN_PREFIXES) and not hasattr(response, "_csp_config"):
            response._csp_config = settings.SECURE_CSP_ADMIN
        return super().process_response(request, response)
