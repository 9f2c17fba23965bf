"""{% shared_path %}: the page's own address, as a cached page may carry it (see middleware.shared_path)."""

from django import template

from pagecache.middleware import shared_path as build_shared_path

register = template.Library()


@register.simple_tag(takes_context=True)
def shared_path(context) -> str:
    request = context.get("request")
    return build_shared_path(request) if request is not None else ""
