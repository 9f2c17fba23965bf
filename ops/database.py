"""The database down or hung: answer quickly, and say so plainly.

- Connecting gives up after DATABASE_CONNECT_TIMEOUT seconds (settings: libpq's connect_timeout), so a
  PostgreSQL that does not answer costs a request seconds, not every server thread for ever.
- Statements of web requests end after DATABASE_STATEMENT_TIMEOUT seconds (PostgreSQL's
  statement_timeout, set on each connection a web server opens: `limit_statements_of_requests`, called
  by config/wsgi.py), so a query stuck on a lock frees its thread. Management commands (migrate, the
  worker, backups) are not limited: their statements may rightly take longer.
- A request the database could not serve is a 503 with Retry-After and a page in Vietnamese and
  English that needs nothing from the database ("the shop is briefly unavailable"), not the 500 "an
  error happened" page; the log gets one warning line per outage, not a traceback per request
  (`unreachable_response`, from config.errors.server_error; `OutageOnce`, a filter on django.request).
"""

import logging
import sys
import threading
import time
from contextlib import contextmanager

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, InterfaceError, OperationalError, connections
from django.db.backends.signals import connection_created
from django.http import HttpResponse, JsonResponse
from django.template.loader import render_to_string
from django.utils.translation import gettext as _

from catalogue.ratelimit import asks_for_json

from .logs import as_warning_without_traceback, first_line

RETRY_AFTER_SECONDS = 30
# While the database stays unreachable, the log says so once in this many seconds.
SAY_AGAIN_AFTER_SECONDS = 60

logger = logging.getLogger("ops.database")


def is_unreachable(error: BaseException | None) -> bool:
    """A database that refused, dropped or timed out the connection or the statement (PostgreSQL down,
    hung, restarting; SQLite locked past its busy timeout), rather than a fault in our own queries."""
    return isinstance(error, OperationalError | InterfaceError)


def unreachable_response(request) -> HttpResponse:
    """The 503 page; after a form, it sends the visitor back to the form (Back keeps what was typed; a
    link would open it again empty). A page's script that asks for JSON (add to cart) gets the message
    to show in place, in the language chosen by cookie or `?lang=`, which needs no database."""
    headers = {"Retry-After": str(RETRY_AFTER_SECONDS), "Cache-Control": "no-store"}
    if asks_for_json(request):
        message = _("Cửa hàng tạm thời không truy cập được, vui lòng thử lại sau ít phút.")
        return JsonResponse({"error": message}, status=503, headers=headers)
    page = render_to_string("ops/database_down.html", {"after_a_form": request.method == "POST"})
    return HttpResponse(page, status=503, headers=headers)


class OutageOnce(logging.Filter):
    """On django.request: a request the database could not serve is one WARNING line without its
    traceback, said once per SAY_AGAIN_AFTER_SECONDS while the outage lasts; other records pass as
    they are."""

    def __init__(self):
        super().__init__()
        self.said_at = -SAY_AGAIN_AFTER_SECONDS
        self.lock = threading.Lock()

    def filter(self, record):
        error = record.exc_info[1] if record.exc_info else None
        if not is_unreachable(error):
            return True
        now = time.monotonic()
        with self.lock:
            if now - self.said_at < SAY_AGAIN_AFTER_SECONDS:
                return False
            self.said_at = now
        as_warning_without_traceback(record)
        record.msg = "The database is unreachable (%s: %s); requests that need it are answered 503"
        record.args = (type(error).__name__, first_line(error))
        return True


def limit_statements(sender, connection, **kwargs) -> None:
    seconds = settings.DATABASE_STATEMENT_TIMEOUT
    if connection.vendor != "postgresql" or not seconds:
        return
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config('statement_timeout', %s, false)", [f"{round(seconds * 1000)}ms"])


def limit_statements_of_requests() -> None:
    """This process serves web requests: each PostgreSQL connection it opens ends its statements after
    DATABASE_STATEMENT_TIMEOUT seconds."""
    connection_created.connect(limit_statements, dispatch_uid="ops.database.limit_statements")


def whereabouts(alias: str = DEFAULT_DB_ALIAS) -> str:
    """Where a database is, for a line an operator reads: PostgreSQL's host and port, SQLite's file."""
    database = settings.DATABASES[alias]
    if database["ENGINE"].endswith("sqlite3"):
        return f"file {database['NAME']}"
    return f"at {database.get('HOST') or 'localhost'}:{database.get('PORT') or 5432}"


def never_connected(alias: str = DEFAULT_DB_ALIAS) -> bool:
    """Whether the failure was the connection itself: a statement that fails (a migration's SQL on
    SQLite is an OperationalError too) fails on a connection that was made."""
    return connections[alias].connection is None


@contextmanager
def stop_when_unreachable():
    """At manage.py: a command that cannot reach the database (PostgreSQL down, a wrong host, an SQLite
    file that cannot be opened) stops with one line naming where it looked and why, and exit status 1,
    not the sixty-line traceback through Django's connection code that hid both."""
    try:
        yield
    except (OperationalError, InterfaceError) as error:
        if not never_connected():
            raise
        sqlite = settings.DATABASES[DEFAULT_DB_ALIAS]["ENGINE"].endswith("sqlite3")
        print(
            f"The database {whereabouts()} cannot be reached ({first_line(error)}): check DATABASE_URL"
            + (", and that its folder exists" if sqlite else ", and that PostgreSQL runs there"),
            file=sys.stderr,
        )
        sys.exit(1)
