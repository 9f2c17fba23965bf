"""The browser that made a package's first check, recognised when it comes back.

A buyer who checks a new package and then reloads the tab, follows the way back from sharing the
place, or switches the page to English opens the same serial page again. Counted, that return
would tell them their own label may be copied and put the code among those checked more than once
on the producer's dashboard. So a first check's page sets a signed cookie listing the serials this
browser checked first (the last `KEPT`, each with the moment of its first check), and a return to
one of them records nothing and says so. Only our signature makes an entry, so no other phone can
claim a check it did not make; reading the cookie is a signature check, never a query, so it costs
the serial page around its lot's cached page nothing it would notice.

HttpOnly (no script reads it), SameSite=Lax (a QR scanner opening the link is a top-level
navigation, which carries it; another site's images and frames do not), Path=/01/ (only the
resolver's pages read it). It authorises nothing: it only changes what the page says.
"""

from contextlib import suppress

from django.core import signing
from django.utils.cache import patch_vary_headers

from .checks import CheckResult, Status, stamp

COOKIE = "ocop_first_checks"
SALT = "traceability.first-checks"
PATH = "/01/"
KEPT = 20  # a family's shopping for a good while; a bounded cookie
MAX_AGE = 365 * 24 * 60 * 60  # longer than most packages keep


def _entries(request) -> list[list]:
    """[[lot id, serial, first check in epoch seconds], …], oldest first: [] without a cookie of ours."""
    if not hasattr(request, "_first_checks"):
        entries, value = [], request.COOKIES.get(COOKIE)
        if value:
            # A cookie not ours, or too old, names no first check of this browser.
            with suppress(signing.BadSignature):
                entries = signing.loads(value, salt=SALT, max_age=MAX_AGE)
        request._first_checks = [e for e in entries if isinstance(e, list) and len(e) == 3]
    return request._first_checks


def checked_first_at(request, lot_id: int, serial: str) -> int | None:
    """When this browser made the first check of the lot's `serial` (epoch seconds), if it did."""
    for entry_lot, entry_serial, at in _entries(request):
        if entry_lot == lot_id and entry_serial == serial:
            return at
    return None


def answered(request, response, serial, check: CheckResult | None):
    """A person's serial page as it leaves: it depends on this cookie, and after a first check the
    cookie names it (the oldest beyond `KEPT` forgotten). Called after the page was kept for the
    lot's other serials (a response that sets a cookie is never kept)."""
    patch_vary_headers(response, ["Cookie"])
    if serial is None or check is None or check.status != Status.FIRST:
        return response
    entries = [e for e in _entries(request) if e[:2] != [serial.lot_id, serial.serial]]
    entries.append([serial.lot_id, serial.serial, stamp(check.first_at)])
    response.set_cookie(
        COOKIE,
        signing.dumps(entries[-KEPT:], salt=SALT, compress=True),
        max_age=MAX_AGE,
        path=PATH,
        secure=request.is_secure(),
        httponly=True,
        samesite="Lax",
    )
    return response
