from pathlib import Path

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from cms import backups
from ops import bucket_backup
from ops.confirm import confirm_or_stop
from search import indexing


class Command(BaseCommand):
    help = "Restore the database and media from the newest backup in BACKUP_DIR (or --dir, or --stamp)."

    def add_arguments(self, parser):
        parser.add_argument("--dir", help="folder of the backup files (default: BACKUP_DIR)")
        parser.add_argument("--stamp", help="which backup, e.g. 20261128-030000 (default: the newest)")
        parser.add_argument("--no-input", action="store_true", help="do not ask for confirmation")

    def handle(self, *args, dir=None, stamp=None, no_input=False, **options):
        folder = Path(dir or backups.backup_dir())
        if not folder.is_dir():
            raise CommandError(
                _("Không có thư mục sao lưu %(dir)s (BACKUP_DIR, hoặc --dir).") % {"dir": folder}
            )
        found = [b for b in backups.available(folder) if stamp in (None, b.stamp)]
        if not found:
            if stamp:
                raise CommandError(_("Không có bản sao lưu nào mang dấu %(stamp)s.") % {"stamp": stamp})
            raise CommandError(_("Không có bản sao lưu nào."))
        backup = found[0]
        try:
            backups.check_restorable(backup)
        except backups.BackupError as error:
            raise CommandError(str(error)) from None
        if not no_input:
            confirm_or_stop(
                _("Thay cơ sở dữ liệu và media bằng bản sao lưu %(stamp)s?") % {"stamp": backup.stamp}
            )
        backups.restore(backup, progress=options["verbosity"] > 0)
        self.stdout.write(_("Đã khôi phục bản sao lưu %(stamp)s") % {"stamp": backup.stamp})
        if bucket_backup.in_use():  # the bucket's archive of the same night, when there is one
            same = [p for p in bucket_backup.available(dir) if bucket_backup.stamp_of(p) == backup.stamp]
            if same:
                count = bucket_backup.restore(same[0], progress=options["verbosity"] > 0)
                restored = ngettext(
                    "Đã khôi phục %(count)s tệp vào bucket", "Đã khôi phục %(count)s tệp vào bucket", count
                )
                self.stdout.write(restored % {"count": count})
        backups.forget_what_the_replaced_database_showed()
        # The database engine's documents came back with the database; Elasticsearch still holds the
        # catalogue as it was before the restore (an engine that is down is logged and skipped).
        counts = indexing.reindex()
        rebuilt = ", ".join(f"{name} {n}" for name, n in counts.items())
        self.stdout.write(_("Đã dựng lại chỉ mục tìm kiếm: %(counts)s") % {"counts": rebuilt})
