from django.core.management.base import BaseCommand
from tqdm import tqdm

from places.labels import forget as forget_province_labels
from places.models import Commune, Province
from places.sync import sync_places


class Command(BaseCommand):
    help = "Update the provinces and communes from the installed vietnam-provinces package."

    def handle(self, *args, **options):
        with tqdm(desc="Xã/phường", unit="xã", disable=options["verbosity"] == 0) as bar:
            provinces, communes = sync_places(Province, Commune, progress=bar)
        forget_province_labels()
        self.stdout.write(f"{provinces} provinces, {communes} communes and wards.")
