"""A form posted in a charset other than UTF-8 is refused once, before anything reads it: a 400 page in
the visitor's language and one log line.

HTML forms send UTF-8 (the pages say so), so `application/x-www-form-urlencoded; charset=latin-1` or
`utf-16` comes from a forged or misconfigured client. Django refuses to read such a post with
`BadRequest` each time `request.POST` is read, and does not remember the refusal as it does for a
multipart post it cannot parse. Read first by a middleware (the admin's row count, the CSRF check),
the refusal then sent Django's 400 and 500 views (whose `requires_csrf_token` runs the CSRF check
again) into the same error over and over, until gunicorn answered with its own bare 500 and logged
some 1,350 lines of chained tracebacks: a cheap way for anyone to flood the log.
"""

import logging

from django.core.exceptions import BadRequest
from django.utils.log import log_response

from config.errors import bad_request

logger = logging.getLogger("config.form_charset")

FORM = "application/x-www-form-urlencoded"
UTF_8 = "utf-8"


def is_form_in_another_charset(request) -> bool:
    """Whether Django would refuse to read this request's post, by the same test as
    `HttpRequest._load_post_and_files` (a charset Python does not know is ignored there, and here)."""
    return (
        request.method == "POST"
        and request.content_type == FORM
        and request.encoding is not None
        and request.encoding.lower() != UTF_8
    )


class FormCharsetMiddleware:
    """Placed after the language is chosen, so that the 400 page speaks it, and before every layer
    that reads the post."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        if not is_form_in_another_charset(request):
            return self.get_response(request)
        refusal = BadRequest(f"a form posted in {request.encoding}, not UTF-8")
        response = bad_request(request, refusal)
        log_response("%s: %s", str(refusal), request.path, response=response, request=request, logger=logger)
        return response
