"""A lot as JSON-LD (schema.org): the digital product passport a JSON client gets from the resolver.

Every address in it is on SITE_URL (the Wagtail Site's root URL), never the Host the request named.

It carries the minimum of Decree 37/2026/NĐ-CP: product name and GTIN; producer's name, address and
identifier; origin; traceability events; conformity certificates; production and expiry dates;
safety warnings.
"""

from django.utils.translation import gettext as _

from catalogue.gtin import short_gtin
from catalogue.origin import absolute
from catalogue.phone import dialled
from catalogue.renditions import rendition_url

from .gs1 import lot_uri, product_uri

PHOTO_SPEC = "fill-800x800"  # as the product page's JSON-LD (catalogue.structured_data)


def _date(value):
    return value.isoformat() if value else None


def _property(property_id, name, value):
    return {"@type": "PropertyValue", "propertyID": property_id, "name": name, "value": value}


def _compact(data: dict) -> dict:
    return {key: value for key, value in data.items() if value not in (None, "", [])}


def producer_json(producer, request) -> dict | None:
    if producer is None:
        return None
    return _compact(
        {
            "@type": "Organization",
            "@id": producer.get_full_url(request),
            "identifier": str(producer.pk),
            "name": producer.title,
            "url": producer.get_full_url(request),
            "telephone": dialled(producer.phone),  # as the producer's page links it
            "address": _compact(
                {
                    "@type": "PostalAddress",
                    "streetAddress": producer.street_address,
                    "addressLocality": producer.commune.name if producer.commune_id else "",
                    "addressRegion": producer.province.name,
                    "addressCountry": "VN",
                }
            ),
        }
    )


def certificate_json(certificate) -> dict:
    return _compact(
        {
            "@type": "Certification",
            "name": certificate.get_kind_display(),
            "identifier": certificate.number,
            "issuedBy": {"@type": "Organization", "name": certificate.issuer},
            "validFrom": _date(certificate.valid_from),
            "expires": _date(certificate.valid_until),
            "certificationStatus": "CertificationInactive"
            if certificate.is_expired
            else "CertificationActive",
            "url": absolute(certificate.document.url) if certificate.document_id else None,
            "about": "lot" if certificate.lot_id else "producer",
        }
    )


def ocop_certification_json(product) -> dict | None:
    """The product's OCOP recognition from its "Chứng nhận OCOP" record, the one source of its stars:
    inactive once lapsed, revoked or superseded, as the page says."""
    record = product.certification
    if record is None:
        return None
    return _compact(
        {
            "@type": "Certification",
            "name": _("Quyết định công nhận OCOP"),
            "identifier": record.decision_number,
            "certificationIdentification": record.decision_number,
            "certificationRating": {"@type": "Rating", "ratingValue": record.stars, "bestRating": 5},
            "validFrom": _date(record.decision_date),
            "expires": _date(record.valid_until),
            "certificationStatus": "CertificationActive" if record.in_force else "CertificationInactive",
            "about": "product",
        }
    )


def event_json(event) -> dict:
    evidence = None
    if event.document_id:
        evidence = absolute(event.document.url)
    elif event.image_id:
        evidence = absolute(event.image.file.url)
    return _compact(
        {
            "@type": "Event",
            "additionalType": event.kind,
            "name": event.get_kind_display(),
            "startDate": event.occurred_at.isoformat(),
            "location": {"@type": "Place", "name": event.place},
            "organizer": {"@type": "Organization", "name": event.actor},
            "description": event.description,
            "url": evidence,
        }
    )


def notice_text(lot) -> list[str]:
    """The recall or warning in force, as a buyer reads it on the page: which it is, why, what to do.
    Nothing before it starts or after its last day, as on the page."""
    if not lot.notice_active:
        return []
    lines = [f"{lot.get_notice_level_display()}: {lot.notice}"]
    if lot.notice_action:
        what_to_do = _("Bạn nên làm gì")  # as the banner says it
        lines.append(f"{what_to_do}: {lot.notice_action}")
    return lines


def notice_properties(lot) -> list[dict]:
    """The same notice for software: its kind (`recall` or `warning`), what to do and its dates."""
    if not lot.notice_active:
        return []
    properties = [
        ("noticeLevel", "Cảnh báo / thu hồi", lot.notice_level),
        ("noticeAction", "Người mua nên làm gì", lot.notice_action),
        ("noticeFrom", "Áp dụng từ", lot.notice_from.isoformat() if lot.notice_from else None),
        ("noticeUntil", "Áp dụng đến hết ngày", _date(lot.notice_until)),
    ]
    return [_property(*prop) for prop in properties if prop[2]]


def raw_material_properties(lot) -> list[dict]:
    """Where the raw material was grown, by whom and when it was harvested. schema.org has no term for
    them (`material` names what a thing is made of, not where from), so they are the lot's properties."""
    properties = [
        ("rawMaterialArea", "Vùng nguyên liệu", lot.raw_material_area),
        ("rawMaterialGrower", "Hộ trồng / hợp tác xã cung cấp", lot.raw_material_grower),
        ("harvestDate", "Ngày thu hoạch nguyên liệu", _date(lot.harvest_date)),
    ]
    return [_property(*prop) for prop in properties if prop[2]]


def lot_json_ld(lot, events, certificates, scans, request, product_url) -> dict:
    pack = lot.pack_size
    product = pack.product
    producer = product.producer
    data = {
        "@context": "https://schema.org",
        "@type": ["Product", "SomeProducts"],
        "@id": lot_uri(pack.gtin, lot.code),
        "url": lot_uri(pack.gtin, lot.code),
        "name": product.title,
        "description": product.summary,
        "gtin": pack.gtin,
        "gtin13": short_gtin(pack.gtin),
        "sku": pack.sku,
        "size": pack.label,
        # Without its url (and sameAs) while the product is not on sale: its page is not served then.
        "isVariantOf": _compact({"@type": "ProductGroup", "name": product.title, "url": product_url}),
        "productID": lot.code,
        "identifier": [_property("gs1:10", "Số lô", lot.code), _property("gs1:01", "GTIN", pack.gtin)],
        "productionDate": _date(lot.production_date),
        "additionalProperty": [
            _property("gs1:17", "Hạn sử dụng (HSD)", _date(lot.expiry_date)),
            _property("gs1:11", "Ngày sản xuất (NSX)", _date(lot.production_date)),
            _property("quantity", "Số lượng sản xuất", lot.quantity),
            _property("scanCount", "Số lượt quét", scans.count),
            *raw_material_properties(lot),
            *notice_properties(lot),
            *([_property("demo", "Dữ liệu minh hoạ", True)] if lot.is_demo else []),
        ],
        "countryOfOrigin": {"@type": "Country", "name": "VN"},
        "countryOfAssembly": "VN",
        "manufacturer": producer_json(producer, request),
        "subjectOf": [event_json(event) for event in events],
        "hasCertification": [
            *filter(None, [ocop_certification_json(product)]),
            *(certificate_json(certificate) for certificate in certificates),
        ],
        "award": product.badge.label if product.badge and not product.badge.expired else None,
        "safetyConsideration": notice_text(lot),
        "sameAs": product_uri(pack.gtin) if product_url else None,
        "image": rendition_url(product.image, PHOTO_SPEC) if product.image_id else None,
    }
    return _compact(data)


def product_json_ld(pack, request, product_url) -> dict:
    product = pack.product
    return _compact(
        {
            "@context": "https://schema.org",
            "@type": "Product",
            "@id": product_uri(pack.gtin),
            "name": product.title,
            "description": product.summary,
            "gtin": pack.gtin,
            "gtin13": short_gtin(pack.gtin),
            "sku": pack.sku,
            "size": pack.label,
            "url": product_url,
            "manufacturer": producer_json(product.producer, request),
            "offers": {"@type": "Offer", "price": pack.price, "priceCurrency": "VND", "url": product_url},
        }
    )


def with_serial(data: dict, link, check) -> dict:
    """The lot's record as seen through one package's code: its serial and what its check says."""
    data = dict(data)
    data["@type"] = ["Product", "IndividualProduct"]  # one package: schema.org's serialNumber is its
    data["@id"] = data["url"] = link.uri
    data["serialNumber"] = link.serial
    data["identifier"] = [*data.get("identifier", []), _property("gs1:21", "Số sê-ri", link.serial)]
    properties = [
        _property("serialStatus", "Kết quả kiểm tra mã", check.for_apps),
        _property("checkCount", "Số lần kiểm tra mã", check.count),
    ]
    if check.first_at:
        properties.append(_property("firstCheckedAt", "Kiểm tra lần đầu", check.first_at.isoformat()))
    data["additionalProperty"] = [*data.get("additionalProperty", []), *properties]
    return data
