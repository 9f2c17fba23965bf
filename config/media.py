"""Uploaded media served by Django in the embedded deployment (a web server or S3 does it in production).

Wagtail renditions (`images/…`) never change under their name: a new original or a new filter spec gets a
new file name, so browsers may keep them for a year. Originals may be replaced by editors: a day.
"""

from django.conf import settings
from django.views.static import serve

RENDITIONS = "images/"
YEAR = 365 * 24 * 3600
DAY = 24 * 3600


def serve_media(request, path):
    response = serve(request, path, document_root=settings.MEDIA_ROOT)
    if response.status_code == 200:
        if path.startswith(RENDITIONS):
            response["Cache-Control"] = f"public, max-age={YEAR}, immutable"
        else:
            response["Cache-Control"] = f"public, max-age={DAY}"
    return response
