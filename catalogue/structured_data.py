"""schema.org JSON-LD for the catalogue's pages (products, combos, producers, stores, breadcrumb
trails): what search engines and shopping apps read."""

import json
from urllib.parse import urljoin

from django.utils.safestring import mark_safe

from .gtin import short_gtin
from .phone import dialled
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
            "address": postal_address(producer),
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


def postal_address(place) -> dict:
    """A producer's or store's address (places.mixins.AddressMixin) in today's units: the commune as
    the locality, the province as the region."""
    return {
        "@type": "PostalAddress",
        "streetAddress": place.street_address,
        "addressLocality": place.commune.name if place.commune_id else "",
        "addressRegion": place.province.name,
        "addressCountry": "VN",
    }


def _place_json_ld(page, schema_type, request) -> dict:
    """What a producer's and a store's JSON-LD share: name, page, address and the phone the page shows,
    as its link dials it (E.164, but a 1800/1900 service number as written, which many networks do not
    connect dialled as +84); a number that is no valid phone is shown as typed but never put here."""
    data = {
        "@context": "https://schema.org",
        "@type": schema_type,
        "name": page.title,
        "url": page.get_full_url(request),
        "address": postal_address(page),
    }
    telephone = dialled(page.phone)
    if telephone:
        data["telephone"] = telephone
    return data


def producer_json_ld(producer, request) -> dict:
    """A producer ("chủ thể OCOP") as a schema.org Organization."""
    data = _place_json_ld(producer, "Organization", request)
    if producer.summary:
        data["description"] = producer.summary
    if producer.website:
        data["sameAs"] = producer.website
    return data


def store_json_ld(store, request) -> dict:
    """An OCOP store as a schema.org LocalBusiness. Its hours are free text as the store typed them
    ("7:00–21:00 hằng ngày"), so they are given as that text, not as structured specifications; it
    has no coordinates, so no `geo`."""
    data = _place_json_ld(store, "LocalBusiness", request)
    if store.description:
        data["description"] = store.description
    if store.opening_hours:
        data["openingHours"] = store.opening_hours
    if store.map_url:
        data["hasMap"] = store.map_url
    return data


def breadcrumb_json_ld(crumbs, root_url: str) -> dict:
    """The breadcrumb trail a page shows, as a schema.org BreadcrumbList: the same names and links
    (`crumbs`: dicts with `name` and `url`, relative or absolute), made absolute on the site's root."""
    return {
        "@context": "https://schema.org",
        "@type": "BreadcrumbList",
        "itemListElement": [
            {
                "@type": "ListItem",
                "position": position,
                "name": crumb["name"],
                "item": urljoin(root_url.rstrip("/") + "/", crumb["url"]),
            }
            for position, crumb in enumerate(crumbs, start=1)
        ],
    }
