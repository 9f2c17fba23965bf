"""Put the media bucket's objects back from a `manage.py backup_bucket` archive."""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from ops import bucket_backup
from ops.confirm import confirm_or_stop


class Command(BaseCommand):
    help = (
        "Restore the media bucket's objects from the newest ocop-<stamp>.bucket.tar.gz in BACKUP_DIR"
        " (or --dir, or --stamp); objects the archive does not hold are left as they are."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="folder of the backup files (default: BACKUP_DIR)")
        parser.add_argument("--stamp", help="which archive, e.g. 20261128-030000 (default: the newest)")
        parser.add_argument("--no-input", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, dir=None, stamp=None, no_input=False, **options):
        if not bucket_backup.in_use():
            raise CommandError("AWS_STORAGE_BUCKET_NAME is not set: there is no bucket to restore into.")
        found = [p for p in bucket_backup.available(dir) if stamp in (None, bucket_backup.stamp_of(p))]
        if not found:
            raise CommandError("No bucket backup found" + (f" with stamp {stamp}" if stamp else "") + ".")
        archive = found[0]
        if not no_input:
            confirm_or_stop(
                _("Đưa media của bản sao lưu bucket %(stamp)s trở lại bucket?")
                % {"stamp": bucket_backup.stamp_of(archive)}
            )
        try:
            count = bucket_backup.restore(archive, progress=options["verbosity"] > 0)
        except bucket_backup.BucketBackupError as error:
            raise CommandError(f"The restore stopped: {error}") from error
        self.stdout.write(f"Restored {count} file(s) from bucket backup {bucket_backup.stamp_of(archive)}")
