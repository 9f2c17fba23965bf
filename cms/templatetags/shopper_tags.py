"""Template tags for what every shopper-facing page shares: the breadcrumb trail, the <title>."""

from django import template
from django.utils.translation import gettext
from wagtail.models import Site

from catalogue import tree
from catalogue.structured_data import as_script_json, breadcrumb_json_ld
from cms import menu_labels

register = template.Library()


@register.simple_tag(takes_context=True)
def page_trail(context, page):
    """The page's ancestors from the site's home page down, as titles and links for a breadcrumb
    trail: one query, once per version of the page tree (catalogue/tree.py)."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if page is None or site is None or not getattr(page, "path", None) or not page.pk:
        return []
    root = site.root_page

    def trail():
        ancestors = page.get_ancestors().filter(depth__gte=root.depth, path__startswith=root.path).specific()
        return [
            {"title": crumb.title, "label": menu_labels.menu_label(crumb), "url": crumb.get_url(request)}
            for crumb in ancestors
        ]

    return tree.remember_for(request, "trail", page.pk, trail)


@register.simple_tag(takes_context=True)
def breadcrumbs(context, page):
    """The breadcrumb a page shows, as names and links: "Trang chủ" for the home page, its other
    ancestors by title, the page itself last. The visible trail and its JSON-LD are both drawn from
    this one list, so they never disagree. Empty when the page has no trail (no site, a preview).
    `content`: the name is a page's title (Vietnamese content), not an index page's label."""
    trail = page_trail(context, page)
    if not trail:
        return []
    home = {"name": gettext("Trang chủ"), "url": trail[0]["url"], "content": False}
    crumbs = [_crumb(crumb["title"], crumb.get("label"), crumb["url"]) for crumb in trail[1:]]
    last = _crumb(page.title, menu_labels.menu_label(page), page.get_url(context.get("request")))
    return [home, *crumbs, last]


def _crumb(title, label, url) -> dict:
    name = menu_labels.shown_title(title, label)
    return {"name": name, "url": url, "content": name == title}


@register.simple_tag
def page_title(page):
    """The page's part of the <title>: an index page's label in a language other than Vietnamese."""
    return menu_labels.page_title(page) if page else ""


@register.simple_tag(takes_context=True)
def breadcrumbs_json_ld(context, crumbs):
    """The trail as a schema.org BreadcrumbList in a <script> tag, its links on the site's root URL."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if not crumbs or site is None:
        return ""
    return as_script_json(breadcrumb_json_ld(crumbs, site.root_url))
