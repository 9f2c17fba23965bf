"""Enqueue the periodic tasks of settings.TASK_SCHEDULE on time (`run_worker` runs this clock too)."""

import signal
import threading

from django.core.management.base import BaseCommand

from config.arguments import seconds
from ops import scheduler


class Command(BaseCommand):
    help = "Đưa các tác vụ định kỳ (settings.TASK_SCHEDULE) vào hàng đợi đúng giờ."

    def add_arguments(self, parser):
        parser.add_argument("--once", action="store_true", help="Enqueue what is due now and exit.")
        parser.add_argument("--interval", type=seconds(0), default=5.0, help="Seconds between ticks (5).")

    def handle(self, *args, once=False, interval=5.0, **options):
        if once:
            for path in scheduler.tick():
                self.stdout.write(f"enqueued {path}")
            return
        stop = threading.Event()
        for sig in (signal.SIGINT, signal.SIGTERM):
            signal.signal(sig, lambda *_: stop.set())
        scheduler.run_forever(stop, interval)
