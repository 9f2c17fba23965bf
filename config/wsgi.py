import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
application = get_wsgi_application()

# This process serves web requests: their PostgreSQL statements end after DATABASE_STATEMENT_TIMEOUT.
from ops.database import limit_statements_of_requests  # noqa: E402 (needs the settings loaded above)

limit_statements_of_requests()
