"""gunicorn's own settings, read by every `gunicorn` started in this folder (gunicorn looks for
./gunicorn.conf.py): `make run`, the image and docker-compose.yml, production by hand.

Its own lines, the access log and its starts, stops and worker timeouts, go through the shop's log
formatter, so that every line is one JSON object with LOG_FORMAT=json (the default), as the shop's own
are; LOG_FORMAT is read as the settings read it, from the environment or .env."""

from pathlib import Path

from config.environment import Environment, stop_with_the_message_alone
from ops.logs import LOG_FORMATS, gunicorn_logging

ENV_FILE = Path(__file__).resolve().parent / ".env"
if ENV_FILE.exists():
    Environment.read_env(ENV_FILE)

# A LOG_FORMAT that is neither: its one line on stderr, as for every other setting (config/wsgi.py).
with stop_with_the_message_alone(status=4):
    logconfig_dict = gunicorn_logging(Environment().choice("LOG_FORMAT", LOG_FORMATS, default="json"))
