"""Back up the media bucket (the public media and the private files) beside `manage.py backup`'s files."""

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from config.arguments import whole_number
from ops import bucket_backup


class Command(BaseCommand):
    help = (
        "Back up every object of the media bucket (public media and private files) to BACKUP_DIR (or --dir)"
        " as ocop-<stamp>.bucket.tar.gz, keeping the newest BACKUP_KEEP."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="folder for the backup files (default: BACKUP_DIR)")
        parser.add_argument(
            "--keep",
            type=whole_number(0),
            default=settings.BACKUP_KEEP,
            help="archives to keep (0: every one)",
        )

    def handle(self, *args, dir=None, keep=None, **options):
        if not bucket_backup.in_use():
            raise CommandError(
                "AWS_STORAGE_BUCKET_NAME is not set: the media is on this disk, and `manage.py backup`"
                " archives it (ocop-<stamp>.media.tar.gz)."
            )
        try:
            made = bucket_backup.create(dir, progress=options["verbosity"] > 0)
        except bucket_backup.BucketBackupError as error:
            raise CommandError(f"No bucket backup was written: {error}") from error
        removed = bucket_backup.prune(keep, dir) if keep else 0
        self.stdout.write(str(made))
        if removed:
            self.stdout.write(f"{removed} older bucket backup(s) removed")
