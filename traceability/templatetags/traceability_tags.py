"""The product page's traceability parts: the "Truy xuất nguồn gốc" box (the product's newest lots, in
one query, with the recalls and warnings in force) and, at the top after a walk-up from an unknown lot,
the notice that we have no record of it (from an unknown serial: the warning that the package is not
genuine)."""

from django import template
from django.db.models import Q

from ..checks import Status
from ..gs1 import SCANNED_GTIN_PARAM, UNKNOWN_LOT_PARAM, UNKNOWN_SERIAL_PARAM, lot_path
from ..models import LOT_CODE_RE, Lot
from ..reports import report_url
from ..serials import SERIAL_RE

register = template.Library()

LOTS_SHOWN = 5
NEWEST_FIRST = ("-production_date", "code", "pk")


@register.inclusion_tag("traceability/includes/product_lots.html", takes_context=True)
def product_lots(context, product):
    of_product = Lot.objects.filter(pack_size__product=product)
    newest = of_product.order_by(*NEWEST_FIRST).values("pk")[:LOTS_SHOWN]
    # The newest lots and those with a notice (any lot of the product, not only the newest ones
    # shown) in one query: no lot outside the newest ranks above them, so they come first.
    rows = list(
        of_product.filter(Q(pk__in=newest) | ~Q(notice_level=""))
        .select_related("pack_size")
        .order_by(*NEWEST_FIRST)
    )
    lots = rows[:LOTS_SHOWN]
    noticed = [lot for lot in rows if lot.notice_level and lot.notice_active]
    return {
        "lots": [(lot, lot_path(lot.pack_size.gtin, lot.code)) for lot in lots],
        "noticed": [(lot, lot_path(lot.pack_size.gtin, lot.code)) for lot in noticed],
    }


@register.inclusion_tag("traceability/includes/scan_walk_up.html", takes_context=True)
def scan_walk_up(context):
    """At the top of the product page a scan walked up to: the code scanned is not one we know. No
    query: the resolver names the code in the query string."""
    request = context.get("request")
    unknown_lot = request.GET.get(UNKNOWN_LOT_PARAM, "") if request is not None else ""
    unknown_serial = request.GET.get(UNKNOWN_SERIAL_PARAM, "") if request is not None else ""
    # Only a plausible lot code or serial is echoed back (the page never repeats arbitrary input).
    unknown_serial = unknown_serial if SERIAL_RE.match(unknown_serial) else ""
    return {
        "unknown_lot": unknown_lot if LOT_CODE_RE.match(unknown_lot) and not unknown_serial else "",
        "unknown_serial": unknown_serial,
        "report_url": _report_url(unknown_serial, request.GET.get(SCANNED_GTIN_PARAM, ""))
        if unknown_serial
        else "",
    }


def _report_url(serial: str, gtin: str) -> str:
    gtin = gtin if gtin.isdigit() and len(gtin) == 14 else ""  # only a GTIN is passed on to the form
    return report_url(gtin, serial=serial, status=Status.UNKNOWN)
