from django.conf import settings
from django.core.management.base import BaseCommand

from cms import backups


class Command(BaseCommand):
    help = (
        "Back up the database and the media folder to BACKUP_DIR (or --dir), keeping the newest BACKUP_KEEP."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="folder for the backup files (default: BACKUP_DIR)")
        parser.add_argument("--keep", type=int, default=settings.BACKUP_KEEP, help="backups to keep")

    def handle(self, *args, dir=None, keep=None, **options):
        made = backups.create(dir, progress=options["verbosity"] > 0)
        removed = backups.prune(keep, dir) if keep else 0
        self.stdout.write(f"{made.database}\n{made.media}")
        if removed:
            self.stdout.write(f"{removed} older backup(s) removed")
