"""What a lot's page says when a buyer shares it (Zalo, Facebook) or a search engine reads it: its own
title, what the lot is (a recall or warning in force first), its product's picture and the lot's
Digital Link as its address; read by `cms.seo` from the template context (see `SaidInContext`).

A package's page (`…/21/{serial}`) shares its lot: the serial is the buyer's own code, which a share
or an index must not spread, so the page names its lot as canonical and asks not to be indexed.
"""

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from . import gs1
from .passport import notice_text

DATE_FORMAT = "d/m/Y"  # as the page shows NSX and HSD


def page_title(lot, product) -> str:
    return _("Truy xuất lô %(code)s – %(title)s") % {"code": lot.code, "title": product.title}


def description(lot, product) -> str:
    """'Kẹo dừa sầu riêng của Công ty TNHH Đông Á, lô L2406-01: sản xuất ngày …, hạn sử dụng đến …',
    after the recall's or warning's own words while one is in force."""
    facts = {
        "product": product.title,
        "lot": lot.code,
        "made": date_format(lot.production_date, DATE_FORMAT),
        "expires": date_format(lot.expiry_date, DATE_FORMAT),
    }
    if product.producer_id:
        facts["producer"] = product.producer.title
        what = _(
            "%(product)s của %(producer)s, lô %(lot)s: sản xuất ngày %(made)s, hạn sử dụng đến %(expires)s."
        )
    else:
        what = _("%(product)s, lô %(lot)s: sản xuất ngày %(made)s, hạn sử dụng đến %(expires)s.")
    return " ".join([*notice_text(lot)[:1], what % facts])


def share_context(lot, product, link) -> dict:
    """The lot page's template context for its share and search tags."""
    return {
        "meta_title": page_title(lot, product),
        "meta_description": description(lot, product),
        "meta_canonical": gs1.lot_uri(lot.pack_size.gtin, lot.code),
        "meta_image_of": product,
        "meta_noindex": link.serial is not None,
    }
