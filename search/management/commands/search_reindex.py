"""Rebuild the search index of every configured engine from the live catalogue, with a progress bar.

Elasticsearch is rebuilt into a new timestamped index and the alias is swapped at the end; the
database documents are replaced in place, a chunk per short transaction, so that the shop's writes go on
between chunks. Search finds every product meanwhile, by its old document or its new one.

An engine asked for by --engine that is not configured or cannot be rebuilt stops the command with a
non-zero exit status: docker compose's `search-index` service (restart: on-failure) runs again until
Elasticsearch answers, and cron mails the failure. Without --engine, an engine that is down is a
warning (search answers from the database meanwhile); the command fails only if no engine was rebuilt.
"""

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _
from tqdm import tqdm

from config.arguments import whole_number
from search import indexing
from search.documents import live_products
from search.engines import EngineUnavailable, get_engines


class Command(BaseCommand):
    help = "Rebuild the product search index (database documents and, when configured, Elasticsearch)."

    def add_arguments(self, parser):
        parser.add_argument("--engine", choices=["database", "elasticsearch"], help="Only this engine")
        parser.add_argument("--chunk-size", type=whole_number(1), default=500)

    def handle(self, *args, engine=None, chunk_size=500, **options):
        engines = [e for e in get_engines() if engine in (None, e.name)]
        if not engines:
            raise CommandError(not_configured(engine))
        total = live_products().count()
        failures = {}
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
                    failures[each.name] = error
                    continue
            self.stdout.write(self.style.SUCCESS(f"{each.name}: {count} sản phẩm đã vào chỉ mục"))
        if failures and (engine is not None or len(failures) == len(engines)):
            raise CommandError("; ".join(not_rebuilt(name, error) for name, error in failures.items()))
        for name, error in failures.items():
            self.stderr.write(
                self.style.WARNING(
                    _("%(failure)s. Tìm kiếm trả lời từ cơ sở dữ liệu cho đến khi chỉ mục này được dựng lại.")
                    % {"failure": not_rebuilt(name, error)}
                )
            )


def not_rebuilt(name: str, error: Exception) -> str:
    return _("Chỉ mục %(engine)s chưa được dựng lại: %(error)s") % {"engine": name, "error": error}


def not_configured(name: str) -> str:
    if name == "elasticsearch":
        return _("ELASTICSEARCH_URL chưa được đặt: không có Elasticsearch nào để dựng chỉ mục.")
    return _("Công cụ tìm kiếm %(engine)s không có trong SEARCH_ENGINES.") % {"engine": name}
