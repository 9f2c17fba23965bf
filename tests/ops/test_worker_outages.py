"""The background worker (`make run` starts it beside the web server) while what it needs is down, and
what its log says: the database down is one warning line, again at most once a minute, never a
traceback per poll, and the worker goes on when the database answers again; RQ's own lines follow
LOG_LEVEL as every other line does."""

import logging
import os
import queue
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import OperationalError, connection
from redis import Redis
from redis.exceptions import RedisError

from ops import scheduler
from ops.management.commands import run_worker
from tests.servers import free_port

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parents[2]
REDIS_URL = "redis://127.0.0.1:6379/11"
MIDNIGHT = 20_000 * 86_400  # a moment that starts a slot of every interval in the schedule


@pytest.fixture
def outage():
    """Every statement fails as when PostgreSQL stopped, while `outage["down"]`."""
    state = {"down": True}

    def refuse(execute, sql, params, many, context):
        if state["down"]:
            raise OperationalError(
                'connection to server at "127.0.0.1", port 5432 failed: Connection refused'
            )
        return execute(sql, params, many, context)

    with connection.execute_wrapper(refuse):
        yield state


@pytest.fixture
def polls(monkeypatch, outage):
    """The worker's waits between tries, counted, not slept; the database answers after the fifth."""
    waited = []

    def sleep(seconds):
        waited.append(seconds)
        if len(waited) == 5:
            outage["down"] = False

    monkeypatch.setattr(run_worker.time, "sleep", sleep)
    return waited


def ops_lines(caplog):
    return [
        (record.levelname, record.getMessage()) for record in caplog.records if record.name.startswith("ops")
    ]


def test_the_worker_waits_for_the_database_saying_so_once_then_starts_when_it_answers(
    database_tasks, polls, monkeypatch, caplog
):
    started = []
    monkeypatch.setattr(run_worker, "call_command", lambda *args: started.append(args))
    caplog.set_level(logging.INFO)

    call_command("run_worker", "--no-scheduler")

    assert len(polls) == 5  # asked again and again, said once
    [(down_level, down), (back_level, back)] = ops_lines(caplog)
    assert (down_level, back_level) == ("WARNING", "WARNING")
    assert down.startswith("The database ")
    assert (
        'is unreachable (connection to server at "127.0.0.1", port 5432 failed: Connection refused)' in down
    )
    assert "answers again" in back
    assert not [record for record in caplog.records if record.exc_info]
    assert len(started) == 1  # the worker itself, once the database answered


def test_the_database_going_down_under_the_running_worker_is_waited_out_without_a_traceback(
    database_tasks, polls, outage, monkeypatch, caplog
):
    outage["down"] = False
    runs = []

    def worker(*args):
        runs.append(args)
        if len(runs) == 1:
            outage["down"] = True
            raise OperationalError("server closed the connection unexpectedly")

    monkeypatch.setattr(run_worker, "call_command", worker)
    caplog.set_level(logging.INFO)

    call_command("run_worker", "--no-scheduler")

    assert len(runs) == 2
    [(_, down), (_, back)] = ops_lines(caplog)
    assert "is unreachable" in down
    assert "answers again" in back
    assert not [record for record in caplog.records if record.exc_info]


def test_the_schedule_with_the_database_down_says_so_once_without_a_traceback_per_task(
    database_tasks, outage, caplog
):
    caplog.set_level(logging.INFO)
    assert scheduler.tick(MIDNIGHT) == []
    assert scheduler.tick(MIDNIGHT + 60) == []
    [(level, said)] = ops_lines(caplog)
    assert level == "WARNING"
    assert said.startswith("scheduled tasks not enqueued: the database ")
    assert not [record for record in caplog.records if record.exc_info]


def test_a_batch_worker_with_the_database_down_stops_saying_why(database_tasks, outage):
    with pytest.raises(Exception, match="is unreachable") as stop:
        call_command("run_worker", "--batch")
    assert type(stop.value).__name__ == "CommandError"


# --- RQ's lines follow LOG_LEVEL ----------------------------------------------------------------------


def worker_environment(tmp_path, **variables) -> dict:
    """A worker process's environment: a database file of its own and text logs, and neither CI's Redis
    (RQ's queue waits on Redis, not the database; the once-a-minute reminder is shared through its cache)
    nor its queue choice: only what the test names."""
    inherited = {
        name: value for name, value in os.environ.items() if name not in ("REDIS_URL", "TASKS_BACKEND")
    }
    return {
        **inherited,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "LOG_FORMAT": "text",
        "WORKER_HEARTBEAT_FILE": str(tmp_path / "heartbeat"),
        **variables,
    }


def rq_worker_output(level: str, tmp_path) -> str:
    completed = subprocess.run(  # noqa: S603
        [sys.executable, "manage.py", "run_worker", "--batch"],
        cwd=ROOT,
        env=worker_environment(tmp_path, REDIS_URL=REDIS_URL, TASKS_BACKEND="rq", LOG_LEVEL=level),
        capture_output=True,
        text=True,
        timeout=180,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr[-2000:]
    return completed.stdout + completed.stderr


def test_the_rq_workers_info_lines_follow_log_level(tmp_path):
    try:
        Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
    except RedisError:
        pytest.skip(f"needs Redis at {REDIS_URL}")
    assert "Listening on" not in rq_worker_output("WARNING", tmp_path)
    assert "Listening on" in rq_worker_output("INFO", tmp_path)


# --- Ctrl-C while waiting -------------------------------------------------------------------------------


def interrupted_while_waiting(tmp_path, **variables) -> tuple[int, str, list[str]]:
    """Start the worker with what it needs down, press Ctrl-C once it says it waits: its exit status, the
    line that said it waits, and the lines it wrote after Ctrl-C."""
    worker = subprocess.Popen(  # noqa: S603
        [sys.executable, "manage.py", "run_worker", "--no-scheduler"],
        cwd=ROOT,
        env=worker_environment(tmp_path, **variables),
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    lines = StderrLines(worker)
    try:
        waiting = lines.first_saying("is unreachable", seconds=60)
        worker.send_signal(signal.SIGINT)
        worker.wait(timeout=60)
        after = [line.rstrip("\n") for line in lines.rest(seconds=10)]
    finally:
        worker.kill()
        worker.wait()
    return worker.returncode, waiting, after


class StderrLines:
    """A process's stderr read line by line as it comes, by a thread: a test waits for a line it expects
    for so long, then fails, rather than blocking for ever on a process that never says it."""

    def __init__(self, process: subprocess.Popen):
        self.process = process
        self.lines: queue.Queue[str | None] = queue.Queue()
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.put(line)
        self.lines.put(None)  # the process closed it: it ended

    def first_saying(self, words: str, seconds: float) -> str:
        deadline = time.monotonic() + seconds
        while (line := self._next(deadline)) is not None:
            if words in line:
                return line
        pytest.fail(
            f"the worker did not say {words!r} within {seconds} s (exit status {self.process.poll()})"
        )

    def rest(self, seconds: float) -> list[str]:
        """The lines still to come, up to the end of the stream."""
        deadline = time.monotonic() + seconds
        return list(iter(lambda: self._next(deadline), None))

    def _next(self, deadline: float) -> str | None:
        try:
            return self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
        except queue.Empty:
            return None


def test_ctrl_c_while_the_worker_waits_for_redis_stops_it_in_one_line(tmp_path):
    status, waiting, after = interrupted_while_waiting(
        tmp_path, REDIS_URL=f"redis://127.0.0.1:{free_port()}/8", TASKS_BACKEND="rq"
    )

    assert waiting.startswith("Redis at REDIS_URL=")
    assert after == ["Interrupted (Ctrl-C): the worker stops."]
    assert status == 0


@pytest.mark.parametrize("queue", ["database", "rq"])
def test_ctrl_c_while_the_worker_waits_for_the_database_stops_it_in_one_line(tmp_path, queue):
    """With either queue: RQ's lives in Redis, but its tasks read and write the database, so they are left
    queued there until it answers rather than taken only to fail."""
    queue_variables = {"TASKS_BACKEND": queue}
    if queue == "rq":
        try:
            Redis.from_url(REDIS_URL, socket_connect_timeout=2).ping()
        except RedisError:
            pytest.skip(f"needs Redis at {REDIS_URL}")
        queue_variables["REDIS_URL"] = REDIS_URL
    status, waiting, after = interrupted_while_waiting(
        tmp_path,
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{free_port()}/fix_small_down",
        **queue_variables,
    )

    assert "The database at 127.0.0.1:" in waiting
    assert after == ["Interrupted (Ctrl-C): the worker stops."]
    assert status == 0
