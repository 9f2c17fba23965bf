"""A search is read by its first MAX_QUERY_LENGTH characters, wherever it is sent.

A product description pasted into the search box (1,300 characters of Vietnamese, 4.5 KB of request
line once percent-encoded) went past gunicorn's request line limit, and the shopper got its bare
English "414 URI Too Long" page with no way back. The site's search boxes take no more than this
(`maxlength`, templates/base.html and the search, 404 and resolver error pages), gunicorn is started
with its largest request line (`--limit-request-line 8190`: Makefile, Dockerfile, docker-compose.yml)
for links and scripts that send more, and what reaches Django is cut here: the search page and its
suggestions (`q`), the API (`?search=`), the admin's search boxes (`q`). No search needs more words
than these characters hold (search/query.py reads a few words only).
"""

from search.query import MAX_QUERY_CHARS as MAX_QUERY_LENGTH  # what the search itself reads of a query

API_PREFIX = "/api/"


class SearchLengthMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        names = {"q", "search"} if request.path.startswith(API_PREFIX) else {"q"}
        request.GET = _cut(request.GET, names)
        return self.get_response(request)


def _cut(query, names):
    if all(len(value) <= MAX_QUERY_LENGTH for name in names for value in query.getlist(name)):
        return query
    query = query.copy()
    for name in names & query.keys():
        query.setlist(name, [value[:MAX_QUERY_LENGTH] for value in query.getlist(name)])
    query._mutable = False
    return query
