"""The GS1 Digital Link resolver, the lots' QR codes and label sheets. Thin: rules live in gs1.py,
scans.py, passport.py and qr.py."""

import json
from contextlib import suppress
from functools import wraps
from urllib.parse import quote, urlsplit

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.cache import add_never_cache_headers, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_safe

from catalogue.models import PackSize
from cms.middleware import as_asked

from . import checks, first_checkers, gs1, page_cache, passport, qr, reports, scans, sharing, visitors
from .models import Certificate, LabelSheet, Lot, Serial
from .permissions import labelled_lots, visible_lots

ALLOWED = "GET, HEAD, OPTIONS"


def _cors(response):
    response["Access-Control-Allow-Origin"] = "*"
    response["Access-Control-Allow-Methods"] = ALLOWED
    response["Access-Control-Allow-Headers"] = "Accept, Accept-Language"
    response["Access-Control-Expose-Headers"] = "Link, Location, Content-Type"
    patch_vary_headers(response, ["Accept"])
    return response


def _json(data, status=200, content_type="application/json"):
    body = json.dumps(data, ensure_ascii=False, indent=1)
    return HttpResponse(body, status=status, content_type=f"{content_type}; charset=utf-8")


def _error(request, status, title, message, *, link=None, pack=None, detail="", notices=(), report_url=""):
    """A readable 400/404 page (or JSON for JSON clients); it offers search."""
    if gs1.wants(request) != "html":
        return _json({"error": title, "message": message, "detail": detail}, status=status)
    context = {"title": title, "message": message, "link": link, "pack": pack, "detail": detail}
    # Its hint shows the /21/ part.
    context["names_a_package"] = f"/{gs1.SERIAL_AI}/" in f"{sent_path(request)}/"
    context.update(notices=notices, report_url=report_url)
    return render(request, "traceability/resolver_error.html", context, status=status)


def _linkset_header(response, link):
    response["Link"] = f'<{link.uri}?linkType=linkset>; rel="linkset"; type="{gs1.LINKSET_TYPE}"'
    return response


def _linkset_response(data):
    response = _json(data, content_type=gs1.LINKSET_TYPE)
    response["Link"] = (
        f'<{gs1.LINKSET_CONTEXT}>; rel="http://www.w3.org/ns/json-ld#context"; type="{gs1.JSONLD_TYPE}"'
    )
    return response


def _redirect(request, target, link, **extra):
    """A 307 to `target` passing the query string on (without `linkType`), with the linkset linked."""
    query = request.GET.copy()
    query.pop("linkType", None)
    for key, value in extra.items():
        query[key] = value
    encoded = query.urlencode()
    separator = "&" if "?" in target else "?"
    response = HttpResponseRedirect(target + (f"{separator}{encoded}" if encoded else ""))
    response.status_code = 307
    return _linkset_header(response, link)


def _by_link_type(request, link, data, link_type):
    """`?linkType=…`: the linkset itself, a redirect to that type's link, or 404 if we have none."""
    if link_type == "linkset":
        return _linkset_response(data)
    href = gs1.find_link(data, link_type)
    if href is None:
        return _error(
            request,
            404,
            _("Không có liên kết loại này"),
            _("Mã này không có liên kết loại %(type)s.") % {"type": link_type},
            link=link,
        )
    return _redirect(request, href, link)


def sent_path(request) -> str:
    """The path as the client sent it, still percent-encoded, for GS1 Digital Link, where "%2F" is part
    of a value and only "/" separates. PATH_INFO is decoded ("L1%2F21%2FX" would read as a lot and a
    serial), so the server's own copy of the request line is read: gunicorn's RAW_URI (`make serve`),
    uWSGI's and others' REQUEST_URI. Without one (runserver, the test client), Django's decoded path
    encoded again: there an encoded "/" splits, and bytes that are no UTF-8 read as "%FF"."""
    raw = request.META.get("RAW_URI") or request.META.get("REQUEST_URI")
    if not raw:
        return quote(request.path_info, safe="/")
    script = quote(request.META.get("SCRIPT_NAME", ""))
    return urlsplit(raw).path.removeprefix(script)


# The resolver takes no form: a POST, PUT or DELETE gets its 405 with Allow and CORS, which a GS1
# client reads, rather than the CSRF check's refusal of a form it never sent.
@csrf_exempt
def resolve(request, rest=""):
    """`/01/{gtin}[/10/{lot}[/21/{serial}]]`: GET, HEAD and OPTIONS with CORS; other methods 405."""
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
        response["Allow"] = ALLOWED
        with suppress(gs1.LinkError):  # a preflight learns where the linkset is too (GS1's suite reads it)
            _linkset_header(response, gs1.parse(sent_path(request)))
        return _cors(response)
    if request.method not in ("GET", "HEAD"):
        return _cors(HttpResponseNotAllowed(ALLOWED.split(", ")))
    return _cors(_resolve(request))


def _resolve(request):
    try:
        link = gs1.parse(sent_path(request), request.META.get("QUERY_STRING", ""))
    except gs1.UnsupportedQualifier as error:
        return _unsupported_qualifier(request, error)
    except gs1.LinkError as error:
        return _error(request, 400, _("Mã truy xuất không hợp lệ"), error.message, detail=error.detail)
    if link.lot is None and link.serial is None:
        return _product(request, link)
    return _lot(request, link)


def _pack(gtin):
    """The pack size with this GTIN, its product on sale or not: a lot's record outlives the sale of
    its product (a producer unpublishes a product while its lot is recalled)."""
    return (
        PackSize.objects.select_related(
            "product",
            "product__certification",
            "product__producer__province",
            "product__producer__commune",
        )
        .filter(gtin=gtin)
        .first()
    )


def _unsupported_qualifier(request, error):
    """A link with a variant (22) or third-party extension (235): not ours to resolve; the product,
    when it is on sale, is offered instead."""
    pack = _pack(error.gtin)
    return _error(
        request,
        404,
        _("Không tìm thấy mã này"),
        error.message,
        pack=pack if pack is not None and pack.product.live else None,
        detail=error.detail,
    )


def _unknown_gtin(request, link):
    return _error(
        request,
        404,
        _("Không tìm thấy sản phẩm"),
        _("Không có sản phẩm nào mang mã GTIN %(gtin)s trên cửa hàng.") % {"gtin": link.gtin},
        link=link,
    )


def _not_on_sale(request, link, pack):
    """A GTIN whose product is not on sale (unpublished, often during a recall) and no lot of it named:
    a 404 that names the product rather than calling the code unknown, with the product's recalls and
    warnings in force linking to their lots' pages (which still answer); an unknown serial still
    warns that the package is not genuine and may be reported."""
    product = pack.product
    message = _("%(title)s (GTIN %(gtin)s) hiện không được bán trên cửa hàng.") % {
        "title": product.title,
        "gtin": pack.gtin13,
    }
    report = ""
    if link.serial is not None:
        message += " " + _(
            "Chúng tôi không phát hành mã gói %(serial)s: gói hàng mang mã này có thể là hàng giả."
        ) % {"serial": link.serial}
        report = reports.report_url(link.gtin, serial=link.serial, status=checks.Status.UNKNOWN)
    elif link.lot is not None:
        message += " " + _("Chúng tôi không có hồ sơ của lô %(lot)s.") % {"lot": link.lot}
    noticed = (
        Lot.objects.filter(pack_size__product=product).exclude(notice_level="").select_related("pack_size")
    )
    notices = [(lot, lot.get_absolute_url()) for lot in noticed if lot.notice_active]
    return _error(
        request,
        404,
        _("Sản phẩm hiện không bán"),
        message,
        link=link,
        notices=notices,
        report_url=report,
    )


def _product(request, link):
    cached = page_cache.cached_redirect(request, link)
    if cached is not None:
        return _linkset_header(cached, link)
    pack, product_url, answered = _product_links(request, link)
    if answered is not None:
        return answered
    if gs1.wants(request) == "jsonld":
        response = _json(passport.product_json_ld(pack, request, product_url), content_type=gs1.JSONLD_TYPE)
        return _linkset_header(response, link)
    # GS1 resolvers redirect with 307; the query attributes are passed on.
    response = _redirect(request, product_url, link)
    page_cache.keep_redirect(request, response)
    return response


def _walk_up_to_product(request, link):
    """An unknown lot (or serial) under a known GTIN: the product's links, with a notice for people."""
    pack, product_url, answered = _product_links(request, link)
    if answered is not None:
        return answered
    if gs1.wants(request) == "jsonld":
        return _redirect(request, gs1.product_uri(pack.gtin), link)
    # The product page reads this and warns (see traceability_tags): a serial we never issued is a
    # package that is not genuine; a lot we have no record of may be a misread label.
    if link.serial is not None:
        return _redirect(
            request,
            product_url,
            link,
            **{gs1.UNKNOWN_SERIAL_PARAM: link.serial, gs1.SCANNED_GTIN_PARAM: link.gtin},
        )
    return _redirect(request, product_url, link, **{gs1.UNKNOWN_LOT_PARAM: link.lot})


def _product_links(request, link):
    """What a GTIN's link and the walk-up from an unknown lot answer alike: (pack, its product page's
    URL, None) when the caller answers (a person, a JSON-LD reader); else (None, "", the answer): an
    unknown GTIN, a product not on sale, a link type asked for, the linkset."""
    pack = _pack(link.gtin)
    if pack is None:
        return None, "", _unknown_gtin(request, link)
    if not pack.product.live:
        return None, "", _not_on_sale(request, link, pack)
    product_url = pack.product.get_full_url(request)
    data = gs1.linkset(gs1.product_entry(pack.gtin, pack.product.title, product_url))
    if link_type := gs1.requested_link_type(request):
        return None, "", _by_link_type(request, link, data, link_type)
    if gs1.wants(request) == "linkset":
        return None, "", _linkset_response(data)
    return pack, product_url, None


def _find_lot(link):
    """The lot (and the serial, if the link names one of ours), in as few queries as the lot alone."""
    if link.serial is not None:
        serials = Serial.objects.for_page().filter(lot__pack_size__gtin=link.gtin, serial=link.serial)
        if link.lot is not None:
            serials = serials.filter(lot__code=link.lot)
        serial = serials.order_by("pk").first()  # not the sheet's order: three tables more to sort by
        if serial is not None:
            return serial.lot, serial
    if link.lot is None:
        return None, None
    # Whether its product is on sale or not: a recalled lot's product is often unpublished, and its
    # scanners need the recall most of all.
    return Lot.objects.for_page().filter(pack_size__gtin=link.gtin, code=link.lot).first(), None


def _cacheable(request, link) -> bool:
    """Lot pages come from the page cache; a serial's page never does (each check is its own answer),
    nor a request naming a link type (a redirect, not the page)."""
    return link.serial is None and not gs1.requested_link_type(request)


def _not_prefetched(request, link):
    """A browser's prefetch (or prerender) of a page whose view is recorded: refused, with nothing
    recorded. Had it the page, the browser would show it when the person opens the link, and that
    view, a package's first check, would never be recorded; browsers drop a prefetch that is not a
    2xx, and fetch the page when it is opened. A 403, not the 503 some sites use: the refusal is
    about the request's declared purpose, and the server is not failing (this shop answers no request
    with a 5xx it could avoid)."""
    response = HttpResponse(_("Trang này được tải khi bạn mở nó."), status=403, content_type="text/plain")
    response["Cache-Control"] = "no-store"
    patch_vary_headers(response, ["Sec-Purpose"])
    return _linkset_header(response, link)


def _lot(request, link):
    visitor = visitors.who(request)
    person = visitor == visitors.Visitor.PERSON
    if visitor == visitors.Visitor.PREFETCH and request.method == "GET" and gs1.wants(request) == "html":
        return _not_prefetched(request, link)
    if _cacheable(request, link):
        cached = page_cache.serve_cached(request, link, counted=person)  # the scan is counted first
        if cached is not None:
            return _linkset_header(cached, link)
    elif person and (found := page_cache.serial_lookup(request, link)) is not None:
        if found.entry is not None:
            return _linkset_header(
                _kept_by_nobody(_serial_around_cached_lot(request, link, found.entry)), link
            )
    else:
        page_cache.prime_site(request)
    lot, serial = _find_lot(link)
    if lot is None:
        return _walk_up_to_product(request, link)
    pack = lot.pack_size
    product = pack.product
    # A product not on sale has no page to send anyone to: the lot's record stands without its links.
    product_url = product.get_full_url(request) if product.live else ""
    title = _("Lô %(code)s – %(title)s") % {"code": lot.code, "title": product.title}
    entries = [gs1.lot_entry(pack.gtin, lot.code, title)]
    if product_url:
        entries.append(gs1.product_entry(pack.gtin, product.title, product_url))
    if serial is not None and not serial.sheet.voided_at:
        serial_title = _("Gói %(serial)s – %(title)s") % {"serial": serial.serial, "title": title}
        entries.insert(0, gs1.serial_entry(pack.gtin, lot.code, serial.serial, serial_title))
    data = gs1.linkset(*entries)
    link_type = gs1.requested_link_type(request)
    if link_type:
        return _by_link_type(request, link, data, link_type)
    representation = gs1.wants(request)
    if representation == "linkset":
        return _linkset_response(data)
    events = list(lot.events.all())
    certificates = list(Certificate.objects.for_lot(lot))
    # Only a person's GET of the page is a scan (and a package's check); HEAD, JSON-LD, linksets,
    # errors, link previews and crawlers count nothing, so an app reading a package's data, or a chat
    # app previewing its link, never spends its first check.
    scanning = request.method == "GET" and representation == "html" and person
    check = None  # counted before the lot's scan (see scans.py)
    if link.serial is not None:
        check = _record_check(request, serial) if scanning and serial else checks.peek(serial)
    summary = scans.record_scan(lot) if scanning else scans.summary(lot)
    if representation == "jsonld":
        data = passport.lot_json_ld(lot, events, certificates, summary, request, product_url)
        if check is not None:
            data = passport.with_serial(data, link, check)
        response = _json(data, content_type=gs1.JSONLD_TYPE)
        if link.serial is not None:
            _kept_by_nobody(response)  # its check's state, as the page
        return _linkset_header(response, link)
    context = {
        "lot": lot,
        "pack": pack,
        "product": product,
        "producer": product.producer,
        "producer_url": product.producer.get_url(request) if product.producer_id else "",
        "product_url": product_url,
        "events": events,
        "certificates": certificates,
        "scans": summary,
        "link": link,
        "label_expiry_mismatch": link.expiry_date is not None and link.expiry_date != lot.expiry_date,
        **_check_box(link, serial, check),
        **sharing.share_context(lot, product, link),
    }
    response = render(request, "traceability/lot_page.html", context)
    if _cacheable(request, link):
        page_cache.keep(request, response, lot)
    elif serial is not None or check is not None:
        page_cache.keep_serial(request, response, lot, link, product_url)
        if scanning:
            first_checkers.answered(request, response, serial, check)
    if link.serial is not None:
        _kept_by_nobody(response)  # after keep_serial: the page cache keeps no no-store response
    return _linkset_header(response, link)


def _kept_by_nobody(response):
    """A package's page answers its own check: neither the browser nor a shared cache keeps it, so Back
    after sharing the first check's province shows the page as it is now, not the question again."""
    add_never_cache_headers(response)
    return response


def _record_check(request, serial):
    """A person's check of the package, unless this browser made its first check and came back."""
    checked_first_at = first_checkers.checked_first_at(request, serial.lot_id, serial.serial)
    return checks.revisit(serial, checked_first_at) or checks.record_check(serial)


def _check_box(link, serial, check) -> dict:
    """What the check's box at the top of a serial page shows besides the check itself: the report
    link, and after a first check the form that offers to share its place (again to the browser that
    made it, coming back within the hour before sharing, as after switching language)."""
    first = check is not None and check.status == checks.Status.FIRST
    ask = first or (check is not None and check.first_here and reports.place_still_asked(check))
    return {
        "check": check,
        "serial": serial,
        "share_token": reports.share_token(serial, check) if ask else "",
        "province_options": reports.province_options() if ask else "",
        # A first check offers no report.
        "report_url": ""
        if first
        else reports.report_url(link.gtin, link.lot, link.serial, check and check.status),
    }


def _serial_around_cached_lot(request, link, entry):
    """A serial page around its lot's cached page: this package's check recorded and its box rendered
    (a serial checked before and held in the cache needs no query at all, nor does the return of the
    browser that made its first check)."""
    shown = {}

    def record(lot, sheets):
        checked_first_at = first_checkers.checked_first_at(request, lot.pk, link.serial)
        shown.update(
            _check_box(
                link, *checks.check_known(lot.pk, link.serial, sheets, checked_first_at=checked_first_at)
            )
        )
        return shown

    response = page_cache.serve_serial(request, link, entry, record)
    return first_checkers.answered(request, response, shown["serial"], shown["check"])


@csrf_exempt  # as `resolve`: no form, a 405 for other methods
def resolver_description(request):
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
        response["Allow"] = ALLOWED
        return _cors(response)
    if request.method not in ("GET", "HEAD"):
        return _cors(HttpResponseNotAllowed(ALLOWED.split(", ")))
    return _cors(_json(gs1.resolver_description()))


def _lot_or_404(pk):
    return get_object_or_404(Lot.objects.select_related("pack_size"), pk=pk)


@require_safe
def lot_qr_svg(request, pk):
    lot = _lot_or_404(pk)
    response = HttpResponse(qr.svg(gs1.lot_uri(lot.gtin, lot.code)), content_type="image/svg+xml")
    response["Content-Disposition"] = f'inline; filename="qr-{lot.gtin}-{lot.pk}.svg"'
    response["Cache-Control"] = "public, max-age=86400"
    return response


@require_safe
def lot_qr_png(request, pk):
    lot = _lot_or_404(pk)
    try:
        scale = max(2, min(int(request.GET.get("scale", 8)), 40))
    except ValueError:
        scale = 8
    response = HttpResponse(qr.png(gs1.lot_uri(lot.gtin, lot.code), scale=scale), content_type="image/png")
    response["Content-Disposition"] = f'inline; filename="qr-{lot.gtin}-{lot.pk}.png"'
    response["Cache-Control"] = "public, max-age=86400"
    return response


def lot_staff_only(view):
    """For the people who manage lots in the Wagtail admin (its editors are not Django `is_staff`)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path(), "wagtailadmin_login")
        if not request.user.has_perm("traceability.view_lot"):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@lot_staff_only
@require_safe
def label_sheet(request, pk):
    # A producer's staff print only their own lots' labels (as in the admin listing).
    lot = visible_lots(request.user, Lot.objects.for_page()).filter(pk=pk).first()
    if lot is None:
        raise Http404
    uri = gs1.lot_uri(lot.gtin, lot.code)
    try:
        size_mm = max(20, min(int(request.GET.get("size", 22)), 40))
    except ValueError:
        size_mm = 22
    context = {
        "lot": lot,
        "product": lot.pack_size.product,
        "uri": uri,
        "qr_svg": qr.inline_svg(uri),
        "size_mm": size_mm,
        "labels": range(qr.labels_per_sheet(size_mm)),
    }
    return render(request, "traceability/label_sheet.html", context)


SHEETS_PER_PAGE = 10  # A4 sheets rendered per request: a printer's batch, a page that stays light
SERIAL_QR_SIZES_MM = (18, 20, 25, 30)  # the sizes the sheet offers (any from 18 to 40 mm is printed)


def _sheet_part(request, number: int, size_mm: int) -> str:
    """The query of one part of a serial label sheet at one QR size, in the language the sheet was asked
    for (`?lang=en`): moving through the sheet or changing its size keeps English."""
    return as_asked(request, f"?page={number}&size={size_mm}")


@lot_staff_only
@require_safe
def serial_label_sheet(request, pk):
    """Serialised labels of one issue: each its own QR (`…/21/{serial}`) and check code, A4 by A4.
    Printed by those who issue them ("Tem theo gói"), not by everyone who reads the lot."""
    sheet = (
        LabelSheet.objects.select_related("lot__pack_size__product")
        .filter(lot__in=labelled_lots(request.user), pk=pk)
        .first()
    )
    if sheet is None:
        raise Http404
    lot = sheet.lot
    try:
        size_mm = max(18, min(int(request.GET.get("size", 20)), 40))
    except ValueError:
        size_mm = 20
    context = {"sheet": sheet, "lot": lot, "product": lot.pack_size.product, "size_mm": size_mm}
    if sheet.voided_at:
        # Its codes all warn "not genuine": printed from a lost roll's page, they would brand genuine
        # packages as fakes. The page says so, with no QR code and nothing to print.
        return render(request, "traceability/serial_label_sheet.html", context)
    per_page = qr.serial_labels_per_sheet(size_mm) * SHEETS_PER_PAGE
    paginator = Paginator(sheet.serials.order_by("pk").only("serial", "check_code"), per_page)
    page = paginator.get_page(request.GET.get("page"))
    if request.GET.get("page", str(page.number)) != str(page.number):
        # Past the last page (or no page number): to the page shown, so its address says which
        # labels it holds ("page=999" of a one-page issue is its page 1).
        return HttpResponseRedirect(request.path + _sheet_part(request, page.number, size_mm))
    on_page = list(page.object_list)
    uris = [gs1.serial_uri(lot.gtin, lot.code, serial.serial) for serial in on_page]
    labels = list(zip(on_page, qr.inline_svgs(uris), uris, strict=True))
    context.update(
        labels=labels,
        page=page,
        # Another size shows the same part, as far as it goes (fewer labels a part redirect to the last).
        size_links=[(size, _sheet_part(request, page.number, size)) for size in SERIAL_QR_SIZES_MM],
        previous_part=_sheet_part(request, page.number - 1, size_mm) if page.has_previous() else "",
        next_part=_sheet_part(request, page.number + 1, size_mm) if page.has_next() else "",
    )
    return render(request, "traceability/serial_label_sheet.html", context)
