"""VietQR bank transfer: an EMVCo merchant-presented QR with the exact amount and the order code.

The QR sends no confirmation by itself: staff mark the order paid in the admin when the transfer
shows on the bank statement (a bank-feed service could call a webhook later).
"""

import datetime
import re
import unicodedata

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.utils.translation import gettext_lazy as _

from ..working_days import end_of_next_working_day
from .base import PaymentError, PaymentProvider, PaymentStart

NAPAS_GUID = "A000000727"
SERVICE_TO_ACCOUNT = "QRIBFTTA"
CURRENCY_VND = "704"
MAX_MESSAGE = 25

# A few common banks' NAPAS BINs, to print the bank's name beside the account number.
BANK_NAMES = {
    "970436": "Vietcombank",
    "970415": "VietinBank",
    "970418": "BIDV",
    "970405": "Agribank",
    "970407": "Techcombank",
    "970422": "MB Bank",
    "970416": "ACB",
    "970432": "VPBank",
    "970403": "Sacombank",
    "970423": "TPBank",
}


def crc16_ccitt_false(data: bytes) -> int:
    """CRC-16/CCITT-FALSE: polynomial 0x1021, initial value 0xFFFF, no reflection, no final XOR."""
    crc = 0xFFFF
    for byte in data:
        crc ^= byte << 8
        for _bit in range(8):
            crc = ((crc << 1) ^ 0x1021) if crc & 0x8000 else crc << 1
            crc &= 0xFFFF
    return crc


def tlv(tag: str, value: str) -> str:
    if len(value) > 99:
        raise ValueError(f"EMVCo field {tag} is longer than 99 characters")
    return f"{tag}{len(value):02d}{value}"


def transfer_message(text: str) -> str:
    """Banks accept plain ASCII letters, digits and spaces, at most 25 characters ("Đơn" → "Don")."""
    text = unicodedata.normalize("NFKD", text.replace("Đ", "D").replace("đ", "d"))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    return re.sub(r"\s+", " ", re.sub(r"[^A-Za-z0-9 ]", "", text)).strip()[:MAX_MESSAGE]


def payload(*, bank_bin: str, account: str, amount: int, message: str) -> str:
    """The EMVCo string for a dynamic VietQR with a fixed amount in whole đồng."""
    if not (bank_bin.isdigit() and len(bank_bin) == 6):
        raise ValueError("the bank BIN has 6 digits")
    if not re.fullmatch(r"[0-9A-Za-z]{1,19}", account):
        raise ValueError("the account number is 1–19 letters or digits")
    if not (isinstance(amount, int) and 0 < amount < 10**13):
        raise ValueError("the amount is a positive whole number of đồng")
    beneficiary = tlv("00", bank_bin) + tlv("01", account)
    merchant_account = tlv("00", NAPAS_GUID) + tlv("01", beneficiary) + tlv("02", SERVICE_TO_ACCOUNT)
    body = (
        tlv("00", "01")
        + tlv("01", "12")
        + tlv("38", merchant_account)
        + tlv("53", CURRENCY_VND)
        + tlv("54", str(amount))
        + tlv("58", "VN")
        + tlv("62", tlv("08", transfer_message(message)))
        + "6304"
    )
    return body + f"{crc16_ccitt_false(body.encode('ascii')):04X}"


def parse(text: str) -> dict[str, str]:
    """Split an EMVCo string into {tag: value} (one level); used by tests and for checking."""
    fields, i = {}, 0
    while i < len(text):
        tag, length = text[i : i + 2], int(text[i + 2 : i + 4])
        fields[tag] = text[i + 4 : i + 4 + length]
        i += 4 + length
    return fields


def picture(svg: str) -> str:
    """The inline SVG announced as one picture named by its <title>: without role="img" some screen
    readers skip an inline SVG altogether (segno writes no role)."""
    return svg.replace("<svg ", '<svg role="img" ', 1)


class VietQR(PaymentProvider):
    identifier = "vietqr"
    label = _("Chuyển khoản ngân hàng (VietQR)")
    description = _("Quét mã QR bằng ứng dụng ngân hàng; số tiền và nội dung chuyển khoản đã điền sẵn.")
    pays_online = True
    buyer_sends_money = True  # from their banking app, which tells the shop nothing
    expires_after_minutes = 24 * 60  # at least; see deadline()

    required_settings = ("VIETQR_BANK_BIN", "VIETQR_ACCOUNT", "VIETQR_ACCOUNT_NAME")

    def deadline(self, order) -> datetime.datetime:
        """Staff see a transfer on the bank statement in working hours: an order is kept unpaid until
        the end of the next working day (a Friday evening's until Monday 23:59), and its 24 hours at
        least, so that a buyer who paid at once never loses the goods over a weekend."""
        return max(super().deadline(order), end_of_next_working_day(order.created_at))

    def email_instructions(self, order) -> str:
        context = {
            "bank_name": BANK_NAMES.get(settings.VIETQR_BANK_BIN, ""),
            "bank_bin": settings.VIETQR_BANK_BIN,
            "account": settings.VIETQR_ACCOUNT,
            "account_name": settings.VIETQR_ACCOUNT_NAME,
            "amount": order.total,
            "message": transfer_message(order.code),
            "deadline": self.deadline(order),
        }
        return render_to_string("storefront/emails/vietqr_instructions.txt", context)

    def start(self, order, *, return_url: str = "") -> PaymentStart:
        try:
            text = payload(
                bank_bin=settings.VIETQR_BANK_BIN,
                account=settings.VIETQR_ACCOUNT,
                amount=order.total,
                message=order.code,
            )
        except ValueError as error:
            raise PaymentError(
                _("Thông tin tài khoản nhận chuyển khoản chưa đúng; vui lòng gọi cửa hàng.")
            ) from error
        qr = segno.make(text, error="m", micro=False)
        return PaymentStart(
            template="storefront/payments/vietqr.html",
            context={
                "qr_svg": picture(qr.svg_inline(scale=5, border=4, title=str(_("Mã VietQR của đơn hàng")))),
                # To save on a phone showing the page: its bank app can scan a picture, not its own screen.
                "qr_png": qr.png_data_uri(scale=8, border=4),
                "bank_bin": settings.VIETQR_BANK_BIN,
                "bank_name": BANK_NAMES.get(settings.VIETQR_BANK_BIN, ""),
                "account": settings.VIETQR_ACCOUNT,
                "account_name": settings.VIETQR_ACCOUNT_NAME,
                "amount": order.total,
                "message": transfer_message(order.code),
                "payload": text,
                "deadline": self.deadline(order),
            },
        )
