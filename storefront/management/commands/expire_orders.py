"""Cancel online-payment orders left unpaid too long; their stock goes back on the shelf (once).

Run it every few minutes from cron: `*/5 * * * * cd /srv/ocop && .venv/bin/python manage.py expire_orders`.
"""

import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from storefront.orders import expire_pending
from storefront.payments import all_providers


class Command(BaseCommand):
    help = "Huỷ các đơn thanh toán trực tuyến quá hạn chưa trả tiền và trả lại tồn kho."

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=int,
            help="Hạn cho mọi cổng (mặc định: theo từng cổng – Stripe 60 phút, VietQR 24 giờ).",
        )

    def handle(self, *args, minutes=None, **options):
        if minutes is not None and minutes < 1:
            raise CommandError("--minutes must be at least 1")
        now = timezone.now()
        total = 0
        for provider in all_providers():
            limit = minutes or provider.expires_after_minutes
            if not provider.pays_online or not limit:
                continue
            codes = expire_pending(now - datetime.timedelta(minutes=limit), method=provider.identifier)
            total += len(codes)
            if codes:
                self.stdout.write(f"{provider.identifier}: {len(codes)} expired ({', '.join(codes)})")
        self.stdout.write(self.style.SUCCESS(f"{total} order(s) expired, stock returned."))
