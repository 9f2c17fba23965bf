"""Exit 0 when the worker's clock has ticked lately (its scheduler writes a heartbeat to the shared cache).

For a container healthcheck: `python manage.py worker_health`. Needs a cache the worker and this command
share (Redis or the database cache), as in docker-compose.yml.
"""

import time

from django.core.cache import cache
from django.core.management.base import BaseCommand, CommandError

from ops.scheduler import HEARTBEAT_KEY


class Command(BaseCommand):
    help = "Kiểm tra tiến trình chạy tác vụ nền còn hoạt động (nhịp của bộ hẹn giờ)."

    def add_arguments(self, parser):
        parser.add_argument("--max-age", type=int, default=120, help="Seconds since the last tick (120).")

    def handle(self, *args, max_age=120, **options):
        beat = cache.get(HEARTBEAT_KEY)
        if beat is None:
            raise CommandError("no heartbeat from the worker's scheduler")
        age = time.time() - float(beat)
        if age > max_age:
            raise CommandError(f"the worker's scheduler last ticked {age:.0f} s ago")
        self.stdout.write(f"worker alive: last tick {age:.0f} s ago")
