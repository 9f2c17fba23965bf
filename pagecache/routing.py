"""Serving a Wagtail page in a fixed, small number of queries.

Wagtail routes a request one tree level at a time (a query, plus one for the specific page, per
level). Here the page is fetched by its `url_path` in one query, typed by a small cache of
url_path → page type that heals itself when a page is replaced. The site and the site settings come
from the cache too (cleared when they are saved). Anything unusual (no page at that exact path, a
routable page) is left to Wagtail's own routing.
"""

import time

from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.cache import caches
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import Http404
from django.http.request import split_domain_port
from django.views.decorators.csrf import csrf_exempt
from wagtail import views as wagtail_views
from wagtail.contrib.settings.registry import registry as settings_registry
from wagtail.models import Page, PageViewRestriction, Site
from wagtail.models.sites import get_site_for_hostname

from .decorators import PAGE_METHODS, refuse_other_methods
from .middleware import mark_public

SITE_KEY = "routing:site:{host}:{port}"
SETTINGS_KEY = "routing:settings:{site_id}:{label}"
TYPE_KEY = "routing:type:{url_path}"
RESTRICTIONS_KEY = "routing:any-view-restriction"
SITES_VERSION_KEY = "routing:sites-version"
LIFETIME = 3600


class _SharedCache:
    """The page cache's store: shared by every process (files or Redis), unlike the default cache,
    which is process memory in the embedded default. A site or setting saved in one process must
    not linger in another."""

    def __getattr__(self, name):
        return getattr(caches[settings.PAGE_CACHE_ALIAS], name)


cache = _SharedCache()


def _sites_version():
    version = cache.get(SITES_VERSION_KEY)
    if version is None:
        cache.add(SITES_VERSION_KEY, time.time_ns(), timeout=None)
        version = cache.get(SITES_VERSION_KEY)
    return version


def cached_site(request):
    """Site.find_for_request, from the cache (Wagtail queries the sites on every request)."""
    if hasattr(request, "_wagtail_site"):
        return request._wagtail_site
    hostname = split_domain_port(request._get_raw_host())[0]
    port = request.get_port()
    key = f"{SITE_KEY.format(host=hostname, port=port)}:{_sites_version()}"
    site = cache.get(key)
    if site is None:
        try:
            site = get_site_for_hostname(hostname, port)
        except Site.DoesNotExist:
            site = None
        cache.set(key, site or "", LIFETIME)
    request._wagtail_site = site or None
    return request._wagtail_site


def prime_settings(request, site) -> None:
    """Put every registered site setting on the request, as `for_request` would, from the cache."""
    models = list(settings_registry)
    keys = {SETTINGS_KEY.format(site_id=site.pk, label=model._meta.label_lower): model for model in models}
    found = cache.get_many(list(keys))
    for key, model in keys.items():
        instance = found.get(key)
        if instance is None:
            if not hasattr(model, "for_site"):
                continue
            instance = model.for_site(site)
            cache.set(key, instance, LIFETIME)
        instance._request = request
        setattr(request, model.get_cache_attr_name(), instance)


def any_view_restriction() -> bool:
    found = cache.get(RESTRICTIONS_KEY)
    if found is None:
        found = PageViewRestriction.objects.exists()
        cache.set(RESTRICTIONS_KEY, found, LIFETIME)
    return found


def page_at(site, path):
    """The live page at this path under the site's root, specific, in one query (None if none)."""
    url_path = site.root_page.url_path + "/".join(part for part in path.split("/") if part)
    url_path = url_path.rstrip("/") + "/"
    type_key = TYPE_KEY.format(url_path=url_path)
    content_type_id = cache.get(type_key)
    if content_type_id is not None:
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        page = _live_page(model, url_path) if model else None
        if page is not None:
            return page
    row = Page.objects.filter(url_path=url_path, live=True).values_list("content_type_id", flat=True).first()
    if row is None:
        return None
    cache.set(type_key, row, LIFETIME)
    return _live_page(ContentType.objects.get_for_id(row).model_class(), url_path)


def _live_page(model, url_path):
    """The page with what its own template shows at once: a page type may name the relations in
    `serve_select_related` (e.g. a product's picture and producer), joined into this same query."""
    pages = model.objects.filter(url_path=url_path, live=True)
    related = getattr(model, "serve_select_related", ())
    return (pages.select_related(*related) if related else pages).first()


def _none():
    return ()


@csrf_exempt  # no page type takes a form (see decorators.PAGE_METHODS); one that does must come off this
def serve(request, path):
    """Wagtail's serve view with the site, settings and page found cheaply beforehand."""
    refused = refuse_other_methods(request)
    if refused is not None:
        return refused
    site = cached_site(request)
    if site is None:
        raise Http404
    page = page_at(site, path)
    if page is not None:
        request._wagtail_route_for_request = (page, [], {})
        if not any_view_restriction():
            page.get_view_restrictions = _none  # known: none anywhere (no query to build, either)
            mark_public(request)
    return wagtail_views.serve(request, path)


serve.http_methods = PAGE_METHODS  # pagecache/methods.py: a 405's Allow names them


@receiver(post_save, sender=Site)
@receiver(post_delete, sender=Site)
def _sites_changed(**kwargs):
    cache.set(SITES_VERSION_KEY, time.time_ns(), timeout=None)


@receiver(post_save)
@receiver(post_delete)
def _setting_or_restriction_changed(sender, instance, **kwargs):
    if isinstance(instance, PageViewRestriction):
        cache.delete(RESTRICTIONS_KEY)
    elif sender in settings_registry and getattr(instance, "site_id", None):
        cache.delete(SETTINGS_KEY.format(site_id=instance.site_id, label=sender._meta.label_lower))
