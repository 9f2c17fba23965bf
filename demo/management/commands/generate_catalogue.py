from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from tqdm import tqdm

from demo import synthetic
from search import indexing
from search.documents import live_products
from search.engines import get_engines


class Command(BaseCommand):
    help = "Add synthetic products (for benchmarks) until the catalogue has --products of them."

    def add_arguments(self, parser):
        parser.add_argument(
            "--products", type=int, default=20_000, help="how many synthetic products in total"
        )
        parser.add_argument("--seed", type=int, default=2026, help="random seed (same seed, same catalogue)")

    def handle(self, *args, **options):
        if options["products"] < 0:
            raise CommandError(_("--products phải từ 0 trở lên."))
        todo = synthetic.plan(options["products"])
        with tqdm(
            total=todo.missing, desc=_("Danh mục tổng hợp"), unit="sp", disable=options["verbosity"] == 0
        ) as bar:
            try:
                created = synthetic.generate(options["products"], seed=options["seed"], progress=bar)
            except RuntimeError as error:
                raise CommandError(str(error)) from error
        made = ngettext(
            "Đã tạo %(created)s sản phẩm tổng hợp (cần %(wanted)s).",
            "Đã tạo %(created)s sản phẩm tổng hợp (cần %(wanted)s).",
            created,
        )
        self.stdout.write(self.style.SUCCESS(made % {"created": created, "wanted": todo.wanted}))
        if created:
            # Products were inserted with indexing paused: rebuild the product search index once.
            total = live_products().count() * len(get_engines())
            with tqdm(
                total=total, desc="Chỉ mục tìm kiếm", unit="sản phẩm", disable=options["verbosity"] == 0
            ) as bar:
                counts = indexing.reindex(progress=bar.update)
            for engine, count in counts.items():
                indexed = _("%(engine)s: %(count)s sản phẩm đã vào chỉ mục")
                self.stdout.write(indexed % {"engine": engine, "count": count})
