"""A number typed wrong on a command line is refused naming its option, before the command does anything:
`backup --keep -2` deleted the two oldest backups, `search_reindex --chunk-size -3` emptied the index."""

import pytest
from django.core.management import CommandError, call_command

from search.models import ProductDocument


@pytest.mark.parametrize(
    ("command", "option", "typed"),
    [
        ("backup", "--keep", "-2"),
        ("backup", "--keep", "two"),
        ("backup_bucket", "--keep", "-1"),
        ("search_reindex", "--chunk-size", "0"),
        ("search_reindex", "--chunk-size", "-3"),
        ("worker_health", "--max-age", "0"),
        ("run_scheduler", "--interval", "-1"),
        ("run_scheduler", "--interval", "nan"),
    ],
)
def test_a_number_typed_wrong_is_refused_naming_its_option(command, option, typed):
    with pytest.raises(CommandError, match=f"argument {option}: "):
        call_command(command, f"{option}={typed}")


@pytest.mark.django_db
def test_a_refused_chunk_size_leaves_the_index_as_it_was(indexed_products):
    before = ProductDocument.objects.count()
    with pytest.raises(CommandError):
        call_command("search_reindex", "--chunk-size=-3")
    assert ProductDocument.objects.count() == before > 0


@pytest.fixture
def indexed_products(product):
    call_command("search_reindex", verbosity=0)
    return ProductDocument.objects.all()
