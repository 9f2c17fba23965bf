"""Template filters for money (`catalogue.money`), phones (`catalogue.phone`) and stars."""

from django import template
from django.utils.translation import gettext as _

from catalogue import phone
from catalogue.money import format_vnd

register = template.Library()


@register.filter
def vnd(amount):
    """45000 → "45.000 ₫" (see `catalogue.money.format_vnd`)."""
    return format_vnd(amount)


@register.filter
def phone_link(number):
    """A phone as a `tel:` link (E.164, or as written for 1800/1900 numbers), shown as "0912 345 678"
    (see `catalogue.phone.phone_link`)."""
    return phone.phone_link(number)


@register.filter
def star_glyphs(count):
    try:
        return "★" * int(count)
    except (TypeError, ValueError):
        return ""


@register.inclusion_tag("catalogue/includes/badge.html")
def ocop_badge(product, size="small"):
    return {
        "badge": product.badge,
        "size": size,
        "expired_label": _("Chứng nhận OCOP đã hết hạn"),
        "revoked_label": _("Chứng nhận OCOP đã bị thu hồi"),
    }
