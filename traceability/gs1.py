"""GS1 Digital Link for the resolver: parse `/01/{gtin}[/10/{lot}]`, build lot URIs and linksets.

The GTIN is checked with `catalogue.gtin.normalize_gtin` first (biip pads any length to 14 digits
and does not check the check digit of a path key), then the whole URI, qualifiers and query
attributes included, is validated by biip. Anything that fails is a `LinkError`: a 400, never a 200.
"""

import datetime
from dataclasses import dataclass, field
from urllib.parse import quote

from biip import ParseError
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from django.conf import settings
from django.utils.translation import gettext as _

from catalogue.gtin import InvalidGtin, normalize_gtin

GTIN_AI = "01"
LOT_AI = "10"
EXPIRY_AI = "17"
VOC = "https://gs1.org/voc/"
LINKSET_TYPE = "application/linkset+json"
JSONLD_TYPE = "application/ld+json"
# `linkType=all` is the older spelling of `linkType=linkset` (GS1 Conformant Resolver Standard).
LINKSET_LINK_TYPES = {"linkset", "all"}


class LinkError(ValueError):
    """The path or query is not a valid GS1 Digital Link. `message` is for people, `detail` for debugging."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.detail = detail


@dataclass(frozen=True)
class DigitalLink:
    gtin: str  # always 14 digits
    lot: str | None = None
    # Other application identifiers from the path or query, e.g. {"17": "261231"}; passed on, not keys.
    attributes: dict[str, str] = field(default_factory=dict)
    expiry_date: datetime.date | None = None  # AI (17) when the label carries it

    @property
    def path(self) -> str:
        return lot_path(self.gtin, self.lot) if self.lot else product_path(self.gtin)

    @property
    def uri(self) -> str:
        return settings.SITE_URL + self.path


def product_path(gtin14: str) -> str:
    return f"/{GTIN_AI}/{gtin14}"


def lot_path(gtin14: str, lot: str) -> str:
    # Percent-encode everything outside the unreserved set, as GS1 Digital Link asks for path values.
    return f"/{GTIN_AI}/{gtin14}/{LOT_AI}/{quote(lot, safe='')}"


def lot_uri(gtin14: str, lot: str) -> str:
    """The uncompressed Digital Link printed in the lot's QR code."""
    return settings.SITE_URL + lot_path(gtin14, lot)


def product_uri(gtin14: str) -> str:
    return settings.SITE_URL + product_path(gtin14)


def parse(path: str, query_string: str = "") -> DigitalLink:
    """Parse a decoded request path such as `/01/8935000000015/10/L1/` and its query string."""
    if path.endswith("/"):
        path = path[:-1]  # a trailing slash changes nothing
    segments = path.lstrip("/").split("/")
    if len(segments) < 2 or segments[0] != GTIN_AI:
        raise LinkError(_("Đường dẫn phải có dạng /01/{mã GTIN} hoặc /01/{mã GTIN}/10/{số lô}."))
    if "" in segments:
        raise LinkError(_("Đường dẫn có một đoạn trống."))
    try:
        gtin = normalize_gtin(segments[1])
    except InvalidGtin as error:
        raise LinkError(str(error), detail=segments[1]) from error
    segments[1] = gtin
    encoded = "/".join(quote(segment, safe="") for segment in segments)
    uri = f"https://resolver.invalid/{encoded}" + (f"?{query_string}" if query_string else "")
    try:
        parsed = GS1DigitalLinkURI.parse(uri)
    except ParseError as error:
        raise LinkError(
            _("Mã trong đường dẫn không đúng chuẩn GS1 Digital Link."), detail=str(error)
        ) from error
    lot = None
    attributes = {}
    expiry_date = None
    for element in parsed.element_strings:
        if element.ai.ai == LOT_AI:
            lot = element.value
        elif element.ai.ai != GTIN_AI:
            attributes[element.ai.ai] = element.value
            if element.ai.ai == EXPIRY_AI:
                expiry_date = element.date
    return DigitalLink(gtin=gtin, lot=lot, attributes=attributes, expiry_date=expiry_date)


def wants(request) -> str:
    """Which representation the client asked for: "linkset", "jsonld" or "html"."""
    if request.GET.get("linkType") in LINKSET_LINK_TYPES:
        return "linkset"
    preferred = request.get_preferred_type(["text/html", JSONLD_TYPE, "application/json", LINKSET_TYPE])
    if preferred == LINKSET_TYPE:
        return "linkset"
    if preferred in (JSONLD_TYPE, "application/json"):
        return "jsonld"
    return "html"


def _link(href: str, title: str, media_type: str = "text/html") -> dict:
    return {"href": href, "title": title, "type": media_type, "hreflang": ["vi"]}


def linkset(anchor: str, product_title: str, product_url: str, lots) -> dict:
    """RFC 9264 linkset for one Digital Link: the product page (gs1:pip) and the lots' pages.

    `lots` is a list of (title, gtin14, code) for the lots to list (one, for a lot's own linkset).
    """
    lot_links = [_link(lot_uri(gtin, code), title) for title, gtin, code in lots]
    entry = {
        "anchor": anchor,
        f"{VOC}pip": [_link(product_url, product_title)],
        f"{VOC}defaultLink": [lot_links[0] if len(lots) == 1 else _link(product_url, product_title)],
    }
    if lot_links:
        entry[f"{VOC}traceability"] = lot_links
        entry[f"{VOC}masterData"] = [
            _link(lot_uri(gtin, code), title, JSONLD_TYPE) for title, gtin, code in lots
        ]
    return {"linkset": [entry]}


def resolver_description() -> dict:
    """What `/.well-known/gs1resolver` answers: who we are and what we resolve."""
    return {
        "name": f"{settings.WAGTAIL_SITE_NAME} – GS1 Digital Link resolver",
        "resolverRoot": settings.SITE_URL,
        "supportedPrimaryKeys": [GTIN_AI],
        "supportedQualifiers": {GTIN_AI: [LOT_AI]},
        "linkTypeDefaultCanBeLinkset": False,
        "supportedLinkType": [
            {"namespace": VOC, "prefix": "gs1:", "profile": f"{VOC}?show=linktypes"},
        ],
        "supportedLinkTypes": [f"{VOC}pip", f"{VOC}traceability", f"{VOC}defaultLink", f"{VOC}masterData"],
        "supportedMediaTypes": ["text/html", JSONLD_TYPE, "application/json", LINKSET_TYPE],
        "supportedLanguages": ["vi"],
        "linksetQuery": "?linkType=linkset",
    }
