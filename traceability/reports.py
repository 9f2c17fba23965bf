"""What a buyer can send back from a package's page: a copied-label report, and (once, if they want)
the coarse place of a first check. A report's email goes through `send_copy_report`, run by the
background worker (`email_later`, then the sweep `send_unsent_reports` for any that failed), so the
buyer never waits on SMTP; reports from one address are limited per window."""

import datetime
import logging
from urllib.parse import urlencode

from django import forms
from django.conf import settings
from django.contrib.auth import get_user_model
from django.core import signing
from django.core.cache import cache
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from wagtail.permission_policies.pages import PagePermissionPolicy

from catalogue.models import PackSize
from catalogue.ratelimit import Allowance
from catalogue.text import prints_nothing, without_direction_controls
from ops.tasks import enqueued
from places.choices import place_choices
from places.models import Province

from .models import CheckStatus, CopyReport, Lot, Serial
from .serials import SERIAL_RE

logger = logging.getLogger("traceability.reports")

SHARE_SALT = "traceability.first-place"
SHARE_MAX_AGE = 60 * 60  # the question is asked once, right after the first check
SHARE_WINDOW = datetime.timedelta(seconds=SHARE_MAX_AGE)
PHOTO_MAX_BYTES = 5 * 1024 * 1024


def province_options() -> str:
    """The share-a-place form's choice of the 34 provinces, as `<option>`s: the same for every first
    check, so rendered once and cached (they change only with a reform)."""
    return mark_safe(  # noqa: S308 - format_html_join escapes every name
        cache.get_or_set(
            "trace:province-choices",
            lambda: str(
                format_html_join(
                    "",
                    '<option value="{}">{}</option>',
                    place_choices(Province.objects.values_list("code", "name")),
                )
            ),
            3600,
        )
    )


def share_token(serial, check) -> str:
    """Proves the holder made the first check of this serial (signed, short-lived)."""
    return signing.dumps({"s": serial.pk, "t": check.first_at.isoformat()}, salt=SHARE_SALT)


def place_still_asked(check) -> bool:
    """Whether the page of a first check still asks for its place: none shared yet, within the hour
    after the check (the browser that made it may come back to it, in another language)."""
    return not check.first_place and timezone.now() - check.first_at < SHARE_WINDOW


def read_share_token(token: str) -> tuple[int, datetime.datetime] | None:
    """The serial and first check a token was given for, while the place may be shared: within the
    hour after the check itself, however late the page that gave the token was shown."""
    try:
        data = signing.loads(token, salt=SHARE_SALT, max_age=SHARE_MAX_AGE)
        claim = int(data["s"]), datetime.datetime.fromisoformat(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None
    return claim if timezone.now() - claim[1] <= SHARE_WINDOW else None


def token_claim(token: str) -> tuple[int, datetime.datetime] | None:
    """The serial and first check a token of ours was given for, however old (for pages shown after
    the place was shared, not to share one)."""
    try:
        data = signing.loads(token, salt=SHARE_SALT)
        return int(data["s"]), datetime.datetime.fromisoformat(data["t"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return None


def shared_serial_path(token: str) -> str:
    """The page of the package a share token was given on, for the way back; an expired token still
    names it (the signature is checked, not the age). "" for a token that is not ours."""
    try:
        serial_id = int(signing.loads(token, salt=SHARE_SALT)["s"])
    except (signing.BadSignature, KeyError, TypeError, ValueError):
        return ""
    serial = Serial.objects.select_related("lot__pack_size").filter(pk=serial_id).first()
    return serial.get_absolute_url() if serial else ""


def report_url(
    gtin: str, lot: str | None = None, serial: str | None = None, status: str | None = None
) -> str:
    """The report form's link, naming what the buyer scanned and what the page told them."""
    params = {"gtin": gtin}
    params.update(
        (name, value) for name, value in (("lot", lot), ("serial", serial), ("status", status)) if value
    )
    return reverse("traceability:copy_report") + "?" + urlencode(params)


class ReadableTextField(forms.CharField):
    """Text staff read in the admin and the email: without direction controls, which print nothing and
    would reverse the words around them there ("\u202eTem mờ" shown "ờm meT"). Text that prints nothing
    at all (a zero-width space) is empty: a required field says so, rather than keep a blank report
    and spend one of the buyer's reports on it."""

    def to_python(self, value):
        text = without_direction_controls(super().to_python(value)).strip()
        return self.empty_value if prints_nothing(text) else text


class CopyReportForm(forms.Form):
    details = ReadableTextField(
        label=gettext_lazy("Bạn thấy điều gì bất thường?"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    where_bought = ReadableTextField(label=gettext_lazy("Bạn mua ở đâu?"), max_length=200, required=False)
    contact = ReadableTextField(
        label=gettext_lazy("Số điện thoại hoặc email (nếu muốn được liên hệ lại)"),
        max_length=120,
        required=False,
    )
    photo = forms.ImageField(label=gettext_lazy("Ảnh tem và bao bì (không bắt buộc)"), required=False)

    def clean_photo(self):
        photo = self.cleaned_data.get("photo")
        if photo and photo.size > PHOTO_MAX_BYTES:
            raise forms.ValidationError(_("Ảnh lớn hơn 5 MB: hãy chụp lại với độ phân giải thấp hơn."))
        return photo


def reported_lot(params) -> Lot | None:
    gtin, code = params.get("gtin", ""), params.get("lot", "")
    if not (gtin.isdigit() and len(gtin) == 14 and code):
        return None
    return (
        Lot.objects.select_related("pack_size__product__producer")
        .filter(pack_size__gtin=gtin, code=code)
        .first()
    )


def reported_pack(params, lot: Lot | None) -> PackSize | None:
    """The pack whose GTIN the report names: the lot's, else (a code under no lot we know) the GTIN's."""
    if lot is not None:
        return lot.pack_size
    gtin = params.get("gtin", "")
    if not (gtin.isdigit() and len(gtin) == 14):
        return None
    return PackSize.objects.select_related("product__producer").filter(gtin=gtin).first()


def clean_serial(value: str) -> str:
    return value if SERIAL_RE.match(value or "") else ""


def save_report(form, lot, pack, serial_code, status, page_url) -> CopyReport:
    """Keep the report. A photo the media store cannot take right now (it is down) is left out rather
    than the report lost; `photo_not_kept` then says so, for the page that thanks the buyer."""
    data = form.cleaned_data
    report = CopyReport(
        lot=lot,
        pack_size=pack,
        serial_code=clean_serial(serial_code),
        page_status=status if status in CheckStatus.values else "",
        details=data["details"],
        where_bought=data["where_bought"],
        contact=data["contact"],
        photo=data.get("photo") or "",
        page_url=page_url[:300],
    )
    report.photo_not_kept = False
    try:
        with transaction.atomic():  # a failed save leaves the request's transaction usable
            report.save()
    except OSError:
        if not report.photo:
            raise
        logger.warning("copy report kept without its photo: the media store did not take it", exc_info=True)
        report.photo, report.photo_not_kept = "", True
        report.save()
    return report


def report_recipients(report) -> list[str]:
    """The producer's staff (who may edit its page) and programme staff (who see every lot)."""
    users = get_user_model().objects
    staff = users.with_perm("traceability.view_all_lots", backend="django.contrib.auth.backends.ModelBackend")
    emails = set(staff.filter(is_active=True).exclude(email="").values_list("email", flat=True))
    pack = report.reported_pack
    producer = pack.product.producer if pack else None
    if producer is not None:
        editors = PagePermissionPolicy().users_with_permission_for_instance("change", producer)
        emails |= {user.email for user in editors if user.email and user.is_active}
    return sorted(emails)


# A report's email goes to the worker as it is sent (`email_later`); one still unsent this long after
# (SMTP was down, the queue could not take it) is sent by the worker's sweep, for as long as a
# report is still news to its producer.
EMAIL_SWEEP_AFTER = datetime.timedelta(minutes=5)
EMAIL_GIVE_UP_AFTER = datetime.timedelta(days=7)
EMAIL_LOCK_SECONDS = 600  # longer than an SMTP server can keep a sender waiting


def email_later(report_id: int) -> None:
    """Once the report is committed, its email goes to the background worker: the buyer never waits
    on SMTP. If the queue cannot take it, the sweep sends it a few minutes later."""
    from .tasks import send_copy_report as task  # the task module imports this one

    def enqueue():
        try:
            enqueued(task, report_id)  # the queue down (Redis): said once per outage, the sweep sends it
        except Exception:
            logger.warning(
                "copy report %s not queued for emailing; the sweep sends it", report_id, exc_info=True
            )

    transaction.on_commit(enqueue)


def send_copy_report(report_id: int, *, raise_errors: bool = False) -> bool:
    """Email a copied-label report to the producer and programme staff, once; True when it has gone
    out (now or before). A mail failure leaves `emailed_at` empty for the sweep, and is logged (and
    raised with `raise_errors`)."""
    lock = f"trace:copy-report-mail:{report_id}"
    if not cache.add(lock, 1, timeout=EMAIL_LOCK_SECONDS):
        return False  # being sent right now (its own task and the sweep at once)
    try:
        return _send(report_id, raise_errors)
    finally:
        cache.delete(lock)


def _send(report_id: int, raise_errors: bool) -> bool:
    report = (
        CopyReport.objects.select_related("lot__pack_size__product__producer", "pack_size__product__producer")
        .filter(pk=report_id)
        .first()
    )
    if report is None or report.emailed_at is not None:
        return report is not None
    recipients = report_recipients(report)
    if not recipients:
        logger.warning("copy report %s has nobody to email", report.pk)
        return False
    context = {
        "report": report,
        "pack_named": report.pack_named(),
        "site_url": settings.SITE_URL,
        # The photo is private: the admin shows it to those who may read the report, after login.
        "photo_url": settings.SITE_URL + reverse("copyreports:photo", args=[report.pk])
        if report.photo
        else "",
        "admin_url": settings.SITE_URL + reverse("copyreports:inspect", args=[report.pk]),
    }
    subject = _("Báo tem nghi sao chép: %(what)s") % {"what": what_was_reported(report)}
    body = render_to_string("traceability/emails/copy_report.txt", context)
    try:
        # A message each: the producer's staff and programme staff are different organisations, and
        # none of them should read the others' addresses.
        send_mass_mail([(subject, body, settings.DEFAULT_FROM_EMAIL, [to]) for to in recipients])
    except Exception:  # SMTP down: the report is kept in the admin, and the sweep tries again
        logger.exception("copy report %s not emailed", report.pk)
        if raise_errors:
            raise
        return False
    CopyReport.objects.filter(pk=report.pk, emailed_at__isnull=True).update(emailed_at=timezone.now())
    return True


def what_was_reported(report) -> str:
    """Product and pack, lot and code, as far as the buyer's scan named them, for the email's subject."""
    parts = [report.pack_named()]
    if report.lot:
        parts.append(_("lô %(code)s") % {"code": report.lot.code})
    if report.serial_code:
        parts.append(_("mã %(serial)s") % {"serial": report.serial_code})
    return ", ".join(part for part in parts if part) or _("không rõ")


def send_unsent_reports() -> int:
    """The worker's sweep: email the reports whose email has not gone out, oldest first, stopping at
    the first mail failure (SMTP is down: the next sweep tries again). Returns how many went out."""
    now = timezone.now()
    unsent = CopyReport.objects.filter(
        emailed_at__isnull=True,
        created_at__lte=now - EMAIL_SWEEP_AFTER,  # a younger one's own task may still be at it
        created_at__gte=now - EMAIL_GIVE_UP_AFTER,
    )
    sent = 0
    for report_id in unsent.order_by("pk").values_list("pk", flat=True):
        try:
            sent += send_copy_report(report_id, raise_errors=True)
        except Exception:
            break
    return sent


# Copied-label reports from one address, per window: a buyer reports the few packages they hold; a
# script posting dozens would email the producer and programme staff dozens of times.
REPORTS = Allowance("trace:copy-reports", limit=5, seconds=15 * 60)
REPORTS_PER_WINDOW = REPORTS.limit
REPORT_WINDOW_SECONDS = REPORTS.seconds


def too_many_reports(request) -> bool:
    """Whether this address has sent its reports for the window (never with `RATE_LIMITS_ENABLED` off)."""
    return settings.RATE_LIMITS_ENABLED and REPORTS.used_up(request)


def count_report(request) -> None:
    """Count one report kept from this address."""
    REPORTS.count(request)
