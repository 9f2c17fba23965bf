"""Django's live server on SQLite's in-memory test database: one request at a time.

The live server hands its request threads the test's own connection object (an in-memory database
cannot be opened twice). Two requests at once (localstripe delivering several events, a browser
loading a page's assets), or a request and the test polling the database, would interleave their
transactions on that one connection, which no deployment does (each thread opens its own). So on
SQLite requests are served one at a time, and a test that reads the database while the server may be
answering does it `between_requests()`. PostgreSQL's live server keeps its threads.
"""

import contextlib
import threading

from django.core.servers.basehttp import ThreadedWSGIServer

_serving = threading.Lock()


class OneRequestAtATime(ThreadedWSGIServer):
    def set_app(self, application):
        def serve_alone(environ, start_response):
            with _serving:
                response = application(environ, start_response)
                try:
                    return list(response)
                finally:
                    response.close()  # sends request_finished, as the server would after writing

        super().set_app(serve_alone)


@contextlib.contextmanager
def between_requests():
    with _serving:
        yield
