"""What the buyer confirmed at checkout: the page carries a one-time token and a digest of the cart it
showed, and the form sends both back.

- The digest covers every line, its quantity and its price, and the total with the shipping fee: an
  order is placed only for the cart the buyer saw. When another tab added goods or a price moved, the
  checkout is shown again with the new cart and total instead of placing an order nobody saw.
- The token becomes the order's `checkout_token`, unique in the database: one page submitted twice (a
  second tap on a slow connection, two requests at once) places one order, and the repeat is led to
  it. The token is random and only ever in the buyer's own page, as the order page's link is.
"""

import hashlib
import re
import secrets

from .models import Order

TOKEN_FIELD = "checkout_token"  # noqa: S105 (a form field's name, not a secret)
DIGEST_FIELD = "cart_digest"
_TOKEN = re.compile(r"[A-Za-z0-9_-]{22}")  # secrets.token_urlsafe(16)


def digest(items: dict, total: int) -> str:
    """The cart as shown: the session cart's lines ({key: {"q": quantity, "p": price}}) and the total."""
    shown = sorted((key, item["q"], item["p"]) for key, item in items.items())
    return hashlib.sha256(repr((shown, total)).encode()).hexdigest()[:32]


def posted_token(data) -> str | None:
    token = data.get(TOKEN_FIELD, "")
    return token if _TOKEN.fullmatch(token) else None


def token_for(data) -> str:
    """The token the page carries: the one it was submitted with (no order has it: it was checked
    first), else a new one."""
    return posted_token(data) or secrets.token_urlsafe(16)


def shows(data, items: dict, total: int) -> bool:
    """True if the submitted page showed this cart and total, and carries a token to place it with."""
    # A plain comparison: the digest is no secret (the page shows the cart it stands for).
    return posted_token(data) is not None and data.get(DIGEST_FIELD) == digest(items, total)


def placed_from(data) -> Order | None:
    """The order placed from this page already, if any."""
    token = posted_token(data)
    return Order.objects.filter(checkout_token=token).first() if token else None
