from django.core.management.base import BaseCommand
from tqdm import tqdm

from demo.loader import load_demo, steps


class Command(BaseCommand):
    help = (
        "Load the demo OCOP catalogue (seeds' producers and products). Idempotent: existing pages are kept."
    )

    def handle(self, *args, **options):
        with tqdm(
            total=steps(), desc="Demo catalogue", unit="bước", disable=options["verbosity"] == 0
        ) as bar:
            report = load_demo(progress=bar)
        self.stdout.write(
            self.style.SUCCESS(f"Demo catalogue: {report.created} created, {report.kept} already there.")
        )
