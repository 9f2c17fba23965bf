"""Uploaded media served by Django in the embedded deployment (a web server or S3 does it in production).

Documents (`documents/…`) are never served here: only Wagtail's document view
(/documents/<id>/<name>) hands them out, after checking their collection's privacy (a producer's
private test report was read by anyone at /media/documents/…, cached publicly for a day).

Wagtail renditions (`images/…`) never change under their name: a new original or a new filter spec gets a
new file name, so browsers may keep them for a year. Originals may be replaced by editors: a day.
"""

import posixpath

from django.conf import settings
from django.http import Http404
from django.views.static import serve

RENDITIONS = "images/"
DOCUMENTS = "documents/"
YEAR = 365 * 24 * 3600
DAY = 24 * 3600


def cache_control(path: str) -> str:
    """How long browsers may keep a medium, by its path under the media root (here, and on the objects
    uploaded to the bucket, ops/media_storage.py)."""
    if path.startswith(RENDITIONS):
        return f"public, max-age={YEAR}, immutable"
    return f"public, max-age={DAY}"


def serve_media(request, path):
    if posixpath.normpath(path).lstrip("/").startswith(DOCUMENTS):  # as serve() reads the path
        raise Http404("documents are served by /documents/")
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200:
        response["Cache-Control"] = cache_control(path)
    return response
