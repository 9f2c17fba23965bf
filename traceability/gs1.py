"""GS1 Digital Link for the resolver: parse `/01/{gtin}[/10/{lot}[/21/{serial}]]`, build URIs and linksets.

The GTIN is checked with `catalogue.gtin.normalize_gtin` first (biip pads any length to 14 digits
and does not check the check digit of a path key), then the whole URI, qualifiers and query
attributes included, is validated by biip. Anything that fails is a `LinkError`: a 400, never a 200;
a valid link naming a key qualifier we do not resolve (22, 235) is an `UnsupportedQualifier`: a 404.
"""

import datetime
import re
from dataclasses import dataclass, field
from urllib.parse import parse_qsl, quote, unquote

from biip import ParseError
from biip.gs1_digital_link_uris import GS1DigitalLinkURI
from django.conf import settings
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from catalogue.gtin import InvalidGtin, normalize_gtin

GTIN_AI = "01"
LOT_AI = "10"
SERIAL_AI = "21"
EXPIRY_AI = "17"
VOC = "https://gs1.org/voc/"
LINKSET_TYPE = "application/linkset+json"
JSONLD_TYPE = "application/ld+json"
# `linkType=all` is the older spelling of `linkType=linkset` (GS1 Conformant Resolver Standard).
LINKSET_LINK_TYPES = {"linkset", "all"}
# The namespaces GS1 link types are written in; `gs1:pip` is the CURIE of `https://gs1.org/voc/pip`.
VOC_SPELLINGS = ("gs1:", "https://gs1.org/voc/", "https://www.gs1.org/voc/", "https://ref.gs1.org/voc/")
# The JSON-LD context that maps the linkset's keys (RFC 9264 section 6.1, announced in a Link header).
# The walk-up from an unknown lot to its product page names the lot here; the page warns about it.
UNKNOWN_LOT_PARAM = "unknown_lot"
UNKNOWN_SERIAL_PARAM = "unknown_serial"
SCANNED_GTIN_PARAM = "gtin"  # with an unknown serial: which of the product's packs the code named
# A GTIN's key qualifiers (consumer product variant, lot, serial, third-party controlled extension):
# GS1 Digital Link writes them in the path, in this order, never in the query string.
KEY_QUALIFIER_AIS = ("22", LOT_AI, SERIAL_AI, "235")
# Those our labels never carry (consumer product variant, third-party serial extension): we keep no
# record under them, and `/.well-known/gs1resolver` lists only 10 and 21. A link naming one is not
# read as if it did not (a 200 for a variant we know nothing of), but answered 404.
UNSUPPORTED_QUALIFIER_AIS = ("22", "235")
LINKSET_CONTEXT = "https://gs1.github.io/linkset/linksetContext.jsonld"
# `?format=jsonld` asks for the JSON-LD whatever the Accept header says: the gs1:masterData link's
# target, which a client follows as a plain link (a browser, or after `?linkType=gs1:masterData`'s 307)
# and must find the application/ld+json the linkset announces, not the page.
FORMAT_PARAM = "format"
JSONLD_FORMAT = "jsonld"


class LinkError(ValueError):
    """The path or query is not a valid GS1 Digital Link. `message` is for people, `detail` for debugging."""

    def __init__(self, message: str, detail: str = ""):
        super().__init__(message)
        self.message = message
        self.detail = detail


class UnsupportedQualifier(LinkError):
    """A well-formed link that names a key qualifier we do not resolve (a 404, not a 400)."""

    def __init__(self, message: str, gtin: str, detail: str = ""):
        super().__init__(message, detail)
        self.gtin = gtin


@dataclass(frozen=True)
class DigitalLink:
    gtin: str  # always 14 digits
    lot: str | None = None
    serial: str | None = None
    # Other application identifiers from the path or query, e.g. {"17": "261231"}; passed on, not keys.
    attributes: dict[str, str] = field(default_factory=dict)
    expiry_date: datetime.date | None = None  # AI (17) when the label carries it

    @property
    def path(self) -> str:
        if self.serial:
            return serial_path(self.gtin, self.lot, self.serial)
        return lot_path(self.gtin, self.lot) if self.lot else product_path(self.gtin)

    @property
    def uri(self) -> str:
        return settings.SITE_URL + self.path

    @property
    def master_data_uri(self) -> str:
        return master_data_uri(self.uri)


def product_path(gtin14: str) -> str:
    return f"/{GTIN_AI}/{gtin14}"


def lot_path(gtin14: str, lot: str) -> str:
    # Percent-encode everything outside the unreserved set, as GS1 Digital Link asks for path values.
    return f"/{GTIN_AI}/{gtin14}/{LOT_AI}/{quote(lot, safe='')}"


def serial_path(gtin14: str, lot: str | None, serial: str) -> str:
    """Key qualifiers in GS1's order (22, 10, 21); the lot may be absent from a scanned code."""
    base = lot_path(gtin14, lot) if lot else product_path(gtin14)
    return f"{base}/{SERIAL_AI}/{quote(serial, safe='')}"


def serial_uri(gtin14: str, lot: str, serial: str) -> str:
    return settings.SITE_URL + serial_path(gtin14, lot, serial)


def lot_uri(gtin14: str, lot: str) -> str:
    """The uncompressed Digital Link printed in the lot's QR code."""
    return settings.SITE_URL + lot_path(gtin14, lot)


def product_uri(gtin14: str) -> str:
    return settings.SITE_URL + product_path(gtin14)


def master_data_uri(uri: str) -> str:
    """Where a lot's or package's JSON-LD is served to any client (its gs1:masterData link)."""
    return f"{uri}?{FORMAT_PARAM}={JSONLD_FORMAT}"


def parse(path: str, query_string: str = "") -> DigitalLink:
    """Parse a request path as it was sent, still percent-encoded (`/01/8935000000015/10/L1%261/`), and
    its query string. Only a "/" separates: a "%2F" is part of its value, as GS1 Digital Link reads it."""
    if path.endswith("/"):
        path = path[:-1]  # a trailing slash changes nothing
    segments = [_decoded(segment) for segment in path.lstrip("/").split("/")]
    if len(segments) < 2 or segments[0] != GTIN_AI:
        raise LinkError(_("Đường dẫn phải có dạng /01/{mã GTIN} hoặc /01/{mã GTIN}/10/{số lô}."))
    if "" in segments:
        raise LinkError(_("Đường dẫn có một đoạn trống."))
    if not (segments[1].isascii() and segments[1].isdigit()):
        # normalize_gtin forgives what people type in a form (spaces, a newline, full-width digits);
        # a code in a URL is digits and nothing else.
        raise LinkError(_("Mã GTIN chỉ gồm chữ số."), detail=segments[1])
    try:
        gtin = normalize_gtin(segments[1])
    except InvalidGtin as error:
        raise LinkError(str(error), detail=segments[1]) from error
    segments[1] = gtin
    _refuse_keys_in_query(query_string)
    encoded = "/".join(quote(segment, safe="") for segment in segments)
    uri = f"https://resolver.invalid/{encoded}" + (f"?{query_string}" if query_string else "")
    try:
        parsed = GS1DigitalLinkURI.parse(uri)
    except ParseError as error:
        raise LinkError(explained(error), detail=str(error)) from error
    lot = serial = None
    attributes = {}
    expiry_date = None
    for element in parsed.element_strings:
        if element.ai.ai == LOT_AI:
            if "/" in element.value:  # GS1 allows it, our lot codes do not (LOT_CODE_RE): not one of ours
                raise LinkError(_("Số lô trong đường dẫn không hợp lệ."), detail=element.value)
            lot = element.value
        elif element.ai.ai == SERIAL_AI:
            if "/" in element.value:  # nor our serials: "%2F21%2F…" must not pass for another code
                raise LinkError(_("Số sê-ri trong đường dẫn không hợp lệ."), detail=element.value)
            serial = element.value
        elif element.ai.ai != GTIN_AI:
            attributes[element.ai.ai] = element.value
            if element.ai.ai == EXPIRY_AI:
                expiry_date = element.date
    _refuse_unsupported_qualifiers(gtin, attributes)
    return DigitalLink(gtin=gtin, lot=lot, serial=serial, attributes=attributes, expiry_date=expiry_date)


def _decoded(segment: str) -> str:
    """A path segment's text. Bytes that are no UTF-8 ("%FF%FE") are no GS1 characters: a LinkError,
    not a lot code read as the characters "%FF%FE" (which Django's decoded path would make of them)."""
    try:
        return unquote(segment, errors="strict")
    except UnicodeDecodeError as error:
        raise LinkError(_("Đường dẫn có ký tự không đọc được."), detail=segment) from error


# What biip says of a value its AI's pattern refuses, and of a key qualifier out of GS1's order.
_UNMATCHED = re.compile(
    r"^Failed to match '(?P<ai>\d{2,4})(?P<value>.*)' with GS1 AI \((?P=ai)\) pattern", re.S
)
_OUT_OF_ORDER = re.compile(r"^Expected one of \((?P<expected>[\d, ]*)\) as qualifier, got '(?P<got>[^']*)'")
_DATE_AIS = {
    "11": gettext_lazy("ngày sản xuất"),
    "13": gettext_lazy("ngày đóng gói"),
    "15": gettext_lazy("hạn dùng tốt nhất"),
    "16": gettext_lazy("hạn bán"),
    "17": gettext_lazy("hạn sử dụng"),
}
GS1_CHARACTERS = "! \" % & ' ( ) * + , - . / : ; < = > ? _"


def explained(error: ParseError) -> str:
    """What is wrong with the link, in words, from what biip found; the general sentence otherwise."""
    text = str(error)
    if unmatched := _UNMATCHED.match(text):
        return _unmatched_value(unmatched["ai"], unmatched["value"])
    if out_of_order := _OUT_OF_ORDER.match(text):
        return _(
            "Phần /%(got)s/ không thể đứng ở chỗ này: sau mã GTIN chỉ có số lô (/10/) rồi số sê-ri (/21/), "
            "theo thứ tự đó."
        ) % {"got": out_of_order["got"]}
    if text.startswith("Expected even number of path segments"):
        return _("Đường dẫn thiếu giá trị: mỗi phần (/10/, /21/…) phải có giá trị theo sau.")
    return _("Mã trong đường dẫn không đúng chuẩn GS1 Digital Link.")


def _unmatched_value(ai: str, value: str) -> str:
    if ai in (LOT_AI, SERIAL_AI):
        named = _("Số lô (10)") if ai == LOT_AI else _("Số sê-ri (21)")
        if len(value) > 20:
            return _("%(named)s dài %(count)s ký tự: nhiều nhất là 20.") % {
                "named": named,
                "count": len(value),
            }
        return _(
            "%(named)s “%(value)s” có ký tự không dùng được trong mã GS1: chỉ chữ cái Latin không dấu, "
            "chữ số và các ký hiệu %(characters)s."
        ) % {"named": named, "value": value, "characters": GS1_CHARACTERS}
    if ai in _DATE_AIS:
        return _(
            "Ngày (%(ai)s, %(named)s) “%(value)s” không có thật: ngày ghi 6 chữ số năm, tháng, ngày (YYMMDD)."
        ) % {"ai": ai, "named": _DATE_AIS[ai], "value": value}
    return _("Phần (%(ai)s) “%(value)s” không đúng định dạng GS1 quy định cho nó.") % {
        "ai": ai,
        "value": value,
    }


def _refuse_unsupported_qualifiers(gtin: str, attributes: dict[str, str]) -> None:
    named = [ai for ai in UNSUPPORTED_QUALIFIER_AIS if ai in attributes]
    if named:
        raise UnsupportedQualifier(
            _(
                "Mã bạn quét có phần (%(ais)s) mà tem truy xuất của cửa hàng không dùng: tem của chúng tôi "
                "chỉ ghi mã GTIN, số lô (10) và số sê-ri (21). Hãy kiểm tra lại tem trên bao bì."
            )
            % {"ais": ", ".join(named)},
            gtin,
            detail=", ".join(f"({ai}) {attributes[ai]}" for ai in named),
        )


def _refuse_keys_in_query(query_string: str) -> None:
    """A lot or serial after the "?" would be read over the path's (biip reads both alike), so the page
    would be another lot's than the path names, or a serial page with no serial in its path."""
    names = {name for name, _value in parse_qsl(query_string, keep_blank_values=True)}
    if names & {GTIN_AI, *KEY_QUALIFIER_AIS}:
        raise LinkError(
            _("Số lô và số sê-ri phải nằm trong đường dẫn (/10/…, /21/…), không nằm sau dấu “?”."),
            detail=query_string,
        )


def requested_link_type(request) -> str | None:
    """The `linkType` asked for: None, "linkset", or a GS1 link type as a full URI (others as given)."""
    value = request.GET.get("linkType", "").strip()
    if not value:
        return None
    if value in LINKSET_LINK_TYPES:
        return "linkset"
    for spelling in VOC_SPELLINGS:
        if value.startswith(spelling):
            return VOC + value[len(spelling) :]
    return value


def wants(request) -> str:
    """Which representation the client asked for: "linkset", "jsonld" or "html"."""
    if requested_link_type(request) == "linkset":
        return "linkset"
    if request.GET.get(FORMAT_PARAM) == JSONLD_FORMAT:
        return "jsonld"
    preferred = request.get_preferred_type(["text/html", JSONLD_TYPE, "application/json", LINKSET_TYPE])
    if preferred == LINKSET_TYPE:
        return "linkset"
    if preferred in (JSONLD_TYPE, "application/json"):
        return "jsonld"
    return "html"


def link(href: str, title: str, media_type: str | None = "text/html") -> dict:
    """One link object; without a media type it is bare (title only), as gs1:defaultLink must be."""
    if media_type is None:
        return {"href": href, "title": title}
    return {"href": href, "title": title, "type": media_type, "hreflang": ["vi"]}


def entry(anchor: str, description: str, links: dict[str, list[dict]]) -> dict:
    """One linkset entry: its anchor (an uncompressed Digital Link), a description and its links,
    each keyed by a GS1 Web Vocabulary link type (`pip` → `https://gs1.org/voc/pip`)."""
    return {"anchor": anchor, "itemDescription": description, **{VOC + kind: v for kind, v in links.items()}}


def product_entry(gtin14: str, title: str, product_url: str) -> dict:
    return entry(
        product_uri(gtin14),
        title,
        {"defaultLink": [link(product_url, title, None)], "pip": [link(product_url, title)]},
    )


def lot_entry(gtin14: str, code: str, title: str) -> dict:
    uri = lot_uri(gtin14, code)
    return entry(
        uri,
        title,
        {
            "defaultLink": [link(uri, title, None)],
            "traceability": [link(uri, title)],
            "masterData": [link(master_data_uri(uri), title, JSONLD_TYPE)],
        },
    )


def serial_entry(gtin14: str, code: str, serial: str, title: str) -> dict:
    uri = serial_uri(gtin14, code, serial)
    return entry(
        uri,
        title,
        {
            "defaultLink": [link(uri, title, None)],
            "verificationService": [link(uri, title)],
            "traceability": [link(uri, title)],
            "masterData": [link(master_data_uri(uri), title, JSONLD_TYPE)],
        },
    )


def linkset(*entries: dict) -> dict:
    """RFC 9264 linkset, most granular entry first: every level up to the GTIN is included."""
    return {"linkset": list(entries)}


def find_link(data: dict, link_type: str) -> str | None:
    """The target of `link_type` at the most granular level that has one (None: not available)."""
    for item in data["linkset"]:
        links = item.get(link_type)
        if links:
            return links[0]["href"]
    return None


def resolver_description() -> dict:
    """What `/.well-known/gs1resolver` answers: who we are and what we resolve."""
    return {
        "name": f"{settings.WAGTAIL_SITE_NAME} – GS1 Digital Link resolver",
        "resolverRoot": settings.SITE_URL,
        "supportedPrimaryKeys": [GTIN_AI],
        "supportedQualifiers": {GTIN_AI: [LOT_AI, SERIAL_AI]},
        "linkTypeDefaultCanBeLinkset": False,
        "supportedLinkType": [
            {"namespace": VOC, "prefix": "gs1:", "profile": f"{VOC}?show=linktypes"},
        ],
        "supportedLinkTypes": [
            f"{VOC}pip",
            f"{VOC}traceability",
            f"{VOC}defaultLink",
            f"{VOC}masterData",
            f"{VOC}verificationService",
        ],
        "supportedMediaTypes": ["text/html", JSONLD_TYPE, "application/json", LINKSET_TYPE],
        "supportedLanguages": ["vi"],
        "linksetQuery": "?linkType=linkset",
    }
