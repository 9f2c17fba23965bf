# Production-like image of the storefront: gunicorn behind whatever proxy you run, static files by WhiteNoise.
# The same image runs the web server, the background worker (`manage.py run_worker`) and the init job.
FROM python:3.13-slim

ENV PYTHONDONTWRITEBYTECODE=1 PYTHONUNBUFFERED=1 STATIC_COLLECTED=1 LOG_FORMAT=json
WORKDIR /app

COPY requirements.lock ./
RUN pip install --no-cache-dir --no-deps -r requirements.lock

COPY . .
RUN DJANGO_SECRET_KEY=build-only python manage.py collectstatic --no-input --verbosity 0 \
    && useradd --create-home --uid 1000 shop && mkdir -p /app/media /app/private-media \
    && chown -R shop /app/media /app/private-media
USER shop

EXPOSE 8000
CMD ["gunicorn", "config.wsgi", "--bind", "0.0.0.0:8000", "--workers", "3", "--threads", "4", "--access-logfile", "-"]
