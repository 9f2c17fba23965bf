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
from django.http import JsonResponse
from django.shortcuts import render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from catalogue.ratelimit import asks_for_json


def _origin(url: str) -> str:
    parts = urlsplit(url)
    return f"{parts.scheme}://{parts.netloc}" if parts.scheme and parts.netloc else ""


def _own_origins(request) -> set[str]:
    return {f"{request.scheme}://{request.get_host()}", *settings.CSRF_TRUSTED_ORIGINS}


def is_same_origin(request) -> bool:
    own = _own_origins(request)
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
            return refusal(request)
        return view(request, *args, **kwargs)

    return wrapper


def refusal(request):
    """The shop's 403 page, in the language asked for, leading back to the page the form came from
    when it is ours: a real shopper meets it too, through an in-app browser or a proxy that rewrites
    the Origin. The page's script, asking for JSON, gets the message to show in place."""
    reason = _("Yêu cầu này không đến từ trang của cửa hàng.")
    if asks_for_json(request):
        return JsonResponse({"error": reason}, status=403)
    context = {
        "reason": reason,
        "advice": _(
            "Vì an toàn, cửa hàng chỉ nhận biểu mẫu gửi từ chính các trang của mình: hãy mở lại trang rồi thử lại."
        ),
        "back_url": _way_back(request),
    }
    return render(request, "403.html", context, status=403)


def _way_back(request) -> str:
    """The page the form came from, when it is one of ours: the form's `next`, else the Referer's path;
    "" for none (the 403 page then leads home)."""
    next_url = request.POST.get("next", "")
    if is_our_path(request, next_url):
        return next_url
    referer = request.headers.get("Referer", "")
    if _origin(referer) in _own_origins(request):
        parts = urlsplit(referer)
        path = f"{parts.path}?{parts.query}" if parts.query else parts.path
        if is_our_path(request, path):
            return path
    return ""


def is_our_path(request, url: str) -> bool:
    """Whether `url` is a path on this site (not "//elsewhere", not a scheme): safe to send a visitor to."""
    return url.startswith("/") and url_has_allowed_host_and_scheme(url, {request.get_host()})
