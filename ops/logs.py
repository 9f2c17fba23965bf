"""Structured logs: one JSON object per line, each carrying the id of the request it came from."""

import contextvars
import datetime
import json
import logging

# The id of the request being served in this thread or task ("-" outside a request).
request_id_var: contextvars.ContextVar[str] = contextvars.ContextVar("request_id", default="-")

# Attributes every LogRecord has; anything else was passed through `extra=` and goes into the JSON.
_STANDARD = set(vars(logging.LogRecord("", 0, "", 0, "", (), None))) | {"message", "asctime", "request_id"}


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


def as_warning_without_traceback(record: logging.LogRecord) -> None:
    record.levelno = logging.WARNING
    record.levelname = logging.getLevelName(logging.WARNING)
    record.exc_info = None
    record.exc_text = None


def first_line(error: BaseException) -> str:
    """What an exception says, in one line (a database's messages run to several)."""
    text = str(error).strip()
    return text.splitlines()[0] if text else ""


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
