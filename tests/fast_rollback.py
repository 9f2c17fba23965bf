"""PostgreSQL's serialized rollback in a few statements a table instead of two a row.

Transactional tests (live servers, threads) flush the test database, and with it the rows the migrations
wrote (permissions, groups, Wagtail's root page and locale, the provinces and communes). Django puts them
back from their JSON by saving each row: an UPDATE, then an INSERT, some 8,000 statements, ~3 s before
and again after every such test on PostgreSQL, a quarter of CI's PostgreSQL pass. Here the JSON is read
once, and each table's rows go back in one `INSERT … ON CONFLICT DO NOTHING` a batch: the same rows,
whether the table was emptied by the flush or still holds them (before a test, after a rolled-back one).
"""

from collections import defaultdict
from io import StringIO

from django.core import serializers
from django.db import transaction
from django.db.backends.postgresql.creation import DatabaseCreation

BATCH = 2000

# The JSON Django serialized (the same string every time, kept here so its id stays its own) → its rows.
_read: dict[int, tuple[str, tuple[dict, list, dict]]] = {}


def restore_migrated_rows(creation: DatabaseCreation, data: str) -> None:
    """What `deserialize_db_from_string` does, for tables that are empty or already hold these rows."""
    alias = creation.connection.alias
    plain, inherited, links = _rows(data, alias)
    with transaction.atomic(using=alias):  # foreign keys are checked at its end (deferred on PostgreSQL)
        for model, objects in plain.items():
            model._base_manager.using(alias).bulk_create(objects, batch_size=BATCH, ignore_conflicts=True)
        for row in inherited:  # a page type's own table: bulk_create does not take multi-table models
            row.save(using=alias, save_m2m=False)
        for through, rows in links.items():
            through._base_manager.using(alias).bulk_create(rows, batch_size=BATCH, ignore_conflicts=True)
        tables = {model._meta.db_table for model in [*plain, *links]}
        creation.connection.check_constraints(
            table_names=tables | {r.object._meta.db_table for r in inherited}
        )


def _rows(data: str, alias: str) -> tuple[dict, list, dict]:
    if id(data) not in _read:
        plain, inherited, links = defaultdict(list), [], defaultdict(list)
        for row in serializers.deserialize("json", StringIO(data), using=alias):
            model = type(row.object)
            if model._meta.parents:
                inherited.append(row)
            else:
                plain[model].append(row.object)
            for name, targets in (row.m2m_data or {}).items():
                field = model._meta.get_field(name)
                through = field.remote_field.through
                own, other = f"{field.m2m_field_name()}_id", f"{field.m2m_reverse_field_name()}_id"
                links[through].extend(through(**{own: row.object.pk, other: target}) for target in targets)
        _read[id(data)] = (data, (dict(plain), inherited, dict(links)))
    return _read[id(data)][1]


def install() -> None:
    """From now on, this process's PostgreSQL test databases restore their migrated rows this way."""
    DatabaseCreation.deserialize_db_from_string = restore_migrated_rows
