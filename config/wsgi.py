import os

from django.core.wsgi import get_wsgi_application

from config.environment import stop_with_the_message_alone

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
# A setting that cannot be read: its one line on stderr, and gunicorn's "App failed to load" status (4),
# on which it stops instead of booting worker after worker into the same forty-line traceback.
APP_LOAD_ERROR = 4
with stop_with_the_message_alone(status=APP_LOAD_ERROR):
    application = get_wsgi_application()

# This process serves web requests: their PostgreSQL statements end after DATABASE_STATEMENT_TIMEOUT.
from ops.database import limit_statements_of_requests  # noqa: E402 (needs the settings loaded above)
from ops.warm_up import warm_up  # noqa: E402

limit_statements_of_requests()
warm_up()  # before the first connection is accepted, not while its visitor waits
