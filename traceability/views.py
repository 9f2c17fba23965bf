"""The GS1 Digital Link resolver, the lots' QR codes and label sheets. Thin: rules live in gs1.py,
scans.py, passport.py and qr.py."""

import json
from functools import wraps

from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpResponse, HttpResponseNotAllowed, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from catalogue.models import PackSize

from . import gs1, page_cache, passport, qr, scans
from .models import Certificate, Lot
from .permissions import visible_lots

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


def _error(request, status, title, message, *, link=None, pack=None, detail=""):
    """A readable 400/404 page (or JSON for JSON clients); it offers search."""
    if gs1.wants(request) != "html":
        return _json({"error": title, "message": message, "detail": detail}, status=status)
    context = {"title": title, "message": message, "link": link, "pack": pack, "detail": detail}
    return render(request, "traceability/resolver_error.html", context, status=status)


def _linkset_header(response, link):
    response["Link"] = f'<{link.uri}?linkType=linkset>; rel="linkset"; type="{gs1.LINKSET_TYPE}"'
    return response


def resolve(request, rest=""):
    """`/01/{gtin}` and `/01/{gtin}/10/{lot}`: GET, HEAD and OPTIONS with CORS; other methods 405."""
    if request.method == "OPTIONS":
        response = HttpResponse(status=204)
        response["Allow"] = ALLOWED
        return _cors(response)
    if request.method not in ("GET", "HEAD"):
        return _cors(HttpResponseNotAllowed(ALLOWED.split(", ")))
    return _cors(_resolve(request))


def _resolve(request):
    try:
        link = gs1.parse(request.path_info, request.META.get("QUERY_STRING", ""))
    except gs1.LinkError as error:
        return _error(request, 400, _("Mã truy xuất không hợp lệ"), error.message, detail=error.detail)
    if link.lot is None:
        return _product(request, link)
    return _lot(request, link)


def _product(request, link):
    cached = page_cache.cached_redirect(request, link)
    if cached is not None:
        return _linkset_header(cached, link)
    pack = (
        PackSize.objects.select_related(
            "product", "product__producer__province", "product__producer__commune"
        )
        .filter(gtin=link.gtin, product__live=True)
        .first()
    )
    if pack is None:
        return _error(
            request,
            404,
            _("Không tìm thấy sản phẩm"),
            _("Không có sản phẩm nào mang mã GTIN %(gtin)s trên cửa hàng.") % {"gtin": link.gtin},
            link=link,
        )
    product_url = pack.product.get_full_url(request)
    representation = gs1.wants(request)
    if representation == "linkset":
        lots = Lot.objects.filter(pack_size=pack).order_by("-production_date", "code")[:100]
        titles = [
            (
                _("Lô %(code)s – %(title)s") % {"code": lot.code, "title": pack.product.title},
                pack.gtin,
                lot.code,
            )
            for lot in lots
        ]
        data = gs1.linkset(link.uri, pack.product.title, product_url, titles)
        return _json(data, content_type=gs1.LINKSET_TYPE)
    if representation == "jsonld":
        response = _json(passport.product_json_ld(pack, request, product_url), content_type=gs1.JSONLD_TYPE)
    else:
        # GS1 resolvers redirect with 307; the query attributes are passed on.
        query = request.META.get("QUERY_STRING", "")
        response = HttpResponseRedirect(product_url + (f"?{query}" if query else ""))
        response.status_code = 307
        page_cache.keep_redirect(request, response)
    return _linkset_header(response, link)


def _lot(request, link):
    cached = page_cache.serve_cached(request, link)  # the scan is counted first
    if cached is not None:
        return _linkset_header(cached, link)
    lot = (
        Lot.objects.for_page()
        .filter(pack_size__gtin=link.gtin, code=link.lot, pack_size__product__live=True)
        .first()
    )
    if lot is None:
        pack = PackSize.objects.select_related("product").filter(gtin=link.gtin, product__live=True).first()
        message = (
            _("Sản phẩm %(product)s không có lô số %(lot)s. Hãy kiểm tra lại số lô in trên bao bì.")
            % {"product": pack.product.title, "lot": link.lot}
            if pack
            else _("Không có sản phẩm nào mang mã GTIN %(gtin)s trên cửa hàng.") % {"gtin": link.gtin}
        )
        return _error(request, 404, _("Không tìm thấy lô sản xuất"), message, link=link, pack=pack)
    pack = lot.pack_size
    product = pack.product
    product_url = product.get_full_url(request)
    representation = gs1.wants(request)
    if representation == "linkset":
        title = _("Lô %(code)s – %(title)s") % {"code": lot.code, "title": product.title}
        data = gs1.linkset(link.uri, product.title, product_url, [(title, pack.gtin, lot.code)])
        return _json(data, content_type=gs1.LINKSET_TYPE)
    events = list(lot.events.all())
    certificates = list(Certificate.objects.for_lot(lot))
    # Only a GET of the lot itself is a scan; HEAD, linksets and errors count nothing.
    summary = scans.record_scan(lot) if request.method == "GET" else scans.summary(lot)
    if representation == "jsonld":
        data = passport.lot_json_ld(lot, events, certificates, summary, request, product_url)
        return _linkset_header(_json(data, content_type=gs1.JSONLD_TYPE), link)
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
    }
    response = render(request, "traceability/lot_page.html", context)
    page_cache.keep(request, response, lot)
    return _linkset_header(response, link)


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
