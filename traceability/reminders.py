"""Reminding staff of certificates that run out soon, so producers renew them before lots show "expired".

Run once a day by the scheduler (settings.TASK_SCHEDULE); each certificate is named on the days in
settings.CERTIFICATE_REMINDER_DAYS before its end (30 and 7 by default).
"""

import datetime

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mail
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.translation import gettext as _

from .models import Certificate


def expiring_on(days: list[int], today: datetime.date | None = None):
    """Certificates whose validity ends exactly `d` days from today, for each d in `days` (an OCOP
    decision is the product's "Chứng nhận OCOP" record, whose end the admin's dashboard warns of)."""
    today = today or timezone.localdate()
    dates = [today + datetime.timedelta(days=d) for d in days]
    return (
        Certificate.objects.shown()
        .filter(valid_until__in=dates)
        .select_related("producer", "lot__pack_size__product")
        .order_by("valid_until", "kind", "number")
    )


def recipients() -> list[str]:
    if settings.CERTIFICATE_REMINDER_EMAILS:
        return list(settings.CERTIFICATE_REMINDER_EMAILS)
    users = get_user_model().objects.filter(is_active=True, is_superuser=True).exclude(email="")
    return sorted(users.values_list("email", flat=True))


def send_expiry_reminders(today: datetime.date | None = None) -> int:
    """Email the list of certificates running out; an SMTP failure raises (the task retries)."""
    certificates = list(expiring_on(settings.CERTIFICATE_REMINDER_DAYS, today))
    to = recipients()
    if not certificates or not to:
        return 0
    send_mail(
        subject=_("%(count)s giấy chứng nhận sắp hết hiệu lực") % {"count": len(certificates)},
        message=render_to_string(
            "traceability/emails/certificates_expiring.txt",
            {"certificates": certificates, "admin_url": settings.WAGTAILADMIN_BASE_URL + "/admin/"},
        ),
        from_email=settings.DEFAULT_FROM_EMAIL,
        recipient_list=to,
    )
    return len(certificates)
