"""Exit 0 when the worker's clock has ticked lately (its scheduler leaves a heartbeat each tick).

For a container healthcheck: `python manage.py worker_health`. The heartbeat is where another process
can read it: the shared cache with Redis (as in docker-compose.yml), else the file WORKER_HEARTBEAT_FILE
(the embedded local-memory cache is the worker's own memory; this command never saw a beat there).
"""

import time

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from config.arguments import whole_number
from ops import scheduler


class Command(BaseCommand):
    help = "Kiểm tra tiến trình chạy tác vụ nền còn hoạt động (nhịp của bộ hẹn giờ)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--max-age", type=whole_number(1), default=120, help="Seconds since the last tick (120)."
        )

    def handle(self, *args, max_age=120, **options):
        beat = scheduler.last_beat()
        if beat is None:
            raise CommandError(
                _("Không thấy nhịp nào của bộ hẹn giờ tác vụ nền ở %(place)s")
                % {"place": scheduler.heartbeat_place()}
            )
        age = time.time() - beat
        if age > max_age:
            raise CommandError(
                _("Bộ hẹn giờ tác vụ nền đập nhịp lần cuối %(age)s giây trước (nhịp ghi ở %(place)s)")
                % {"age": f"{age:.0f}", "place": scheduler.heartbeat_place()}
            )
        self.stdout.write(_("Tác vụ nền đang chạy: nhịp cuối %(age)s giây trước") % {"age": f"{age:.0f}"})
