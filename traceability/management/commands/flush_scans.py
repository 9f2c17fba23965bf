"""Write the scans counted in the cache to the lots' rows now (the worker does it every minute; run this
before a cache restart)."""

from django.core.management.base import BaseCommand

from traceability.scans import flush_all


class Command(BaseCommand):
    help = "Ghi số lượt quét đang chờ trong bộ nhớ đệm vào cơ sở dữ liệu."

    def handle(self, *args, **options):
        written = flush_all()
        self.stdout.write(self.style.SUCCESS(f"Đã ghi {written} lượt quét."))
