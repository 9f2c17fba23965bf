"""Background work on Django's tasks framework, retried with backoff and never lost.

Apps declare tasks with `background_task` (the "background" backend of settings.TASKS: the database
by default, RQ on Redis) and wrap the failure-prone ones in `retried`. A retried task that fails
enqueues itself again with `attempt + 1`, `TASK_RETRY_SECONDS × 2^(attempt-1)` later; the last attempt
raises, so the backend records it as failed (listed for staff in the admin, never dropped).
"""

import datetime
import functools
import logging

from django.conf import settings
from django.db import transaction
from django.tasks import task
from django.utils import timezone
from django.utils.module_loading import import_string

from config.cache import OutageLog

logger = logging.getLogger("ops.tasks")

BACKEND = "background"
# The RQ backends (ours, which shares the cache's knowledge of a Redis outage, and django-tasks-rq's
# own), for the worker and the health check; named, not imported: django-rq is only installed with RQ.
RQ_BACKENDS = ("ops.rq_backend.GuardedRQBackend", "django_tasks_rq.RQBackend")

# Said once per outage of the queue (Redis), not with a traceback for every request that enqueues.
queue_outage = OutageLog(
    logger,
    "the task queue is unreachable: its work runs in the request, or waits for its sweep, until it is back",
    "the task queue takes tasks again",
)

background_task = functools.partial(task, backend=BACKEND)


def backoff(attempt: int) -> datetime.timedelta:
    """How long to wait after failed attempt number `attempt` (1-based): doubling from TASK_RETRY_SECONDS."""
    return datetime.timedelta(seconds=settings.TASK_RETRY_SECONDS * 2 ** (attempt - 1))


def retried(func=None, *, retry_on=(Exception,)):
    """Let a task function be retried: it gains an `attempt` keyword argument (1 on the first run)."""
    if func is None:
        return functools.partial(retried, retry_on=retry_on)

    @functools.wraps(func)
    def wrapper(*args, attempt: int = 1, **kwargs):
        try:
            return func(*args, **kwargs)
        except retry_on as error:
            if attempt >= settings.TASK_MAX_ATTEMPTS:
                logger.error(
                    "task %s gave up after %s attempts", _path(func), attempt, extra={"task": _path(func)}
                )
                raise
            delay = backoff(attempt)
            _enqueue_again(func, args, kwargs, attempt + 1, delay)
            logger.warning(
                "task %s failed (%s: %s); attempt %s in %s s",
                _path(func),
                type(error).__name__,
                error,
                attempt + 1,
                int(delay.total_seconds()),
                extra={"task": _path(func), "attempt": attempt},
            )
            return {"retry": attempt + 1, "after_seconds": int(delay.total_seconds())}

    return wrapper


def _path(func) -> str:
    return f"{func.__module__}.{func.__qualname__}"


def _enqueue_again(func, args, kwargs, attempt, delay):
    the_task = import_string(_path(func))  # the Task object the module exports under this name
    if the_task.get_backend().supports_defer:
        the_task = the_task.using(run_after=timezone.now() + delay)
    the_task.enqueue(*args, attempt=attempt, **kwargs)


def enqueued(the_task, *args, **kwargs) -> bool:
    """Enqueue now; False when the queue is unreachable (Redis down or hung, said once per outage).
    Any other failure is raised, for the caller to log as it does."""
    try:
        the_task.enqueue(*args, **kwargs)
    except Exception as error:
        if queue_outage.stopped(error):
            return False
        raise
    queue_outage.worked()
    return True


def enqueue_after_commit(the_task, *args, **kwargs) -> None:
    """Enqueue once the current transaction commits (at once outside one).

    If the queue itself cannot take it (Redis down), the work runs here and now instead: slower for
    this request, but nothing is lost.
    """

    def enqueue():
        try:
            if enqueued(the_task, *args, **kwargs):
                return
        except Exception:
            logger.exception("could not enqueue %s; running it in the request", the_task.module_path)
        try:
            the_task.call(*args, **kwargs)
        except Exception:
            logger.exception("%s failed in the request too", the_task.module_path)

    transaction.on_commit(enqueue)


def enqueue_after_commit_or_leave_to_sweep(the_task, *args, **kwargs) -> None:
    """Enqueue once the current transaction commits, for work a periodic sweep also finds from the
    database (an order's email not sent yet). If the queue cannot take it (Redis down), it is left to
    that sweep rather than run in the request, where a hung SMTP server would hold the buyer for its
    whole timeout, and where its retry could not be queued either."""

    def enqueue():
        try:
            enqueued(the_task, *args, **kwargs)
        except Exception as error:  # noqa: BLE001 - whatever the queue raised, the sweep has it
            logger.warning(
                "could not enqueue %s (%s: %s); the sweep does it later",
                the_task.module_path,
                type(error).__name__,
                error,
                extra={"task": the_task.module_path},
            )

    transaction.on_commit(enqueue)
