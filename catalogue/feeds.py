"""The product feed for Google Merchant Center (RSS 2.0 with the g: namespace), which Facebook/Instagram
and TikTok catalogues read too: one item per pack size, grouped by product. Each item is plain RSS 2.0
as well (title, link, description, guid), for generic validators and importers.

A fixed number of queries whatever the catalogue's size: pack sizes with their product, producer and image in
one, the products' categories in a second, the Site in a third, then gift combos (one item each, `g:is_bundle`
"yes") in three more (combos with their picture, components, their products' categories; see `combos.feed_combos`). Products
without a photo are left out: every merchant channel rejects an item without `g:image_link`.
"""

import re
from html import unescape
from xml.etree import ElementTree as ET

from django.http import HttpResponse
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.views.decorators.http import conditional_page, require_safe
from wagtail.models import Site

from .combos import merchant_feed_items
from .gtin import short_gtin
from .models import PackSize
from .privacy import under_restriction
from .text import fold

G = "http://base.google.com/ns/1.0"
ET.register_namespace("g", G)

TITLE_LENGTH = 150
DESCRIPTION_LENGTH = 5000
FOOD = "Food, Beverages & Tobacco > Food Items"
HONEY = "Food, Beverages & Tobacco > Food Items > Condiments & Sauces > Honey"
ALCOHOL = "Food, Beverages & Tobacco > Beverages > Alcoholic Beverages"
# Google's product taxonomy, by our category's slug (the full path is accepted as well as the numeric id).
GOOGLE_CATEGORIES = {
    "keo-dua": "Food, Beverages & Tobacco > Food Items > Candy & Chocolate",
    "thach-dua": FOOD,
    "dac-san": FOOD,
    "tra-thao-duoc": "Food, Beverages & Tobacco > Beverages > Tea & Infusions",
    "mat-ong-ruou": FOOD,  # honey and rice wine share it: their titles tell them apart (below)
    "my-pham-tu-dua": "Health & Beauty > Personal Care > Cosmetics",
}
# Words of a product's title (folded, whole words) that name its kind more surely than a category
# holding unlike goods: "Rượu đông trùng hạ thảo" is an alcoholic drink, whatever shelf it sits on,
# and Google restricts where alcohol is advertised.
TITLE_CATEGORIES = (("ruou", ALCOHOL), ("mat ong", HONEY))


def google_category(product) -> str:
    title = f" {' '.join(fold(product.title).split())} "
    for words, google in TITLE_CATEGORIES:
        if f" {words} " in title:
            return google
    for category in product.categories.all():
        if category.slug in GOOGLE_CATEGORIES:
            return GOOGLE_CATEGORIES[category.slug]
    return FOOD


def feed_packs():
    """The pack sizes of the products anyone may see: live, with a photo, under no view restriction
    (a password or sign-in set in the page's Privacy, on the product or its producer), as the sitemap."""
    return (
        PackSize.objects.filter(product__live=True, product__image__isnull=False)
        .exclude(under_restriction("product__path"))
        .select_related("product", "product__producer", "product__image")
        .prefetch_related("product__categories")
        .by_product()
    )


# The end of a paragraph, list item, heading or line: a space, so "…xanh.</p><p>Gói…" stays two words.
BLOCK_END = re.compile(r"(</(?:p|li|h[1-6])>|<br\s*/?>)", re.IGNORECASE)


def plain(html: str, length: int) -> str:
    text = unescape(strip_tags(BLOCK_END.sub(r"\1 ", html or "")))
    return Truncator(" ".join(text.split())).chars(length)


def description(product) -> str:
    """The summary and the description, the description alone when it already holds the summary (the
    demo's is the summary in a paragraph; editors often open with it too): never the same words twice."""
    summary = plain(product.summary, DESCRIPTION_LENGTH)
    body = plain(product.description, DESCRIPTION_LENGTH)
    if summary in body:
        return body
    if body in summary:
        return summary
    return plain(f"{summary} {body}", DESCRIPTION_LENGTH)


def item_fields(pack, request, root: str) -> list[tuple[str, str]]:
    product = pack.product
    url = product.get_url(request=request) or "/"
    image = product.image.file.url
    return [
        ("id", pack.sku),
        ("title", plain(f"{product.title} – {pack.label}", TITLE_LENGTH)),
        ("description", description(product)),
        ("link", url if url.startswith("http") else root + url),
        ("image_link", image if image.startswith("http") else root + image),
        ("availability", "in_stock" if pack.stock > 0 else "out_of_stock"),
        ("price", f"{pack.price} VND"),
        ("brand", product.producer.title if product.producer else "OCOP Việt"),
        ("gtin", short_gtin(pack.gtin)),
        ("condition", "new"),
        ("item_group_id", str(product.pk)),
        ("google_product_category", google_category(product)),
    ]


def build_feed(request) -> bytes:
    site = Site.find_for_request(request)
    root = site.root_url.rstrip("/") if site else request.build_absolute_uri("/").rstrip("/")
    rss = ET.Element("rss", {"version": "2.0"})
    channel = ET.SubElement(rss, "channel")
    ET.SubElement(channel, "title").text = "OCOP Việt"
    ET.SubElement(channel, "link").text = root + "/"
    ET.SubElement(channel, "description").text = "Sản phẩm OCOP – Mỗi xã một sản phẩm"
    for pack in feed_packs():
        add_item(channel, dict(item_fields(pack, request, root)))
    for combo in merchant_feed_items(root):
        add_item(channel, {name.removeprefix("g:"): value for name, value in combo.as_dict().items()})
    return ET.tostring(rss, encoding="utf-8", xml_declaration=True)


def add_item(channel, fields: dict[str, str]) -> None:
    """One <item>: plain RSS 2.0 first (title, link, description and the id as a guid that is no
    link), which generic validators and importers read, then Google's g: elements, which Merchant
    Center reads."""
    item = ET.SubElement(channel, "item")
    for name in ("title", "link", "description"):
        ET.SubElement(item, name).text = fields[name]
    ET.SubElement(item, "guid", {"isPermaLink": "false"}).text = fields["id"]
    for name, value in fields.items():
        ET.SubElement(item, f"{{{G}}}{name}").text = value


# An ETag of the feed's bytes, and a 304 for a reader that has them (Django's ConditionalGetMiddleware,
# for this view): the feed is read again and again by every channel, mostly unchanged.
@conditional_page
@require_safe
def google_merchant_feed(request):
    response = HttpResponse(build_feed(request), content_type="application/rss+xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=3600"
    return response
