"""Template filters for money (`catalogue.money`), phones (`catalogue.phone`), the shop's clock
(`catalogue.vietnam_time`) and stars."""

from django import template
from django.utils.translation import gettext as _

from catalogue import phone
from catalogue.money import format_vnd
from catalogue.vietnam_time import TIME_THEN_DATE, format_vietnam_time

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
def vietnam_time(moment, pattern=TIME_THEN_DATE):
    """A moment a buyer reads, on the shop's clock: "20:55 01/12/2026", in English followed by
    "(Vietnam time, UTC+7)" (see `catalogue.vietnam_time.format_vietnam_time`)."""
    return format_vietnam_time(moment, pattern)


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
