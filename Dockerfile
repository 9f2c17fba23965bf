# Production-like image of the storefront: gunicorn behind whatever proxy you run, static files by WhiteNoise.
# The same image runs the web server, the background worker (`manage.py run_worker`) and the init job.
# What goes in is what .dockerignore lets through: no .env, media, private photos, backups, var/, databases,
# tests or benchmarks.
FROM python:3.13-slim

# pg_dump and pg_restore for `manage.py backup` and `restore`, of the major version the database runs
# (docker-compose.yml's postgres:16; Debian's own client is newer, and its dumps need not restore into an
# older server), from PostgreSQL's own apt repository.
ARG POSTGRES_MAJOR=16
RUN apt-get update \
    && apt-get install -y --no-install-recommends ca-certificates curl \
    && install -d /usr/share/postgresql-common/pgdg \
    && curl -fsSL -o /usr/share/postgresql-common/pgdg/apt.postgresql.org.asc \
        https://www.postgresql.org/media/keys/ACCC4CF8.asc \
    && . /etc/os-release \
    && echo "deb [signed-by=/usr/share/postgresql-common/pgdg/apt.postgresql.org.asc] https://apt.postgresql.org/pub/repos/apt ${VERSION_CODENAME}-pgdg main" \
        > /etc/apt/sources.list.d/pgdg.list \
    && apt-get update \
    && apt-get install -y --no-install-recommends "postgresql-client-${POSTGRES_MAJOR}" \
    && apt-get purge -y --auto-remove curl \
    && rm -rf /var/lib/apt/lists/*

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 STATIC_COLLECTED=1 LOG_FORMAT=json
WORKDIR /app

# The runtime lock: requirements.lock without the dev extra (pytest, Playwright, moto, ruff…), the same
# versions (README, Layout: how both are compiled).
COPY requirements-runtime.lock ./
RUN pip install --no-cache-dir --no-deps -r requirements-runtime.lock

COPY . .
# The folders the app writes to belong to `shop`, who runs it: media and private media (volumes in
# docker-compose.yml), backups (`manage.py backup`, a volume too) and var/ (the page cache and the
# worker's heartbeat when there is no Redis; collectstatic's settings made var/page-cache as root).
RUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic --no-input --verbosity 0 \
    && useradd --create-home --uid 1000 shop \
    && mkdir -p /app/media /app/private-media /app/backups /app/var \
    && chown -R shop /app/media /app/private-media /app/backups /app/var
USER shop

EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4", "--access-logfile", "-", "--limit-request-line", "8190"]
