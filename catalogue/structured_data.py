"""schema.org Product JSON-LD for product pages: what search engines and shopping apps read."""

import json

from django.utils.safestring import mark_safe

from .gtin import short_gtin
from .renditions import rendition_url

# The characters that could close the <script> element or open a comment inside it.
_SCRIPT_ESCAPES = {ord("<"): "\\u003C", ord(">"): "\\u003E", ord("&"): "\\u0026"}
# The picture search engines and shopping apps are given: a square, as Google's product results show.
IMAGE_SPEC = "fill-800x800"


def product_json_ld(product, pack_sizes, producer, request) -> dict:
    url = product.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": product.title,
        "description": product.summary,
        "url": url,
        "sku": pack_sizes[0].sku if pack_sizes else None,
        "offers": [
            {
                "@type": "Offer",
                "name": pack.label,
                "sku": pack.sku,
                "gtin13": short_gtin(pack.gtin),
                "price": pack.price,
                "priceCurrency": "VND",
                "availability": "https://schema.org/InStock"
                if pack.stock > 0
                else "https://schema.org/OutOfStock",
                "url": url,
            }
            for pack in pack_sizes
        ],
    }
    if pack_sizes:
        data["gtin13"] = short_gtin(pack_sizes[0].gtin)
    if producer is not None:
        data["brand"] = {"@type": "Brand", "name": producer.title}
        data["manufacturer"] = {
            "@type": "Organization",
            "name": producer.title,
            "url": producer.get_full_url(request),
            "address": {
                "@type": "PostalAddress",
                "streetAddress": producer.street_address,
                "addressLocality": producer.commune.name if producer.commune_id else "",
                "addressRegion": producer.province.name,
                "addressCountry": "VN",
            },
        }
    image = rendition_url(product.image, IMAGE_SPEC) if product.image_id else None
    if image:
        data["image"] = image
    if product.badge and not product.badge.expired:
        data["award"] = product.badge.label
    return {key: value for key, value in data.items() if value is not None}


def as_script_json(data: dict) -> str:
    return mark_safe(json.dumps(data, ensure_ascii=False).translate(_SCRIPT_ESCAPES))  # noqa: S308


def combo_json_ld(combo, request) -> dict:
    """A gift combo as one schema.org Product with its own offer; its components as related products."""
    url = combo.get_full_url(request)
    data = {
        "@context": "https://schema.org",
        "@type": "Product",
        "name": combo.title,
        "description": combo.summary,
        "url": url,
        "sku": f"combo-{combo.pk}",
        "offers": {
            "@type": "Offer",
            "price": combo.price,
            "priceCurrency": "VND",
            "availability": "https://schema.org/InStock"
            if combo.is_available
            else "https://schema.org/OutOfStock",
            "url": url,
        },
        "isRelatedTo": [
            {
                "@type": "Product",
                "name": component.pack_size.full_label,
                "gtin13": short_gtin(component.pack_size.gtin),
                "url": component.pack_size.product.get_full_url(request),
            }
            for component in combo.component_list
            if component.shows_product  # an unpublished or restricted product is neither linked nor described
        ],
    }
    image = rendition_url(combo.image, IMAGE_SPEC) if combo.image_id else None
    if image:
        data["image"] = image
    return data
