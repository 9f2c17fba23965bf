from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand, CommandError

from catalogue.models import ProducerPage
from catalogue.permissions import grant_producer_access


class Command(BaseCommand):
    help = "Let a user edit and publish one producer's page and products in the admin (and nothing else)."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("producer", help="the producer page's slug, e.g. dong-a")

    def handle(self, *args, **options):
        user = get_user_model().objects.filter(username=options["username"]).first()
        if user is None:
            raise CommandError(
                f"No user named {options['username']!r}: create it first (manage.py createsuperuser, or in the admin under Users)."
            )
        producer = ProducerPage.objects.filter(slug=options["producer"]).first()
        if producer is None:
            raise CommandError(f"No producer page with the slug {options['producer']!r}.")
        group = grant_producer_access(user, producer)
        self.stdout.write(self.style.SUCCESS(f"{user.username} is now in “{group.name}”."))
