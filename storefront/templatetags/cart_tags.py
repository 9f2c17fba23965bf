"""The header's cart link (templates/includes/cart_link.html)."""

from django import template
from django.utils.translation import ngettext

register = template.Library()


@register.simple_tag
def cart_link_name(count):
    """What a screen reader calls the cart link with `count` items ("Giỏ hàng, 2 sản phẩm"), the number
    left as "%(count)s": pages are the same for every visitor, so static/js/cart-count.js fills it in
    from the cart_count cookie, choosing the form rendered for 1 or for 2."""
    return ngettext("Giỏ hàng, %(count)s sản phẩm", "Giỏ hàng, %(count)s sản phẩm", count)
