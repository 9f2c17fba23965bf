"""Servers that fail the way outside services do, for the tests of what the shop does then."""

import socket
import threading
import time
from contextlib import contextmanager


def free_port() -> int:
    """A loopback port nothing listens on now: where a test starts a server of its own, or a service's
    address that refuses connections at once."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def closed_port() -> int:
    """A port on which nothing listens: connections are refused at once."""
    return free_port()


def smtp(port: int, timeout: float = 10) -> dict:
    """EMAIL settings for Django's SMTP backend at this local port (one of the servers above)."""
    return {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {"host": "127.0.0.1", "port": port, "timeout": timeout},
        }
    }


class HungServer:
    """A port that takes connections and never says a word, counting them: how often the shop tried
    the service (a Redis, Varnish, Stripe, SMTP server or PostgreSQL that hangs, as `DEBUG SLEEP`, SIGSTOP
    or a stuck proxy makes it). With `give_up_after`, it drops each connection that many seconds after
    taking it, so a client without a timeout of its own fails (with another reason than its timeout's)
    rather than hangs the test."""

    def __init__(self, give_up_after: float | None = None):
        self.listener = socket.socket()
        self.listener.bind(("127.0.0.1", 0))
        self.listener.listen(64)
        self.listener.settimeout(0.05)
        self.port = self.listener.getsockname()[1]
        self.give_up_after = give_up_after
        self.held = []  # kept open, unanswered
        self.taken_at = []
        self.stopped = threading.Event()
        self.thread = threading.Thread(target=self._take_connections, daemon=True)
        self.thread.start()

    @property
    def connections(self) -> int:
        return len(self.held)

    def _take_connections(self):
        while not self.stopped.is_set():
            try:
                connection = self.listener.accept()[0]
            except TimeoutError:
                pass
            else:
                self.taken_at.append(time.monotonic())
                self.held.append(connection)
            if self.give_up_after is not None:
                for connection, taken_at in zip(self.held, self.taken_at, strict=True):
                    if time.monotonic() - taken_at > self.give_up_after:
                        connection.close()

    def close(self):
        self.stopped.set()
        self.thread.join()
        for connection in self.held:
            connection.close()
        self.listener.close()


@contextmanager
def hung_server(give_up_after: float | None = None):
    server = HungServer(give_up_after)
    try:
        yield server
    finally:
        server.close()
