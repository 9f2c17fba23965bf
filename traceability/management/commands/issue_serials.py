"""Issue serialised labels for a lot from the command line, with a progress bar."""

from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from catalogue.gtin import InvalidGtin, normalize_gtin
from traceability import serials
from traceability.models import Lot

MANY_SHOWN = 20  # lots named when a code is ambiguous (a producer reuses a code for each of its packs)


class Command(BaseCommand):
    help = "Phát hành N mã theo gói (GS1 AI 21) cho một lô: manage.py issue_serials <mã lô hoặc id> <N>."

    def add_arguments(self, parser):
        parser.add_argument("lot", help="Số lô (hoặc id của lô)")
        parser.add_argument("count", type=int, help="Số gói cần tem")
        parser.add_argument(
            "--gtin",
            help="GTIN của quy cách (8–14 chữ số, như trang sản phẩm in), khi nhiều quy cách có cùng số lô",
        )

    def handle(self, *args, lot, count, gtin=None, **options):
        lots = Lot.objects.select_related("pack_size__product")
        lots = (
            lots.filter(pk=int(lot))
            if lot.isdigit() and not lots.filter(code=lot).exists()
            else lots.filter(code=lot)
        )
        if gtin:
            try:  # as the product page prints it (13 digits) or as the QR code carries it (14)
                lots = lots.filter(pack_size__gtin=normalize_gtin(gtin))
            except InvalidGtin as error:
                raise CommandError(f"--gtin {gtin}: {error}") from error
        found = list(lots[:MANY_SHOWN])
        if not found:
            raise CommandError("Không tìm thấy lô này.")
        if len(found) > 1:
            raise CommandError(
                "Nhiều lô cùng số: thêm --gtin <GTIN> của một trong các quy cách:\n"
                + "\n".join(f"  {found_lot.pack_size.gtin}  {found_lot.pack_size}" for found_lot in found)
            )
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
