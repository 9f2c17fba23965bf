"""What adding to the cart answers, from a product page or a gift combo page.

Without script, the form posts and comes back to the page with the message: a second entry in the
browser's history, so Back must be pressed twice to leave the page. The pages' script
(static/js/add-to-cart.js) posts the same form asking for JSON instead and stays on the page; the
answer carries the message, the fragment that shows it where messages go, and the cart's new count
for the header. Nothing is kept for the next page then, which would show the message a second time.
"""

from django.contrib import messages
from django.contrib.messages.storage.base import Message
from django.http import HttpResponseRedirect, JsonResponse
from django.shortcuts import redirect
from django.template.loader import render_to_string
from django.utils.encoding import iri_to_uri
from django.utils.html import conditional_escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from catalogue.ratelimit import asks_for_json
from cms.templatetags.language_tags import as_content
from pagecache.same_origin import is_our_path

from .cart import COUNT_KEY

ADDED_TAGS = "added-to-cart"  # the message then links to the cart (includes/message.html)


def added(request, quantity: int, name: str):
    """`quantity` × the pack's or gift box's `name` went into the cart."""
    sentence = _("Đã thêm %(quantity)s × “%(name)s” vào giỏ hàng.")
    text = sentence % {"quantity": quantity, "name": name}
    # The name is content: on a page in another language it is marked lang="vi" (as_content), so the
    # message shown is HTML, every part of it escaped (the message cookie keeps it marked safe).
    shown = mark_safe(  # noqa: S308 - the sentence and the name are escaped
        conditional_escape(sentence) % {"quantity": quantity, "name": conditional_escape(as_content(name))}
    )
    return _answer(request, Message(messages.SUCCESS, shown, extra_tags=ADDED_TAGS), text)


def refused(request, text: str):
    """Bad input or a cart that says no (out of stock): the message, and the cart as it was."""
    return _answer(request, Message(messages.ERROR, text), text)


def _answer(request, message: Message, text: str):
    """`message` shown (HTML), `text` its words for the script that has no HTML to show."""
    if not asks_for_json(request):
        messages.add_message(request, message.level, message.message, extra_tags=message.extra_tags)
        return back_to_the_page(request)
    # 200 for a refusal too: an answer the script expects, told apart by "added" (a 4xx would also be
    # logged in the browser's console as a resource that failed to load).
    return JsonResponse(
        {
            "added": message.level == messages.SUCCESS,
            "message": text,
            "cart_count": request.session.get(COUNT_KEY, 0),
            "html": render_to_string("includes/message.html", {"message": message}, request=request),
        }
    )


def back_to_the_page(request, fallback="storefront:cart"):
    """Back to the page the form came from, when `next` is a path on this site; else the fallback.

    `redirect()` would try a non-URL such as "%00" as a view name and answer 500, so the target
    must be a local path, and it is percent-encoded before it goes into the Location header."""
    target = request.POST.get("next", "")
    if is_our_path(request, target):
        return HttpResponseRedirect(iri_to_uri(target))
    return redirect(fallback)
