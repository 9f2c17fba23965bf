"""Issue serialised labels for a lot from the command line, with a progress bar."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from traceability import serials
from traceability.models import Lot


class Command(BaseCommand):
    help = "Phát hành N mã theo gói (GS1 AI 21) cho một lô: manage.py issue_serials <mã lô hoặc id> <N>."

    def add_arguments(self, parser):
        parser.add_argument("lot", help="Số lô (hoặc id của lô)")
        parser.add_argument("count", type=int, help="Số gói cần tem")
        parser.add_argument("--gtin", help="GTIN-14 của quy cách, khi nhiều quy cách có cùng số lô")

    def handle(self, *args, lot, count, gtin=None, **options):
        lots = Lot.objects.select_related("pack_size")
        lots = (
            lots.filter(pk=int(lot))
            if lot.isdigit() and not lots.filter(code=lot).exists()
            else lots.filter(code=lot)
        )
        if gtin:
            lots = lots.filter(pack_size__gtin=gtin)
        found = list(lots[:2])
        if len(found) != 1:
            raise CommandError("Không tìm thấy lô này." if not found else "Nhiều lô cùng số: thêm --gtin.")
        # Refused before the progress bar is drawn; serials.issue checks the lot again under its lock.
        if reason := serials.count_refusal(count) or serials.refusal(found[0], count):
            raise CommandError(reason)
        with tqdm(
            total=count, desc=f"Mã theo gói lô {found[0].code}", unit="mã", disable=options["verbosity"] < 1
        ) as bar:
            try:
                sheet = serials.issue(found[0], count, progress=bar.update)
            except serials.IssueError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"Đợt {sheet.number}: {count} mã cho lô {found[0].code}."))
