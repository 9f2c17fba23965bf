"""Template tags for what every shopper-facing page shares: the breadcrumb trail."""

from django import template
from wagtail.models import Site

register = template.Library()


@register.simple_tag(takes_context=True)
def page_trail(context, page):
    """The page's ancestors from the site's home page down (one query), for a breadcrumb trail."""
    request = context.get("request")
    site = Site.find_for_request(request) if request is not None else None
    if page is None or site is None or not getattr(page, "path", None):
        return []
    root = site.root_page
    return list(page.get_ancestors().filter(depth__gte=root.depth, path__startswith=root.path))
