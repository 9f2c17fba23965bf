"""{% page_meta %}: the description, canonical, hreflang and share tags of the page being rendered."""

from django import template

from cms.seo import page_meta as build_page_meta

register = template.Library()


@register.simple_tag(takes_context=True)
def page_meta(context, title=""):
    return build_page_meta(
        context.get("request"), context.get("page"), title=str(title), pack_sizes=context.get("pack_sizes")
    )
