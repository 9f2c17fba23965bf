"""QR codes of lots (segno): error correction M, four-module quiet zone, the Digital Link as bytes.

Error correction is fixed at M (segno would otherwise "boost" it to whatever fits the same version),
so that what is printed is what the spec says; the quiet zone is the four modules ISO/IEC 18004 asks.
"""

import io

import segno

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
