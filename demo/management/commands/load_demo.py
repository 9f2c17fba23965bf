from django.conf import settings
from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

from cms import renditions
from demo.loader import PublishedPassword, load_demo, steps


class Command(BaseCommand):
    help = (
        "Load the demo OCOP catalogue (seeds' producers and products). Idempotent: existing pages are kept."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--no-accounts",
            action="store_false",
            dest="accounts",
            help="Load the catalogue without the demo's sign-in accounts (admin, dong-a, canbo-ocop, "
            "cua-hang-ben-tre).",
        )

    def handle(self, *args, **options):
        try:
            with tqdm(
                total=steps(), desc="Demo catalogue", unit="bước", disable=options["verbosity"] == 0
            ) as bar:
                report = load_demo(progress=bar, accounts=options["accounts"])
        except PublishedPassword as refusal:
            raise CommandError(str(refusal)) from None
        if settings.DRAW_RENDITIONS_AHEAD:
            self._draw_renditions(options["verbosity"])
        self.stdout.write(
            self.style.SUCCESS(f"Demo catalogue: {report.created} created, {report.kept} already there.")
        )

    def _draw_renditions(self, verbosity):
        """Drawn here rather than left to the worker, so that the first pages opened after `make run` do
        not wait for them (those drawn before cost a query a picture)."""
        pages = renditions.pages_with_pictures()
        for page in tqdm(pages, desc="Ảnh cho cửa hàng", unit="trang", disable=verbosity == 0):
            renditions.draw(page)
