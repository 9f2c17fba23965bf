"""Lot pages from the page cache, with the scan counted before the cached HTML is served.

The cached HTML leaves a hole where the scan count goes; each request records its scan (in the
cache, as always), renders that one paragraph and fills the hole. An entry goes stale with:
- its lot (`lot:{gtin}:{code}`): the lot, its events or certificates saved (a flush of its scans
  changes nothing shown: the count comes from the lot's whole count in the cache, see scans.py);
- its product (`gtin:{gtin}`): purged with the product page by pagecache.purges;
- every lot page (`lots`): a producer's certificate; and the whole site (`*`);
- the clock: the lot's recall or warning starting or ending after the page was kept, which no save
  purges (the entry keeps that moment; the product page, kept by pagecache's middleware, is purged by
  the worker's sweep, `recalls.purge_pages_of_notices_changed`).

A serial's page (`…/21/{serial}`) is the lot page with the package's check at the top, and each
check is its own answer, so it is never cached whole. What surrounds the check is the same for every
serial of the lot: it is kept once per lot (under the lot's tags, so the same purges reach it), with
a hole for the check and one for the serial's URI, and each scan records its check, renders that one
box and fills the holes (the box, and the serial wherever the page links to itself). The entry also
keeps the state of the lot's label sheets (`checks.sheets_state`): a serial the cache holds from an
earlier check is used only under the same state, and voiding or deleting a sheet purges the entry.
"""

import datetime
import re
from dataclasses import dataclass

from django.conf import settings
from django.db.models.signals import post_delete, post_save
from django.dispatch import receiver
from django.http import HttpResponse, HttpResponseRedirect
from django.template.loader import render_to_string
from django.utils import timezone

from pagecache import middleware, store
from pagecache.purges import after_commit, purge_for_products

from . import checks, gs1, scans
from .models import Certificate, LabelSheet, Lot, LotEvent

SCANS_START, SCANS_END = "<!--scans-->", "<!--/scans-->"
HOLE = "<!--scans-hole-->"
SCANS_TEMPLATE = "traceability/includes/scan_summary.html"
CHECK_START, CHECK_END = "<!--check-->", "<!--/check-->"
CHECK_HOLE, SERIAL_HOLE = "<!--check-hole-->", "/21/<!--serial-hole-->"
CHECK_TEMPLATE = "traceability/includes/serial_check.html"
# Serials ours issues (and most others'): written alike in paths, URLs and HTML, so easy to swap.
PLAIN_SERIAL = re.compile(r"[0-9A-Za-z]{4,20}")
ALL_LOTS = "lots"


def lot_tag(gtin, code) -> str:
    return f"lot:{gtin}:{code}"


def _tags(link):
    return (store.ALL, ALL_LOTS, f"gtin:{link.gtin}", lot_tag(link.gtin, link.lot))


@dataclass
class CachedLot:
    """What record_scan needs of a lot, kept in the entry instead of a query."""

    pk: int
    gtin: str
    code: str
    scan_count: int
    first_scanned_at: datetime.datetime | None


def usable(request) -> bool:
    usable = request.method == "GET" and not middleware.bypasses(request) and gs1.wants(request) == "html"
    if not usable:
        middleware.prime_site(request)
    return usable


def prime_site(request) -> None:
    """The site and its settings from the cache for a page that is itself never cached (a serial's)."""
    middleware.prime_site(request)


def _key(request, path=None):
    # The whole query: a GS1 link carries any application identifier after "?" and the resolver
    # passes them on, so no list of the parameters these pages read could be complete.
    return middleware.request_key(request, path=path, query=middleware.whole_query(request))


def serve_cached(request, link, *, counted=True):
    """The cached lot page with this scan counted (unless not `counted`: a preview bot's), or None
    (then the view renders and `keep`s it)."""
    if not usable(request):
        return None
    found = _look_up(request, _key(request), _tags(link), "_lot_page_lookup")
    if found.entry is None:
        return None
    entry = found.entry
    lot = CachedLot(**entry["lot"])
    summary = scans.record_scan(lot) if counted else scans.summary(lot)
    paragraph = render_to_string(SCANS_TEMPLATE, {"scans": summary})  # no context processors needed
    response = HttpResponse(entry["content"].replace(HOLE, paragraph), content_type=entry["content_type"])
    for name, value in entry["headers"].items():
        response[name] = value
    response["X-Page-Cache"] = "hit"
    return response


def _look_up(request, key, tags, kept_as, needs=()):
    """The entry under `key`; on a miss, the lookup is kept on the request as `kept_as` for the view
    to store what it renders, with tag versions taken before anything is read (so a purge meanwhile
    is noticed), and the site and its settings primed for that render. An entry without one of the
    keys `needs` (kept by an earlier version of this module) is a miss."""
    found = store.lookup(key, tags)
    if found.entry is not None and not all(name in found.entry for name in needs):
        found.entry = None
    if found.entry is not None and _outlived(found.entry):
        found.entry = None
    if found.entry is None:
        store.ensure_versions(found)
        setattr(request, kept_as, found)
        request._lot_page_rendered_from = timezone.now()  # what the page shows is as of then
        middleware.prime_site(request)
    return found


def _outlived(entry) -> bool:
    """Whether the lot's recall or warning has started or ended since the page was kept (its banner
    would be missing, or shown too long)."""
    changes_at = entry.get("notice_changes_at")
    return changes_at is not None and changes_at <= timezone.now()


def keep(request, response, lot) -> None:
    """Store a freshly rendered lot page (unless it turned personal or incomplete)."""
    found = getattr(request, "_lot_page_lookup", None)
    if found is None or response.status_code != 200 or middleware.unshareable(request, response):
        return
    content = _with_hole(response.content.decode(), SCANS_START, SCANS_END, HOLE)
    if content is not None:
        store.save(found, _entry(request, response, content, lot))
        response["X-Page-Cache"] = "miss"


def _with_hole(html, start_marker, end_marker, hole):
    start, end = html.find(start_marker), html.find(end_marker)
    if start < 0 or end < 0:
        return None
    return html[:start] + hole + html[end + len(end_marker) :]


def _entry(request, response, content, lot, **extra) -> dict:
    headers = {name: response[name] for name in middleware.KEPT_HEADERS if name in response}
    headers["Vary"] = response.get("Vary", "")
    lot_state = {
        "pk": lot.pk,
        "gtin": lot.pack_size.gtin,
        "code": lot.code,
        "scan_count": lot.scan_count,
        "first_scanned_at": lot.first_scanned_at,
    }
    return {
        "content": content,
        "content_type": response["Content-Type"],
        "headers": headers,
        "lot": lot_state,
        # The banner is shown as of the lookup: a start or end after it makes the entry stale.
        "notice_changes_at": lot.notice_changes_at(request._lot_page_rendered_from),
        **extra,
    }


def serial_lookup(request, link):
    """The lot's page around the hole for a serial's check, looked up; None when a serial page cannot
    use one here (no lot in the link, a serial that URLs or HTML would write otherwise, not a GET)."""
    if link.lot is None or not PLAIN_SERIAL.fullmatch(link.serial or "") or not usable(request):
        return None
    lot_path = request.path[: request.path.rindex("/21/")]
    key = _key(request, path=f"{lot_path}/21/*")
    return _look_up(request, key, _tags(link), "_serial_page_lookup", needs=("sheets",))


def serve_serial(request, link, entry, record_check):
    """A serial's page from its lot's cached page: the package's check and the lot's scan recorded
    (`record_check(lot, sheets)` returns what the check's box shows), that one box rendered into the
    hole. The check is counted before the scan (see scans.py)."""
    lot = CachedLot(**entry["lot"])
    context = {**record_check(lot, entry["sheets"]), "link": link, "lot": lot}
    context["product_url"] = entry["product_url"]
    context["request"] = request  # its links keep the language the page was asked for (`?lang=en`)
    scans.record_scan(lot)
    box = render_to_string(CHECK_TEMPLATE, context)
    content = entry["content"].replace(CHECK_HOLE, CHECK_START + box + CHECK_END)
    content = content.replace(SERIAL_HOLE, f"/21/{link.serial}")
    response = HttpResponse(content, content_type=entry["content_type"])
    for name, value in entry["headers"].items():
        response[name] = value
    return response  # no X-Page-Cache: the check box is fresh, only what surrounds it came from the cache


def keep_serial(request, response, lot, link, product_url) -> None:
    """Keep what surrounds a freshly rendered serial page's check, for the lot's other serials."""
    found = getattr(request, "_serial_page_lookup", None)
    if found is None or response.status_code != 200 or middleware.unshareable(request, response):
        return
    content = _with_hole(response.content.decode(), CHECK_START, CHECK_END, CHECK_HOLE)
    if content is not None:
        content = content.replace(f"/21/{link.serial}", SERIAL_HOLE)
        sheets = checks.sheets_state(lot.pk)
        store.save(found, _entry(request, response, content, lot, product_url=product_url, sheets=sheets))


def cached_redirect(request, link):
    """`/01/{gtin}` for a browser: the 307 to the product page, from the cache (or None)."""
    if not usable(request):
        return None
    tags = (store.ALL, f"gtin:{link.gtin}")
    found = _look_up(request, _key(request), tags, "_gtin_redirect_lookup")
    if found.entry is None:
        return None
    response = HttpResponseRedirect(found.entry["location"], status=307)
    response["X-Page-Cache"] = "hit"
    return response


def keep_redirect(request, response) -> None:
    found = getattr(request, "_gtin_redirect_lookup", None)
    if found is not None and not middleware.unshareable(request, response):
        store.save(found, {"location": response["Location"]})


@receiver(post_save, sender=Lot)
@receiver(post_delete, sender=Lot)
def _lot_changed(sender, instance, **kwargs):
    # The product page lists its lots too.
    product_id = instance.pack_size.product_id
    purge_lot(instance)
    after_commit(purge_for_products, [product_id], listings=False)


def purge_lot(lot) -> None:
    """After the transaction: every cached page of the lot (its serials' pages surround the same)."""
    after_commit(store.purge_tags, [lot_tag(lot.pack_size.gtin, lot.code)])


# When the notices' sweep last purged (kept in the page cache itself: a cache that lost it lost the
# pages it would have purged too).
NOTICES_SWEPT_KEY = "trace:notices:swept-at"


def notice_sweep_window() -> tuple[datetime.datetime, datetime.datetime] | None:
    """The span in which a recall or warning that started or ended by the clock may have left a page
    cached without it (or with it): since the last sweep, and never before the oldest page the
    cache may hold. None when there is no page cache."""
    if not store.enabled():
        return None
    now = timezone.now()
    oldest = now - datetime.timedelta(seconds=settings.PAGE_CACHE_SECONDS)
    swept = store.page_cache().get(NOTICES_SWEPT_KEY)
    return (max(swept, oldest) if swept else oldest), now


def purge_notices_changed(lots, swept_at: datetime.datetime) -> None:
    """The pages of lots whose banner appeared or went by the clock, which no save purged: their lot
    and serial pages (already stale by their own entries) and their products' pages, which list the
    recalls in force; then remember the sweep."""
    for lot in lots:
        purge_lot(lot)
    if lots:
        after_commit(purge_for_products, sorted({lot.pack_size.product_id for lot in lots}), listings=False)
    store.page_cache().set(NOTICES_SWEPT_KEY, swept_at, timeout=None)


@receiver(post_delete, sender=LabelSheet)
def _sheet_deleted(sender, instance, **kwargs):
    # Voiding purges too (serials.void); a new sheet needs nothing: none of its serials is cached yet.
    try:
        lot = instance.lot
    except Lot.DoesNotExist:  # deleted with its lot, whose own signal purges
        return
    purge_lot(lot)


@receiver(post_save, sender=LotEvent)
@receiver(post_delete, sender=LotEvent)
@receiver(post_save, sender=Certificate)
@receiver(post_delete, sender=Certificate)
def _lot_details_changed(sender, instance, **kwargs):
    after_commit(store.purge_tags, [ALL_LOTS])
