"""What the admin is sent that Wagtail's own code cannot read: a 400 that says so, not a 500.

A `next` that is no path ("1e9", "NaN") is dropped before Wagtail sees it: Wagtail accepts any
same-site value and, after saving, hands it to Django's `redirect()`, which takes a word without "/"
or "." for a view name and fails (the save done, the editor shown a 500). Wagtail only ever writes
paths there, so nothing it sends is lost.

The admin's screens only post what they render, but a forged or truncated post reaches code in Wagtail
and its libraries that trusts it: a chooser re-rendering an invalid form looks up `pk="1e9"`
(ValueError), a StreamField without its `-count` field (KeyError), a rich-text field that is not JSON
(ValueError) or JSON that is no editor state ("NaN", "[]": AttributeError), a child formset row
whose id is no number (ValidationError, in modelcluster), a copy to a parent page that does not
exist (DoesNotExist). Each is malformed input, not a fault of the
site: the editor gets a 400 with a way back to the form. It is still logged with its traceback at
ERROR, so a real fault of ours that raises the same is seen, not hidden.
"""

import logging

from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.http import HttpResponseBadRequest
from django.utils.html import format_html
from django.utils.translation import gettext as _

logger = logging.getLogger("config.admin_input")

UNREADABLE = (
    ValueError,
    KeyError,
    AttributeError,
    TypeError,
    OverflowError,
    ValidationError,
    ObjectDoesNotExist,
)
ADMIN_PREFIX = "/admin/"


class AdminInputMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if request.path.startswith(ADMIN_PREFIX):
            request.GET = _without_unusable_next(request.GET)
            if request.method == "POST":
                request.POST = _without_unusable_next(request.POST)
        return self.get_response(request)

    def process_exception(self, request, exception):
        if request.method != "POST" or not request.path.startswith(ADMIN_PREFIX):
            return None
        if not isinstance(exception, UNREADABLE):
            return None
        logger.error("unreadable admin form posted to %s", request.path, exc_info=exception)
        message = _("Không đọc được biểu mẫu vừa gửi: có trường bị thiếu hoặc sai định dạng.")
        back = _("Mở lại biểu mẫu")
        return HttpResponseBadRequest(
            format_html('<p role="alert">{}</p><p><a href="{}">{}</a></p>', message, request.path, back)
        )


def _without_unusable_next(query):
    next_url = query.get("next")
    if next_url is None or (next_url.startswith("/") and not next_url.startswith("//")):
        return query
    query = query.copy()
    del query["next"]
    return query
