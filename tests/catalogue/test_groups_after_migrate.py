"""After every migrate (each `make run`, each deploy) the programme staff group and every producer's group
are brought in line once, not once for each of the ~27 apps Django sends post_migrate for: each sync
reads and writes every producer's group (~12,000 queries on the demo)."""

from unittest import mock

from django.core.management import call_command

from catalogue import permissions
from catalogue.permissions import grant_producer_access


def test_a_migrate_syncs_the_producers_groups_once(producer, django_user_model):
    grant_producer_access(django_user_model.objects.create_user("dong-a-staff"), producer)

    with mock.patch.object(permissions, "producer_editors", wraps=permissions.producer_editors) as synced:
        call_command("migrate", verbosity=0)

    assert synced.call_count == 1  # the one producer with a group, once
