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
site: the editor gets a 400 with a way back to the form. The same holds for an address the admin is
opened at (a GET): a chooser's `chosen/abc/` or `chosen-multiple/?id=abc` (or a number past the
database's integers) looks the id up as given. It is still logged with its traceback at
ERROR, so a real fault of ours that raises the same is seen, not hidden.

Direction controls (U+202A–U+202E, U+2066–U+2069, the marks) are dropped from every value the admin is
sent, passwords aside: typed or pasted into a decision number, a lot record or a product's title, they
reversed what shoppers and staff then read ("ngày 29/02/2024" shown "4202/20/92 yàgn"), and Vietnamese
text never needs them. They print nothing, so nothing the editor sees is lost. (The storefront's own
forms refuse them with a message instead: storefront/forms.py.)

A formset's row count (`…-TOTAL_FORMS`) is read from the post: a forged count past what Django's formsets
take (1000 rows, `DEFAULT_MAX_NUM`) made Django build and render 2000 empty rows to say so (a lot's
events: 41 MB after 20 s, one worker thread held). Any POST claiming more is a quick 400, before a
view builds a formset; this holds for every view that takes a POST, the storefront's too, not only the admin's.
"""

import logging

from django import forms
from django.core.exceptions import ObjectDoesNotExist, ValidationError
from django.forms.formsets import DEFAULT_MAX_NUM, TOTAL_FORM_COUNT
from django.http import HttpResponseBadRequest
from django.utils.html import format_html
from django.utils.translation import gettext as _

from catalogue.text import without_direction_controls
from pagecache.methods import methods_taken

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
        return self.get_response(request)

    def process_view(self, request, view, view_args, view_kwargs):
        """The post is read here, once the view is known, and only for a view that may take it: a page
        that only takes GET answers its 405 (config.errors.DeclaredMethodsMiddleware, or the view's own)
        without its body being read, so that a body Django cannot read (multipart without a boundary,
        past DATA_UPLOAD_MAX_MEMORY_SIZE) is not a 400 there. Where a view does take a POST, Django's
        refusal of such a body is the 400 (logged in one line: settings.LOGGING)."""
        if request.method != "POST" or not may_take_a_post(view):
            return None
        if claims_too_many_rows(request.POST):
            logger.warning("a formset of more than %s rows posted to %s", DEFAULT_MAX_NUM, request.path)
            message = _("Biểu mẫu vừa gửi có quá nhiều dòng: mỗi lần chỉ lưu được nhiều nhất %(max)s dòng.")
            return refusal(request, message % {"max": DEFAULT_MAX_NUM})
        if request.path.startswith(ADMIN_PREFIX):
            request.POST = _without_direction_controls(_without_unusable_next(request.POST))
        return None

    def process_exception(self, request, exception):
        if not request.path.startswith(ADMIN_PREFIX) or not isinstance(exception, UNREADABLE):
            return None
        if request.method == "POST":
            logger.error("unreadable admin form posted to %s", request.path, exc_info=exception)
            return refusal(
                request, _("Không đọc được biểu mẫu vừa gửi: có trường bị thiếu hoặc sai định dạng.")
            )
        logger.error("unreadable admin address %s", request.get_full_path(), exc_info=exception)
        return refusal(request, _("Không đọc được địa chỉ vừa mở: có tham số bị thiếu hoặc sai định dạng."))


def refusal(request, message):
    back = _("Mở lại biểu mẫu")
    return HttpResponseBadRequest(
        format_html('<p role="alert">{}</p><p><a href="{}">{}</a></p>', message, request.path, back)
    )


def may_take_a_post(view) -> bool:
    """Whether `view` takes a POST, as far as it says (pagecache/methods.py); one that does not say may."""
    taken = methods_taken(view)
    return taken is None or "POST" in taken


def claims_too_many_rows(post) -> bool:
    """Whether a formset's row count, read as Django's management form reads it ("1001.0" is 1001),
    is past what any of our formsets takes. A count Django cannot read is left to Django, which
    refuses it without building a row."""
    for name in post:
        if name.endswith(TOTAL_FORM_COUNT):
            try:
                count = forms.IntegerField().to_python(post[name])
            except ValidationError:
                continue
            if count is not None and count > DEFAULT_MAX_NUM:
                return True
    return False


def _without_direction_controls(post):
    """The post with its values' direction controls dropped (passwords' aside); itself when none had any."""
    cleaned = {
        name: [without_direction_controls(value) for value in post.getlist(name)]
        for name in post
        if "password" not in name
    }
    changed = {name: values for name, values in cleaned.items() if values != post.getlist(name)}
    if not changed:
        return post
    post = post.copy()
    for name, values in changed.items():
        post.setlist(name, values)
    return post


def _without_unusable_next(query):
    next_url = query.get("next")
    if next_url is None or (next_url.startswith("/") and not next_url.startswith("//")):
        return query
    query = query.copy()
    del query["next"]
    return query
