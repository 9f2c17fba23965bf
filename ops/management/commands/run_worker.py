"""The background worker beside the web server: runs queued tasks and keeps the schedule's clock.

With the database backend (the embedded default) it is django-tasks-db's `db_worker`; with RQ
(`REDIS_URL`) it is django-rq's `rqworker` with RQ's own scheduler for delayed retries. Either way a
thread enqueues settings.TASK_SCHEDULE's periodic tasks (`--no-scheduler` leaves that to a separate
`run_scheduler`).
"""

import threading

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from ops import scheduler
from ops.tasks import BACKEND


class Command(BaseCommand):
    help = "Chạy các tác vụ nền (email, chỉ mục tìm kiếm, lượt quét, hết hạn đơn, nhắc giấy chứng nhận)."

    def add_arguments(self, parser):
        parser.add_argument("--no-scheduler", action="store_true", help="Do not run the periodic clock here.")
        parser.add_argument("--batch", action="store_true", help="Run what is queued, then exit.")

    def handle(self, *args, no_scheduler=False, batch=False, **options):
        stop = threading.Event()
        if not no_scheduler and not batch:
            threading.Thread(
                target=scheduler.run_forever, args=(stop,), daemon=True, name="scheduler"
            ).start()
        backend = settings.TASKS[BACKEND]["BACKEND"]
        try:
            if backend == "django_tasks_db.DatabaseBackend":
                options = ["--backend", BACKEND, "--queue-name", "*", "--interval", "1", "--no-reload"]
                call_command("db_worker", *options, *(["--batch", "--no-startup-delay"] if batch else []))
            elif backend == "django_tasks_rq.RQBackend":
                options = ["default", "--job-class", "django_tasks_rq.Job", "--with-scheduler"]
                # --batch runs jobs in this process (no fork), like the database worker does.
                call_command(
                    "rqworker", *options, *(["--burst", "--worker-class", "rq.SimpleWorker"] if batch else [])
                )
            else:
                raise CommandError(f"The {backend} backend runs tasks in the request; no worker is needed.")
        finally:
            stop.set()
