"""Cancel online-payment orders left unpaid too long; their stock goes back on the shelf (once).

`manage.py run_worker` runs the same expiry every 5 minutes (settings.TASK_SCHEDULE); this command runs it
now, e.g. with `--minutes` to override the providers' deadlines (a transfer's working day included).
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from storefront.tasks import expire_unpaid


class Command(BaseCommand):
    help = "Huỷ các đơn thanh toán trực tuyến quá hạn chưa trả tiền và trả lại tồn kho."

    def add_arguments(self, parser):
        parser.add_argument(
            "--minutes",
            type=int,
            help=(
                "Hạn cho mọi cổng, thay cho hạn của từng cổng (mặc định: Stripe 60 phút; VietQR 24 giờ "
                "và không trước khi hết ngày làm việc kế tiếp)."
            ),
        )

    def handle(self, *args, minutes=None, **options):
        if minutes is not None and minutes < 1:
            raise CommandError(_("--minutes phải từ 1 trở lên"))
        total = 0
        for identifier, codes in expire_unpaid(minutes).items():
            total += len(codes)
            if codes:
                self.stdout.write(
                    _("%(provider)s: %(count)s đơn hết hạn (%(codes)s)")
                    % {"provider": identifier, "count": len(codes), "codes": ", ".join(codes)}
                )
        expired = ngettext(
            "%(count)s đơn đã hết hạn, tồn kho đã được trả lại.",
            "%(count)s đơn đã hết hạn, tồn kho đã được trả lại.",
            total,
        )
        self.stdout.write(self.style.SUCCESS(expired % {"count": total}))
