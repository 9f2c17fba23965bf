"""System checks of the operations settings (`manage.py check`, and every command's start)."""

from django.conf import settings
from django.core.checks import Warning, register

from . import static_files
from .proxies import as_network


@register()
def metrics_allowed_ips(app_configs, **kwargs):
    """An entry that is neither an address nor a network (a host name) lets no scraper in."""
    return _unreadable_entries("METRICS_ALLOWED_IPS", "ops.W001", "lets no scraper in")


@register()
def trusted_proxies(app_configs, **kwargs):
    """An entry that is neither an address nor a network (a host name such as `varnish`) trusts nothing,
    so every shopper behind that proxy would count as one address."""
    return _unreadable_entries("TRUSTED_PROXIES", "ops.W002", "trusts no proxy")


@register()
def collected_static_files(app_configs, **kwargs):
    """STATIC_COLLECTED=1 before `collectstatic` (the README's settings copied with the rest): every page
    would fail on its first static file. Said in one line by every command but collectstatic itself."""
    if not settings.STATIC_COLLECTED:
        return []
    manifest = static_files.manifest()
    if manifest.exists():
        return []
    return [
        Warning(
            f"STATIC_COLLECTED=1, but the static files have not been collected ({manifest} is missing).",
            hint="Run manage.py collectstatic first, or unset STATIC_COLLECTED.",
            id="ops.W003",
        )
    ]


# The database password docker-compose.yml falls back to when POSTGRES_PASSWORD is unset: harmless on
# a developer's machine, where the stack's database is reached by its containers alone, and guessable
# anywhere else (it is printed in a public file).
COMPOSE_LOCAL_DATABASE_PASSWORD = "ocop"  # noqa: S105 (a known default, checked for, not used)


@register()
def database_password_of_the_compose_file(app_configs, **kwargs):
    """Said by every command with DEBUG off (the compose stack's `init` job migrates: its log says it)."""
    if settings.DEBUG or settings.DATABASES["default"].get("PASSWORD") != COMPOSE_LOCAL_DATABASE_PASSWORD:
        return []
    return [
        Warning(
            f"The database password is docker-compose.yml's local default ({COMPOSE_LOCAL_DATABASE_PASSWORD!r}),"
            " printed in a public file: anyone who reaches the database can sign in to it.",
            hint=(
                "Set POSTGRES_PASSWORD in .env beside docker-compose.yml before the database's first start"
                " (README: A production-like stack), e.g. python3 -c 'import secrets;"
                " print(secrets.token_urlsafe(24))'."
            ),
            id="ops.W004",
        )
    ]


def _unreadable_entries(setting: str, check_id: str, effect: str) -> list[Warning]:
    return [
        Warning(
            f"{setting}: {entry!r} is neither an address nor a network; it is ignored ({effect}).",
            hint="List addresses (127.0.0.1) or networks (172.16.0.0/12), separated by commas.",
            id=check_id,
        )
        for entry in getattr(settings, setting)
        if as_network(entry) is None
    ]
