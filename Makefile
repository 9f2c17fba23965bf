# The two commands a newcomer types: `make run` and `make test`. Everything else is a helper of theirs.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# Where the server listens when SITE_URL is not a loopback origin (with PORT, default 8000).
HOST ?= 127.0.0.1
# pytest-xdist workers for `make test` (0: one process)
PYTEST_WORKERS ?= auto
# PORT and SITE_URL (the one public origin, see README, Settings) are read by the settings from the
# environment, then from .env: this file sets no default of its own, which would hide .env's values.
# `PORT=8123 make run` and `make run PORT=8123` pass through as any variable does.
# Python 3.13 as pinned in .python-version (through pyenv when it is there), else any 3.12+.
BOOTSTRAP_PYTHON ?= $(shell pyenv which python 2>/dev/null || command -v python3.13 || command -v python3.12 || command -v python3)

.PHONY: run serve install migrate demo test lint bench messages expire-orders clean

run: install migrate demo serve ## set up everything and serve the storefront on http://127.0.0.1:8000

install: $(VENV)/.installed

$(VENV)/.installed: requirements.lock pyproject.toml
	@$(BOOTSTRAP_PYTHON) -c 'import sys; sys.exit(0 if sys.version_info >= (3, 12) else "Python 3.12 or later is needed (3.13 is pinned in .python-version); found " + sys.version.split()[0])'
	test -x $(PY) || $(BOOTSTRAP_PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	@# --no-deps: the lock holds every package already; django-prometheus declares Django<6.1 (lock-overrides.txt)
	$(PY) -m pip install --quiet --no-deps -r requirements.lock
	touch $@

migrate: install
	$(PY) manage.py migrate --no-input

demo: install ## load the demo catalogue (idempotent: keeps what is there) and index it for search
	$(PY) manage.py load_demo
	$(PY) manage.py load_demo_lots
	@# Searchable when this ends, whether or not a worker runs the index updates the load queued.
	$(PY) manage.py search_reindex

# The web server and the background worker (tasks and their schedule) side by side; Ctrl-C stops both.
# The shop sells without the worker (emails and index updates wait, or run in the request when the queue
# is down), so a worker that stops is started again after $(WORKER_RESTART_SECONDS) s and the web server
# keeps serving; when the web server stops, so does the worker. gunicorn takes request lines up to its largest,
# 8190 bytes: a description pasted into the search box (4.5 KB once encoded) reaches the shop, not its bare 414.
WORKER_RESTART_SECONDS ?= 10
serve:
	@where=$$(HOST=$(HOST) $(PY) -m config.bind) || exit 1; set -- $$where; bind=$$1; site=$$2; \
	echo "Storefront: $$site/   admin: $$site/admin/ (admin / ocop-demo-2026, or DEMO_ADMIN_PASSWORD if set)"; \
	set -m; trap 'kill -- -$$web -$$worker 2>/dev/null; wait' INT TERM EXIT; \
	while :; do \
	  $(PY) manage.py run_worker; \
	  echo "The background worker stopped (exit $$?); starting it again in $(WORKER_RESTART_SECONDS) s. The web server keeps serving." >&2; \
	  sleep $(WORKER_RESTART_SECONDS); \
	done & worker=$$!; \
	$(VENV)/bin/gunicorn config.wsgi --bind $$bind --workers 1 --threads 8 --access-logfile - --graceful-timeout 5 --limit-request-line 8190 & web=$$!; \
	wait $$web

test: install ## lint, then the whole suite on every core (pytest-xdist), Django's checks and migrations included
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	@# Bytecode is written even where PYTHONDONTWRITEBYTECODE is set: pytest keeps its rewritten test
	@# modules there, and the servers and commands the tests start reuse the compiled project.
	PYTHONDONTWRITEBYTECODE= $(VENV)/bin/pytest -n $(PYTEST_WORKERS)

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

bench: install ## benchmarks; prints ratios and latencies
	$(PY) -m bench

expire-orders: install ## cancel unpaid online orders past their time now (the worker does it every 5 minutes)
	$(PY) manage.py expire_orders

messages: install ## refresh the English translation catalogue; compile it and the Vietnamese one (Wagtail's strings)
	$(PY) manage.py makemessages -l en --no-wrap --ignore=.venv --ignore=staticfiles --ignore=node_modules --ignore=var
	$(PY) manage.py compilemessages -l en -l vi --ignore=.venv --ignore=node_modules

clean:
	rm -rf $(VENV) staticfiles
