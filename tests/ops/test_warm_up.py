"""A web process compiles the storefront's templates and loads its views before its first visitor comes."""

import logging
from unittest import mock

from django.conf import settings
from django.template import engines
from django.template.loaders.filesystem import Loader as FilesystemLoader
from django.test import override_settings
from django.urls import clear_url_caches, get_resolver

from ops.warm_up import project_templates, warm_up


def _cached_loader():
    return engines["django"].engine.template_loaders[0]


def test_after_warm_up_no_storefront_template_is_read_or_compiled_on_a_request():
    _cached_loader().reset()
    clear_url_caches()

    warm_up()

    names = project_templates()
    assert "base.html" in names and "catalogue/product_page.html" in names
    with mock.patch.object(FilesystemLoader, "get_contents", side_effect=AssertionError("read from disk")):
        for name in names:
            engines["django"].get_template(name)
    assert get_resolver()._populated


def test_a_template_that_does_not_compile_is_logged_and_the_process_still_starts(tmp_path, caplog):
    (tmp_path / "broken.html").write_text("{% if %}")
    (tmp_path / "fine.html").write_text("<p>{{ shop }}</p>")
    templates = [{**settings.TEMPLATES[0], "DIRS": [tmp_path]}]
    with override_settings(TEMPLATES=templates), caplog.at_level(logging.ERROR, "ops.warm_up"):
        warm_up()
    assert [record.getMessage() for record in caplog.records] == ["template broken.html does not compile"]
