"""The product page's "Truy xuất nguồn gốc" box: the product's newest lots, in one query."""

from django import template

from ..gs1 import lot_path
from ..models import Lot

register = template.Library()

LOTS_SHOWN = 5


@register.inclusion_tag("traceability/includes/product_lots.html")
def product_lots(product):
    lots = list(
        Lot.objects.filter(pack_size__product=product)
        .select_related("pack_size")
        .order_by("-production_date", "code")[:LOTS_SHOWN]
    )
    return {"lots": [(lot, lot_path(lot.pack_size.gtin, lot.code)) for lot in lots]}
