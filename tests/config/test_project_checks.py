"""Django's system checks pass with no warning, and every model change has its migration: what
`manage.py check --fail-level WARNING` and `manage.py makemigrations --check` say, run inside the
suite (beside the other tests, without two more Django start-ups)."""

import io

from django.core.management import call_command


def test_the_system_checks_find_nothing_not_even_a_warning(db):
    out = io.StringIO()
    call_command("check", fail_level="WARNING", stdout=out, stderr=out)  # raises SystemCheckError
    assert "no issues" in out.getvalue()


def test_every_model_change_has_its_migration(db):
    out = io.StringIO()
    call_command("makemigrations", check=True, dry_run=True, stdout=out)  # exits 1 if one is missing
    assert "No changes detected" in out.getvalue()
