"""The background worker beside the web server: runs queued tasks and keeps the schedule's clock.

With the database backend (the embedded default) it is django-tasks-db's `db_worker`; with RQ
(`REDIS_URL`) it is django-rq's `rqworker` with RQ's own scheduler for delayed retries. Either way a
thread enqueues settings.TASK_SCHEDULE's periodic tasks (`--no-scheduler` leaves that to a separate
`run_scheduler`).

Redis unreachable, at the start or later: the worker says so, naming REDIS_URL, and waits for it
(rqworker alone exits with a bare "Error 111 connecting…", which stopped `make serve` and with it the
web server, though the shop sells without Redis: tasks that cannot be queued run in the request).
The database unreachable (PostgreSQL down, with either queue): one warning line, again at most once a
minute, while the worker keeps asking; db_worker alone died with a traceback, and `make
serve` restarted it into the next one every ten seconds. `--batch` does not wait: it stops with the
same message. Ctrl-C while it waits stops it with one line (db_worker and rqworker, once running,
stop on it by their own signal handlers).
"""

import logging
import threading
import time
from urllib.parse import urlsplit

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import DEFAULT_DB_ALIAS, DatabaseError, connections
from django_tasks_db.management.commands import db_worker
from redis import Redis
from redis.exceptions import ConnectionError as RedisConnectionError
from redis.exceptions import TimeoutError as RedisTimeoutError

from ops import scheduler
from ops.database import is_unreachable, whereabouts
from ops.logs import first_line
from ops.tasks import BACKEND, RQ_BACKENDS

REDIS_RETRY_SECONDS = 5
DATABASE_RETRY_SECONDS = 5

logger = logging.getLogger("ops.worker")


class DatabaseWorker(db_worker.Command):
    def configure_logging(self, verbosity: int) -> None:
        """The settings' LOGGING decides (LOG_LEVEL): db_worker set its loggers to INFO, and with them
        every task's RUNNING/SUCCESSFUL line reached a log meant to hold warnings."""


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
                self.run_database(batch)
            elif backend in RQ_BACKENDS:
                self.run_rq(batch)
            else:
                raise CommandError(f"The {backend} backend runs tasks in the request; no worker is needed.")
        except KeyboardInterrupt:
            # Ctrl-C between two tries at the database or Redis: a stop asked for, not a fault to trace.
            self.stderr.write("Interrupted (Ctrl-C): the worker stops.")
        finally:
            stop.set()

    def run_database(self, batch: bool) -> None:
        options = ["--backend", BACKEND, "--queue-name", "*", "--interval", "1", "--no-reload"]
        batch_options = ["--batch", "--no-startup-delay"] if batch else []
        while True:
            self.wait_for_database(batch)
            try:
                call_command(DatabaseWorker(), *options, *batch_options)
                return
            except DatabaseError as error:  # the database went away while the worker polled it
                if batch or not is_unreachable(error):
                    raise
                drop_connection()

    def wait_for_database(self, batch: bool) -> None:
        down_since = None
        while (error := database_error()) is not None:
            message = (
                f"The database {whereabouts()} is unreachable ({first_line(error)}):"
                " no background task runs until it answers"
            )
            if batch:
                raise CommandError(message)
            down_since = down_since or time.monotonic()
            if scheduler.database_outage.due():
                logger.warning("%s; trying again every %s s.", message, DATABASE_RETRY_SECONDS)
            time.sleep(DATABASE_RETRY_SECONDS)
        if down_since is not None:
            scheduler.database_outage.forget()
            logger.warning(
                "The database %s answers again after %.0f s: the worker goes on.",
                whereabouts(),
                time.monotonic() - down_since,
            )

    def run_rq(self, batch: bool) -> None:
        options = ["default", "--job-class", "django_tasks_rq.Job", "--with-scheduler"]
        # --batch runs jobs in this process (no fork), like the database worker does.
        batch_options = ["--burst", "--worker-class", "rq.SimpleWorker"] if batch else []
        while True:
            self.wait_for_redis(batch)
            # Its tasks read and write the database: while it is down they stay queued in Redis, rather
            # than be taken only to fail (a task that meets an outage later is retried, ops.tasks.retried).
            self.wait_for_database(batch)
            try:
                call_command("rqworker", *options, *batch_options)
                return
            except SystemExit as exit:  # django-rq exits 1 on a connection error RQ does not retry itself
                if batch or exit.code in (0, None) or redis_error() is None:
                    raise

    def wait_for_redis(self, batch: bool) -> None:
        down_since = None
        while (error := redis_error()) is not None:
            message = (
                f"Redis at REDIS_URL={shown_url(settings.REDIS_URL)} is unreachable ({error}):"
                " no background task runs until it answers"
            )
            if batch:
                raise CommandError(message)
            if down_since is None:
                down_since = time.monotonic()
                self.stderr.write(
                    f"{message}; trying again every {REDIS_RETRY_SECONDS} s. The shop keeps serving:"
                    " work that cannot be queued runs in the request."
                )
            time.sleep(REDIS_RETRY_SECONDS)
        if down_since is not None:
            self.stderr.write(
                f"Redis at REDIS_URL={shown_url(settings.REDIS_URL)} answers again after"
                f" {time.monotonic() - down_since:.0f} s: the worker starts."
            )


def database_error() -> Exception | None:
    """Why the database does not answer, or None when it does."""
    connection = connections[DEFAULT_DB_ALIAS]
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
    except DatabaseError as error:
        if not is_unreachable(error):
            raise
        drop_connection()
        return error
    return None


def drop_connection() -> None:
    """Forget a connection the outage broke, so the next try connects afresh (never one inside a
    transaction: that one is its owner's to end)."""
    connection = connections[DEFAULT_DB_ALIAS]
    if not connection.in_atomic_block:
        connection.close()


def redis_error() -> Exception | None:
    """Why the task queue's Redis does not answer, or None when it does (a hung one: after the
    socket timeout the queue's URL names, 2 s if it names none)."""
    client = Redis.from_url(settings.RQ_QUEUES["default"]["URL"], socket_connect_timeout=2, socket_timeout=2)
    try:
        client.ping()
    except (RedisConnectionError, RedisTimeoutError, OSError) as error:
        return error
    finally:
        client.close()
    return None


def shown_url(url: str) -> str:
    """The URL without its password, fit for a log line."""
    parts = urlsplit(url)
    if not parts.password:
        return url
    return parts._replace(netloc=parts.netloc.replace(f":{parts.password}@", ":***@")).geturl()
