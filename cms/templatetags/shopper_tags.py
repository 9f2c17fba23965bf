"""Template tags for what every shopper-facing page shares: the breadcrumb trail."""

from django import template
from wagtail.models import Site

from catalogue import tree

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
        ancestors = page.get_ancestors().filter(depth__gte=root.depth, path__startswith=root.path)
        return [{"title": crumb.title, "url": crumb.get_url(request)} for crumb in ancestors]

    return tree.remember_for(request, "trail", page.pk, trail)
