"""Servers that fail the way outside services do, for the tests of what the shop does then."""

import socket
from contextlib import contextmanager


def closed_port() -> int:
    """A port on which nothing listens: connections are refused at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextmanager
def silent_server():
    """A port that takes connections and never says a word (an SMTP server or a cache that hangs)."""
    with socket.socket() as server:
        server.bind(("127.0.0.1", 0))
        server.listen(8)
        yield server.getsockname()[1]


def smtp(port: int, timeout: float = 10) -> dict:
    """EMAIL settings for Django's SMTP backend at this local port (one of the servers above)."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": timeout},
        }
    }
