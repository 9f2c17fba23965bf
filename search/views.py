"""Thin views over the search service: the results page (also the catalogue's browse page) and the
autocomplete JSON for the header's search box."""

from django.http import JsonResponse
from django.shortcuts import render
from django.utils.translation import get_language
from django.views.decorators.http import require_safe

from catalogue.ratelimit import rate_limit
from cms.middleware import asked_language
from pagecache.methods import SAFE, takes_methods

from . import service
from .query import SORTS


@require_safe
def search(request):
    # Asked for in English by its ?lang=en link, the page's filters, chips and sort keep English, as
    # its pagination does (the condition of catalogue/includes/pagination.html).
    asked = request.GET.get("lang", "")
    page = service.search_page(request.GET, language=asked if asked == get_language() else "")
    context = {
        "search": page,
        "query": page.query.q,  # kept in the search boxes as typed
        # What the heading says was searched for: nothing when the query holds no word to search
        # ("🍬", "*", "()"), which lists every product as an empty query does; "4 sao" and a barcode search.
        "searched_for": page.query.q if page.query.asks_anything else "",
        "products": page.products,
        "query_string": page.query_string,
        "sorts": [(key, service.SORT_LABELS[key]) for key in SORTS],
    }
    return render(request, "search/search.html", context)


@takes_methods(*SAFE)  # a POST or PUT gets a 405, not the CSRF check's "session expired"
@rate_limit("suggest", methods=("GET", "HEAD"), json=True)
def suggest(request):
    # The header box of a page shown by ?lang=en asks in English: its links keep the language.
    found = service.suggestions(request.GET.get("q", ""), request, language=asked_language(request))
    response = JsonResponse({"suggestions": found})
    response["Cache-Control"] = "public, max-age=60"
    return response
