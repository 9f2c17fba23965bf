"""Middleware for running the shop: a request id on every request and log line, /health/, a HEAD
answered without a body, and a clear answer when the media store cannot take an upload."""

import re
import uuid

from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.html import escape
from django.utils.translation import gettext

from . import health
from .logs import request_id_var
from .media_storage import MediaStoreUnavailable

# An incoming X-Request-ID (from a load balancer or Varnish) is kept when it looks like an id.
_VALID_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")


class HeadWithoutBodyMiddleware:
    """A HEAD answer is the GET's status and headers with no body (RFC 9110 §9.3.2). Django renders HEAD
    as GET and leaves the body to the server: its development server and test client drop it, gunicorn
    drops it too but logs a warning for every such request (link checkers, crawlers, GS1's test suite).
    Outermost, so that the headers are the GET's as every other layer made them (Content-Length
    included, which tells a client how large the GET would be)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        if request.method == "HEAD":
            if response.streaming:
                response.streaming_content = []  # a file's response still closes its file
            else:
                if not response.has_header("Content-Length"):
                    response["Content-Length"] = str(len(response.content))
                response.content = b""
        return response


class RequestIdMiddleware:
    """Honour X-Request-ID (or make one), log with it, and echo it in the response.

    The id stays set until the response is closed (`ops.logs.forget_request_id`, on request_finished),
    not only while the layers below run: Django logs a response's 4xx/5xx ("Service Unavailable: …")
    after every middleware has returned, and a streamed body is produced after that."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        incoming = request.headers.get("X-Request-ID", "")
        request_id = incoming if _VALID_ID.match(incoming) else uuid.uuid4().hex
        request.request_id = request_id
        request_id_var.set(request_id)
        response = self.get_response(request)
        response["X-Request-ID"] = request_id
        return response


class HealthCheckMiddleware:
    """Answer /health/ before host validation and HTTPS redirects: load balancers probe by IP over HTTP."""

    path = "/health/"
    methods = ("GET", "HEAD")

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path != self.path:
            return self.get_response(request)
        if request.method not in self.methods:
            # Probes ask with GET or HEAD; anything else is a 405 that says so, without running the checks.
            return JsonResponse(
                {"status": "method not allowed"}, status=405, headers={"Allow": ", ".join(self.methods)}
            )
        status, body = health.verdict(health.run_checks())
        response = JsonResponse(body, status=status)
        response["Cache-Control"] = "no-store"
        return response


class MediaStoreDownMiddleware:
    """An upload (an image in the admin, a document) that the media store could not take: a 503 that
    says nothing was saved and to try again, instead of a 500. Pages that only show media are served
    while the store is down (see media_storage.py); this is for what had to be written there."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    # Wagtail's uploader for several images or documents at once (its script, not a form) reads a JSON
    # answer and shows `error_message` under the file; any other status it shows as "Lỗi Hệ thống …
    # Service Unavailable - 503".
    MULTIPLE_UPLOADS = {("wagtailimages", "add_multiple"), ("wagtaildocs", "add_multiple")}

    def process_exception(self, request, exception):
        if not isinstance(exception, MediaStoreUnavailable):
            return None
        match = request.resolver_match
        if match and (match.namespace, match.url_name) in self.MULTIPLE_UPLOADS:
            return JsonResponse({"success": False, "error_message": escape(_nothing_saved_message())})
        page = render_to_string("ops/media_store_down.html", {"form_url": request.path})
        return HttpResponse(page, status=503, headers={"Retry-After": "60"})


def _nothing_saved_message() -> str:
    # The single upload's page says the same (ops/media_store_down.html).
    return "{}. {}".format(
        gettext("Chưa lưu được tệp"),
        gettext(
            "Kho lưu trữ ảnh và tệp tạm thời không truy cập được, nên tệp vừa gửi chưa được lưu và chưa "
            "có gì thay đổi. Vui lòng thử lại sau ít phút."
        ),
    )
