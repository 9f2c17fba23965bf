"""The order page's recall notices: what the buyer was told about lots this order shipped from."""

from django import template

from traceability import gs1

from ..shipment_models import RecallNotice

register = template.Library()


@register.inclusion_tag("storefront/includes/order_recalls.html")
def order_recalls(order):
    # The notice in force of each lot, not those it replaced (a warning that became a recall).
    notices = (
        RecallNotice.objects.filter(order=order, ended_at=None)
        .exclude(lot__notice_level="")
        .select_related("lot__pack_size__product")
    )
    return {"notices": [(n, gs1.lot_path(n.lot.pack_size.gtin, n.lot.code)) for n in notices]}
