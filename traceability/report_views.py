"""The buyer's two forms on a package's page: report a copied label; share where the first check was.
Both work without JavaScript; neither is ever required to see the page."""

from urllib.parse import urlencode

from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from cms.middleware import as_asked
from places.codes import parse_code
from places.models import Province

from . import checks, reports


@require_http_methods(["GET", "HEAD", "POST"])
def copy_report(request):
    params = request.POST if request.method == "POST" else request.GET
    lot = reports.reported_lot(params)
    pack = reports.reported_pack(params, lot)
    serial_code = reports.clean_serial(params.get("serial", ""))
    status = params.get("status", "")[:20]
    context = {"lot": lot, "pack": pack, "serial_code": serial_code, "status": status}
    if request.method == "POST":
        form = reports.CopyReportForm(request.POST, request.FILES)
        if reports.too_many_reports(request):
            return _too_many_reports(request, {**context, "form": form})
        if form.is_valid():
            page_url = lot.get_absolute_url() if lot else ""
            report = reports.save_report(form, lot, pack, serial_code, status, page_url)
            reports.count_report(request)
            reports.email_later(report.pk)
            return render(request, "traceability/copy_report_sent.html", {"lot": lot, "report": report})
    else:
        form = reports.CopyReportForm()
    context["form"] = form
    return render(request, "traceability/copy_report.html", context, status=400 if form.errors else 200)


def _too_many_reports(request, context):
    """The form again with what was typed, saying why nothing was sent and when to send it."""
    minutes = reports.REPORT_WINDOW_SECONDS // 60
    context["too_many"] = _(
        "Bạn đã gửi nhiều báo cáo trong thời gian ngắn nên báo cáo này chưa được gửi. Nội dung bạn nhập "
        "vẫn còn bên dưới: hãy gửi lại sau %(minutes)s phút (ảnh cần chọn lại)."
    ) % {"minutes": minutes}
    response = render(request, "traceability/copy_report.html", context, status=429)
    response["Retry-After"] = str(reports.REPORT_WINDOW_SECONDS)  # at most: the window began at the first
    return response


# No CSRF token: the form is authorised by its signed share token, which only the page of this
# serial's first check carries (bound to the serial and that check's time), not by a cookie another
# site could make the browser send. So a scanned package's page sets no session or CSRF cookie (its
# one cookie, first_checkers.py, only lets it recognise its own first check, and authorises nothing).
@csrf_exempt
@require_POST
def share_first_place(request):
    token = request.POST.get("token", "")
    claim = reports.read_share_token(token)
    code = parse_code(request.POST.get("province"))
    province = Province.objects.filter(code=code).first() if code is not None else None
    context = {"back_url": reports.shared_serial_path(token)}  # every answer leads back to the package
    if claim and province is None:
        # The first scanner sent no province (or none we know): the question again, their token kept.
        context.update(
            share_token=token,
            province_options=reports.province_options(),
            share_error=_("Vui lòng chọn tỉnh/thành phố"),
        )
        return render(request, "traceability/first_place_shared.html", context, status=400)
    if claim and checks.share_first_place(claim[0], claim[1], province.name):
        # Post/redirect/get: reloading the thanks sends nothing again. The form of a page shown by
        # `?lang=en` posts with it, and the thanks are in English too.
        thanks = reverse("traceability:first_place_shared") + "?" + urlencode({"token": token})
        return redirect(as_asked(request, thanks))
    return render(request, "traceability/first_place_shared.html", context, status=400)


@require_http_methods(["GET", "HEAD"])
def first_place_shared(request):
    """The thanks after a place was shared, for as long as the phone keeps the page to reload."""
    token = request.GET.get("token", "")
    claim = reports.token_claim(token)
    if not (claim and checks.first_place_shared(*claim)):
        raise Http404
    context = {"shared": True, "back_url": reports.shared_serial_path(token)}
    return render(request, "traceability/first_place_shared.html", context)
