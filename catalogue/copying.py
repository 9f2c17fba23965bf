"""Copying pages that hold products. A copied product has no pack sizes: their SKU and GTIN belong to
the original and must stay unique (`ProductPage.exclude_fields_in_copy`), so the copy has no price and
no offer, and stays a draft until its editor adds one and publishes it. An alias would copy the
original's pack sizes, GTINs included, so products are never aliased. Used by the admin's copy form
(forms.ProductCopyForm) and the admin API's copy and alias actions (admin_api.py)."""

from django.apps import apps
from django.utils.translation import gettext_lazy as _

NOT_LIVE_WITHOUT_PACK_SIZES = _(
    "Sản phẩm được sao chép chưa có quy cách đóng gói (mã SKU và GTIN là của bản gốc) nên chưa thể "
    "xuất bản: hãy sao chép không chọn mục này, thêm quy cách cho từng sản phẩm rồi xuất bản."
)


def _product_page():
    return apps.get_model("catalogue", "ProductPage")  # models.py imports the forms that import this


def is_product(page) -> bool:
    return issubclass(page.specific_class, _product_page())


def copies_a_product(page, *, recursive: bool) -> bool:
    """Whether copying `page` (with its subpages when `recursive`) makes a copy of a product."""
    return is_product(page) or (recursive and page.get_descendants().type(_product_page()).exists())
