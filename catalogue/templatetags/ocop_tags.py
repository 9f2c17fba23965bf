"""Money and stars, formatted in one place: prices as `45.000 ₫` (VND has no minor unit)."""

from django import template
from django.utils.translation import gettext as _

register = template.Library()


@register.filter
def vnd(amount):
    """45000 → "45.000 ₫"; Vietnamese groups thousands with a dot."""
    if amount is None or amount == "":
        return ""
    try:
        value = int(amount)
    except (TypeError, ValueError):
        return ""
    sign = "-" if value < 0 else ""
    return f"{sign}{abs(value):,}".replace(",", ".") + "\u00a0₫"


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
