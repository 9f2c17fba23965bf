"""Collected static files (STATIC_COLLECTED=1): WhiteNoise's hashed, compressed copies, with a message
that says what to do when one is missing.

A file the manifest does not list (collectstatic not run yet, or not re-run after a deploy that added
a file) raised Django's bare "Missing staticfiles manifest entry for 'img/favicon.svg'"; the message now
names the command that fixes it."""

from whitenoise.storage import CompressedManifestStaticFilesStorage

HOW_TO_FIX = (
    "STATIC_COLLECTED=1 serves the files `manage.py collectstatic` collected: run it (again after every"
    " deploy that changes static files), or unset STATIC_COLLECTED"
)


class CollectedStaticFiles(CompressedManifestStaticFilesStorage):
    def stored_name(self, name):
        try:
            return super().stored_name(name)
        except ValueError as error:
            raise ValueError(f"{error}. {HOW_TO_FIX}") from None
