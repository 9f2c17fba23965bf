"""Where `make serve` listens, and the origin it prints: `python -m config.bind` prints both.

Read from the settings, so `.env` counts as the environment does (the Makefile once exported its own
PORT and SITE_URL defaults, which django-environ does not override: `make migrate` pointed the Wagtail
Site, and with it QR codes, linksets and emails, at 127.0.0.1:8000 while .env said 8133). On a
loopback SITE_URL with a port the server listens there; otherwise on HOST (127.0.0.1) and PORT, behind
whatever proxy serves the public origin.
"""

import os
from urllib.parse import urlsplit

LOOPBACK = ("127.0.0.1", "localhost", "::1")


def bind_address(site_url: str, port: int, host: str) -> str:
    parts = urlsplit(site_url)
    if parts.hostname in LOOPBACK and parts.port:
        return f"{_bracketed(parts.hostname)}:{parts.port}"
    return f"{host}:{port}"


def _bracketed(hostname: str) -> str:
    """An IPv6 address in brackets, as gunicorn's --bind takes it ([::1]:8121)."""
    return f"[{hostname}]" if ":" in hostname else hostname


if __name__ == "__main__":
    from config.environment import stop_with_the_message_alone

    with stop_with_the_message_alone():
        from config import settings

    print(
        bind_address(settings.SITE_URL, settings.PORT, os.environ.get("HOST") or "127.0.0.1"),
        settings.SITE_URL,
    )
