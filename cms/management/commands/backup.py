from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cms import backups
from config.arguments import whole_number
from ops import bucket_backup


class Command(BaseCommand):
    help = (
        "Back up the database and the media folder to BACKUP_DIR (or --dir), keeping the newest BACKUP_KEEP."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="folder for the backup files (default: BACKUP_DIR)")
        parser.add_argument(
            "--keep",
            type=whole_number(0),
            default=settings.BACKUP_KEEP,
            help="backups to keep (0: every one)",
        )

    def handle(self, *args, dir=None, keep=None, **options):
        try:
            made = backups.create(dir, progress=options["verbosity"] > 0)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        removed = backups.prune(keep, dir) if keep else 0
        self.stdout.write(f"{made.database}\n{made.media}")
        if removed:
            self.stdout.write(f"{removed} older backup(s) removed")
        if bucket_backup.in_use():  # the media is in the bucket, not in the folders archived above
            try:
                bucket = bucket_backup.create(dir, stamp=made.stamp, progress=options["verbosity"] > 0)
            except bucket_backup.BucketBackupError as error:
                raise CommandError(f"The database is backed up, the bucket is not: {error}") from error
            self.stdout.write(str(bucket))
            if keep:
                bucket_backup.prune(keep, dir)
