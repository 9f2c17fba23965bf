"""{% page_meta %}: the description, canonical, hreflang and share tags of the page being rendered.
{% site_description %}: the shop's line, for pages that describe nothing of their own (error pages).
{% shared_url page %}: the page's address to share, in the language it is shown in."""

from django import template
from django.core.paginator import Page as PaginatedPage

from cms.seo import SaidInContext, in_shown_language, site_description
from cms.seo import page_meta as build_page_meta

register = template.Library()

# The context names of the listings that paginate (catalogue pages and search).
PAGINATED = ("products", "producers")


@register.simple_tag(takes_context=True)
def page_meta(context, title=""):
    return build_page_meta(
        context.get("request"),
        context.get("page"),
        title=str(title),
        pack_sizes=context.get("pack_sizes"),
        page_number=shown_page_number(context),
        said=SaidInContext.from_context(context),
    )


@register.simple_tag(takes_context=True)
def shared_url(context, page) -> str:
    return in_shown_language(page.get_full_url(context.get("request")))


@register.simple_tag(name="site_description")
def site_description_tag() -> str:
    return site_description()


def shown_page_number(context) -> int:
    """The number of the listing page shown (past the last, the last: what the page holds)."""
    for name in PAGINATED:
        listing = context.get(name)
        if isinstance(listing, PaginatedPage):
            return listing.number
    return 1
