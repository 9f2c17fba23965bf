"""Failed background tasks, as staff see them in the admin: what failed, when, why, and a button to re-run."""

from dataclasses import dataclass
from datetime import datetime

from django.conf import settings

from .tasks import BACKEND


@dataclass(frozen=True)
class FailedTask:
    id: str
    task_path: str
    args: list
    kwargs: dict
    finished_at: datetime | None
    error: str


def uses_database() -> bool:
    return settings.TASKS[BACKEND]["BACKEND"] == "django_tasks_db.DatabaseBackend"


def failed_tasks(limit: int = 200) -> list[FailedTask]:
    """The most recent failures first (database backend: its rows; RQ: its failed-job registry)."""
    if uses_database():
        from django_tasks_db.models import DBTaskResult

        rows = DBTaskResult.objects.failed().filter(backend_name=BACKEND).order_by("-finished_at")[:limit]
        return [
            FailedTask(
                str(row.id),
                row.task_path,
                row.args_kwargs["args"],
                row.args_kwargs["kwargs"],
                row.finished_at,
                f"{row.exception_class_path}: {row.traceback.strip().splitlines()[-1] if row.traceback else ''}",
            )
            for row in rows
        ]
    import django_rq

    queue = django_rq.get_queue("default")
    jobs = queue.job_class.fetch_many(
        queue.failed_job_registry.get_job_ids()[:limit], connection=queue.connection
    )
    return [_from_rq_job(job) for job in jobs if job is not None]


def _from_rq_job(job) -> FailedTask:
    result = job.latest_result()
    last_line = (result.exc_string or "").strip().splitlines()[-1:] if result else []
    return FailedTask(
        job.id, job.func_name, list(job.args), dict(job.kwargs), job.ended_at, "".join(last_line)
    )


def rerun(task_id: str) -> bool:
    """Enqueue a failed task again from its first attempt; the failed record is removed."""
    from django.utils.module_loading import import_string

    for failed in failed_tasks():
        if failed.id == task_id:
            kwargs = {k: v for k, v in failed.kwargs.items() if k != "attempt"}
            import_string(failed.task_path).enqueue(*failed.args, **kwargs)
            _forget(task_id)
            return True
    return False


def _forget(task_id: str) -> None:
    if uses_database():
        from django_tasks_db.models import DBTaskResult

        DBTaskResult.objects.filter(pk=task_id).delete()
    else:
        import django_rq

        django_rq.get_queue("default").failed_job_registry.remove(task_id, delete_job=True)
