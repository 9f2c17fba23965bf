"""Rebuild the search index of every configured engine from the live catalogue, with a progress bar.

Elasticsearch is rebuilt into a new timestamped index and the alias is swapped at the end; the
database documents are rebuilt in one transaction. Search never sees a half-built index.
"""

from django.core.management.base import BaseCommand
from tqdm import tqdm

from search import indexing
from search.documents import live_products
from search.engines import EngineUnavailable, get_engines


class Command(BaseCommand):
    help = "Rebuild the product search index (database documents and, when configured, Elasticsearch)."

    def add_arguments(self, parser):
        parser.add_argument("--engine", choices=["database", "elasticsearch"], help="Only this engine")
        parser.add_argument("--chunk-size", type=int, default=500)

    def handle(self, *args, engine=None, chunk_size=500, **options):
        engines = [e for e in get_engines() if engine is None or e.name == engine]
        total = live_products().count()
        for each in engines:
            with tqdm(
                total=total,
                desc=f"Chỉ mục tìm kiếm ({each.name})",
                unit="sản phẩm",
                disable=options.get("verbosity", 1) == 0,
            ) as bar:
                try:
                    count = indexing.rebuild([each], progress=bar.update, chunk_size=chunk_size)[each.name]
                except EngineUnavailable as error:
                    self.stderr.write(self.style.ERROR(f"{each.name}: {error}"))
                    continue
            self.stdout.write(self.style.SUCCESS(f"{each.name}: {count} sản phẩm đã vào chỉ mục"))
