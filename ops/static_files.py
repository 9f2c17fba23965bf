"""Whether the collected static files are there (STATIC_COLLECTED=1): without their manifest every page
fails on its first stylesheet, so `manage.py check` says it (ops.W003, ops/checks.py) and /health/
fails, taking the server out of a load balancer's rotation until `collectstatic` has run."""

from pathlib import Path

from django.conf import settings

HEALTH_CHECK = "static_files"


class StaticFilesNotCollected(RuntimeError):
    pass


def manifest() -> Path:
    return Path(settings.STATIC_ROOT) / "staticfiles.json"


def check_static_files() -> None:
    if settings.STATIC_COLLECTED and not manifest().exists():
        raise StaticFilesNotCollected(f"STATIC_COLLECTED=1, but {manifest()} is missing: run collectstatic")


def health_checks() -> dict:
    """The /health/ check, where static files are collected (else WhiteNoise serves them from the
    finders, and there is nothing to miss)."""
    return {HEALTH_CHECK: check_static_files} if settings.STATIC_COLLECTED else {}
