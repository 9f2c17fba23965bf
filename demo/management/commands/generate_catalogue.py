from django.core.management.base import BaseCommand, CommandError
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
            raise CommandError("--products must be zero or more.")
        todo = synthetic.plan(options["products"])
        with tqdm(
            total=todo.missing, desc="Synthetic catalogue", unit="sp", disable=options["verbosity"] == 0
        ) as bar:
            try:
                created = synthetic.generate(options["products"], seed=options["seed"], progress=bar)
            except RuntimeError as error:
                raise CommandError(str(error)) from error
        self.stdout.write(self.style.SUCCESS(f"{created} synthetic products created ({todo.wanted} wanted)."))
        if created:
            # Products were inserted with indexing paused: rebuild the product search index once.
            total = live_products().count() * len(get_engines())
            with tqdm(
                total=total, desc="Chỉ mục tìm kiếm", unit="sản phẩm", disable=options["verbosity"] == 0
            ) as bar:
                counts = indexing.reindex(progress=bar.update)
            for engine, count in counts.items():
                self.stdout.write(f"{engine}: {count} products indexed")
