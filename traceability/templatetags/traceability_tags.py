"""The product page's "Truy xuất nguồn gốc" box: the product's newest lots, in one query, with the
recalls and warnings in force and, after a walk-up from an unknown lot, the notice that we have no
record of it."""

from django import template

from ..gs1 import UNKNOWN_LOT_PARAM, lot_path
from ..models import LOT_CODE_RE, Lot

register = template.Library()

LOTS_SHOWN = 5


@register.inclusion_tag("traceability/includes/product_lots.html", takes_context=True)
def product_lots(context, product):
    lots = list(
        Lot.objects.filter(pack_size__product=product)
        .select_related("pack_size")
        .order_by("-production_date", "code")[:LOTS_SHOWN]
    )
    # Notices in force on any lot of the product, not only the newest ones shown.
    noticed = [
        lot
        for lot in Lot.objects.filter(pack_size__product=product)
        .exclude(notice_level="")
        .select_related("pack_size")
        .order_by("-production_date")
        if lot.notice_active
    ]
    request = context.get("request")
    unknown = request.GET.get(UNKNOWN_LOT_PARAM, "") if request is not None else ""
    return {
        "lots": [(lot, lot_path(lot.pack_size.gtin, lot.code)) for lot in lots],
        "noticed": [(lot, lot_path(lot.pack_size.gtin, lot.code)) for lot in noticed],
        # Only a plausible lot code is echoed back (the page never repeats arbitrary input).
        "unknown_lot": unknown if LOT_CODE_RE.match(unknown) else "",
    }
