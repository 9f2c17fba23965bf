"""Production settings come from the environment alone: with real values, Django's deploy checks pass."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

PRODUCTION = {
    "DJANGO_SECRET_KEY": "k3y-for-the-deploy-check-only-" + "x7Qp" * 10,
    "ALLOWED_HOSTS": "ocop.example",
    "SITE_URL": "https://ocop.example",
    "SECURE_COOKIES": "1",
    "SECURE_SSL_REDIRECT": "1",
    "SECURE_HSTS_SECONDS": "31536000",
    "EMAIL_URL": "smtp+tls://shop:secret@smtp.example.com:587",
}


def manage(*args, env):
    # Without the test session's own lift of Django's async guard (conftest.py's `chromium`, set in
    # this process once a browser test ran on it): a deployment never has it, and check --deploy says so.
    env = {key: value for key, value in env.items() if key != "DJANGO_ALLOW_ASYNC_UNSAFE"}
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def test_production_settings_pass_the_deploy_checks():
    result = manage("check", "--deploy", "--fail-level", "WARNING", env={**os.environ, **PRODUCTION})
    assert result.returncode == 0, result.stdout + result.stderr


def test_development_defaults_are_flagged_by_the_deploy_checks():
    development = {key: value for key, value in os.environ.items() if key not in PRODUCTION}
    result = manage("check", "--deploy", "--fail-level", "WARNING", env=development)
    assert result.returncode != 0
    assert "security.W009" in result.stderr + result.stdout  # the development secret key
