"""A web process loads what its first request would otherwise load while a shopper waits.

Django imports the views behind the URLconf, compiles each template and reads each language's
translations the first time a request needs them: the first page after `make run` (or after a
worker restarts in production) took 5.6 s where the next took 0.3 s, measured in process on the busy
2-core development box. config/wsgi.py calls `warm_up()` as the process starts, before it accepts a
connection; the first page then took 0.9 s. Nothing here touches the database or any outside service.
"""

import logging
from pathlib import Path

from django.conf import settings
from django.template import TemplateSyntaxError, engines
from django.urls import get_resolver
from django.utils import translation

logger = logging.getLogger(__name__)


def warm_up() -> None:
    get_resolver().reverse_dict  # noqa: B018 - imports every URLconf and its views, and lists them
    for code, _name in settings.LANGUAGES:
        with translation.override(code):
            translation.gettext("Sản phẩm")  # reads the language's catalogues
    for name in project_templates():
        _compile(name)


def project_templates() -> list[str]:
    """The storefront's own templates (templates/), by the names views ask for them."""
    names = []
    for folder in settings.TEMPLATES[0]["DIRS"]:
        names += sorted(str(path.relative_to(folder)) for path in Path(folder).rglob("*.html"))
    return names


def _compile(name: str) -> None:
    try:
        engines["django"].get_template(name)  # kept compiled by the cached loader
    except TemplateSyntaxError:  # the page that uses it says so when asked for; the server still starts
        logger.exception("template %s does not compile", name)
