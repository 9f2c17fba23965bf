"""POSTs accepted without a CSRF token when the browser says they come from this site.

Pages with a form that only adds to a cart or picks a language are the same for everyone and cached;
a per-visitor CSRF token would make each of them personal. These few views check instead what the
browser sends with every POST: `Origin` (all current browsers), else `Sec-Fetch-Site`, else the
`Referer` (a request with none of them is no browser's). A forged cross-site POST is refused with 403; the session cookie is SameSite=Lax too, so
it would not even carry the victim's cart. Views that touch money or orders keep Django's CSRF token.
"""

from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpResponseForbidden
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def is_same_origin(request) -> bool:
    own = {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}
    origin = request.headers.get("Origin")
    if origin and origin != "null":
        return origin in own
    fetch_site = request.headers.get("Sec-Fetch-Site")
    if fetch_site:
        return fetch_site in ("same-origin", "none")
    referer = request.headers.get("Referer")
    if referer:
        return _origin(referer) in own
    # No header at all: not a browser of the last decade (they all send Origin on POST), so not a
    # victim's browser driven by another site.
    return True


def same_origin_post(view):
    @csrf_exempt
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.method == "POST" and not is_same_origin(request):
            return HttpResponseForbidden(_("Yêu cầu này không đến từ trang của cửa hàng."))
        return view(request, *args, **kwargs)

    return wrapper
