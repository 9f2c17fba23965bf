"""Structured logs: one JSON object per line, each carrying the id of the request it came from."""

import contextvars
import datetime
import json
import logging
from collections.abc import Mapping

from django.http.multipartparser import MultiPartParserError

# The id of the request being served in this thread or task ("-" outside a request).
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# Attributes every LogRecord has; anything else was passed through `extra=` and goes into the JSON.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id"}


def forget_request_id(**kwargs) -> None:
    """On request_finished (the response closed, Django's last line about it written): the lines that
    follow in this thread belong to no request until the next one sets its id."""
    request_id_var.set("-")


class RequestIdFilter(logging.Filter):
    def filter(self, record):
        if not hasattr(record, "request_id"):
            record.request_id = request_id_var.get()
        return True


class AsWarningWithoutTraceback(logging.Filter):
    """Logs a record as a WARNING without its traceback: for refusals that are the sender's doing, not a
    fault of ours, which Django logs at ERROR with the exception (a bad Host header, `DisallowedHost`:
    scanners send them all day, and each would be an ERROR line, an alert and a mail to ADMINS)."""

    def filter(self, record):
        as_warning_without_traceback(record)
        return True


class UnreadableBodyWithoutTraceback(logging.Filter):
    """On django.request: a body Django cannot parse (multipart without a boundary, a broken one) is the
    sender's doing, refused with a 400: one WARNING line without the traceback Django attaches, which
    anyone could otherwise write into the log with one POST. Other records pass as they are."""

    def filter(self, record):
        if record.exc_info and isinstance(record.exc_info[1], MultiPartParserError):
            as_warning_without_traceback(record)
        return True


def as_warning_without_traceback(record: logging.LogRecord) -> None:
    record.levelno = logging.WARNING
    record.levelname = logging.getLevelName(logging.WARNING)
    record.exc_info = None
    record.exc_text = None


def first_line(error: BaseException) -> str:
    """What an exception says, in one line (a database's messages run to several)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else ""


LOG_FORMATS = ("json", "text")
# LOGGING's formatters (config/settings.py), and gunicorn's (gunicorn_logging): one format for every line.
FORMATTERS = {
    "json": {"()": "ops.logs.JsonFormatter"},
    "text": {"format": "%(asctime)s %(levelname)s %(name)s [%(request_id)s] %(message)s"},
}


class GunicornAccessFields(logging.Filter):
    """On gunicorn.access: the request's id (the X-Request-ID the shop answered with) and what a log
    collector groups by, as fields of their own beside the access line."""

    def filter(self, record):
        atoms = record.args if isinstance(record.args, Mapping) else {}
        request_id = atoms.get("{x-request-id}o", "-")
        if request_id != "-":
            record.request_id = request_id
        record.method, record.path, record.status = atoms.get("m"), atoms.get("U"), atoms.get("s")
        record.duration_ms = atoms.get("M")
        return True


def gunicorn_logging(log_format: str) -> dict:
    """gunicorn's `logconfig_dict` (gunicorn.conf.py): its own lines, the access log and its starts, stops
    and worker timeouts, through the formatter the shop's lines go through (errors to stderr, the access
    log to stdout, as gunicorn writes them by default)."""

    def handler(stream: str, *filters: str) -> dict:
        return {
            "class": "logging.StreamHandler",
            "formatter": log_format,
            "stream": stream,
            "filters": filters,
        }

    return {
        "version": 1,
        "disable_existing_loggers": False,
        "filters": {
            "request_id": {"()": "ops.logs.RequestIdFilter"},
            "access_fields": {"()": "ops.logs.GunicornAccessFields"},
        },
        "formatters": FORMATTERS,
        "handlers": {
            "console": handler("ext://sys.stderr", "request_id"),
            "access": handler("ext://sys.stdout", "access_fields", "request_id"),
        },
        "root": {"level": "INFO", "handlers": ["console"]},
        "loggers": {
            "gunicorn.error": {"level": "INFO", "handlers": ["console"], "propagate": False},
            "gunicorn.access": {"level": "INFO", "handlers": ["access"], "propagate": False},
        },
    }


class JsonFormatter(logging.Formatter):
    def format(self, record):
        entry = {
            "time": datetime.datetime.fromtimestamp(record.created, tz=datetime.UTC).isoformat(),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
            "request_id": getattr(record, "request_id", request_id_var.get()),
        }
        for key, value in vars(record).items():
            if key not in _STANDARD and not key.startswith("_"):
                entry[key] = value
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, ensure_ascii=False, default=str)
