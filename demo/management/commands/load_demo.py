from django.core.management.base import BaseCommand, CommandError
from tqdm import tqdm

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
        self.stdout.write(
            self.style.SUCCESS(f"Demo catalogue: {report.created} created, {report.kept} already there.")
        )
