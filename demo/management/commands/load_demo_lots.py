"""Demo lots with full histories for every pack size of the demo catalogue (idempotent)."""

from django.core.management.base import BaseCommand
from django.utils import timezone
from tqdm import tqdm

from demo import serials as demo_serials
from demo.lots import create_lots, create_producer_certificates, pack_sizes_to_fill
from demo.recall import repair_demo_orders


class Command(BaseCommand):
    help = (
        "Tạo lô sản xuất minh hoạ (sự kiện, giấy chứng nhận) cho mọi quy cách đóng gói. "
        "Chạy lại không tạo trùng."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="Cả sản phẩm tổng hợp của generate_catalogue (mặc định: bỏ qua)",
        )

    def handle(self, *args, **options):
        packs = list(pack_sizes_to_fill(include_synthetic=options["all"]))
        if not packs:
            self.stdout.write(
                "Chưa có quy cách đóng gói nào: không có gì để làm (chạy `manage.py load_demo` trước)."
            )
            return
        today = timezone.localdate()
        lots = 0
        for pack in tqdm(packs, desc="Lô minh hoạ", unit="quy cách", disable=options["verbosity"] < 1):
            lots += create_lots(pack, today)
        producers = {}
        for pack in packs:
            if pack.product.producer_id:
                producers.setdefault(pack.product.producer_id, pack.product.producer)
        certificates = 0
        for producer in tqdm(
            producers.values(), desc="Giấy chứng nhận", unit="chủ thể", disable=options["verbosity"] < 1
        ):
            certificates += create_producer_certificates(producer)
        self.stdout.write(
            self.style.SUCCESS(
                f"{lots} lô mới cho {len(packs)} quy cách, {certificates} giấy chứng nhận mới của chủ thể."
            )
        )
        done = demo_serials.create()
        repaired = repair_demo_orders()
        if repaired:
            self.stdout.write(f"Đã gán chủ thể cho {repaired} dòng đơn hàng minh hoạ (tải từ bản cũ).")
        if done:
            sheet, recalled = done["sheet"], done["recalled"]
            self.stdout.write(
                f"Tem theo gói minh hoạ: lô {sheet.lot.code}, tờ in /lots/sheets/{sheet.pk}/labels/, "
                f"mã đã kiểm tra một lần {done['first'].get_absolute_url()}, "
                f"mã bị kiểm tra nhiều lần {done['copied'].get_absolute_url()}; lô thu hồi {recalled.code}."
            )
