"""QR codes of lots (segno): error correction M, four-module quiet zone, the Digital Link as bytes.

Error correction is fixed at M (segno would otherwise "boost" it to whatever fits the same version),
so that what is printed is what the spec says; the quiet zone is the four modules ISO/IEC 18004 asks.
"""

import hashlib
import io

import segno
from django.core.cache import caches

ERROR = "m"
QUIET_ZONE = 4
# A4 printable area (210 × 297 mm less 10 mm margins) and the room a label gives its text.
SHEET_MM = (190, 277)
TEXT_MM = 40
LABEL_PADDING_MM = 8


def make(uri: str) -> segno.QRCode:
    return segno.make(uri, error=ERROR, boost_error=False, micro=False)


def svg(uri: str, scale: int = 4) -> bytes:
    out = io.BytesIO()
    make(uri).save(out, kind="svg", border=QUIET_ZONE, scale=scale, xmldecl=True, title=uri)
    return out.getvalue()


def inline_svg(uri: str) -> str:
    """An SVG for embedding in HTML, without width and height so CSS sizes it in millimetres."""
    out = io.BytesIO()
    make(uri).save(out, kind="svg", border=QUIET_ZONE, xmldecl=False, omitsize=True, svgclass="qr", title=uri)
    return out.getvalue().decode()


# Part of each kept drawing's key: a change to how codes are drawn (error level, quiet zone, markup)
# bumps it, so no sheet prints an old drawing.
DRAWING_VERSION = 1


def _drawing_key(uri: str) -> str:
    return f"svg{DRAWING_VERSION}:{hashlib.sha256(uri.encode()).hexdigest()}"


def inline_svgs(uris: list[str]) -> list[str]:
    """`inline_svg` of each URI, each drawn once and kept (the "qr" cache): a serial's code never
    changes, and drawing one takes ~12 ms (most of it choosing the mask), so a sheet of 300 labels
    opened again, or printed once more, draws none."""
    cache = caches["qr"]
    keys = [_drawing_key(uri) for uri in uris]
    kept = cache.get_many(keys)
    drawn = {key: inline_svg(uri) for key, uri in zip(keys, uris, strict=True) if key not in kept}
    if drawn:
        cache.set_many(drawn)
    return [kept.get(key) or drawn[key] for key in keys]


def png(uri: str, scale: int = 8) -> bytes:
    out = io.BytesIO()
    make(uri).save(out, kind="png", border=QUIET_ZONE, scale=scale)
    return out.getvalue()


def labels_per_sheet(qr_mm: int) -> int:
    columns = max(1, SHEET_MM[0] // (qr_mm + TEXT_MM))
    rows = max(1, SHEET_MM[1] // (qr_mm + LABEL_PADDING_MM))
    return columns * rows


# A serialised label carries only its QR, the check code and the serial: narrower than a lot's label.
SERIAL_TEXT_MM = 22


def serial_labels_per_sheet(qr_mm: int) -> int:
    columns = max(1, SHEET_MM[0] // (qr_mm + SERIAL_TEXT_MM))
    rows = max(1, SHEET_MM[1] // (qr_mm + LABEL_PADDING_MM))
    return columns * rows
