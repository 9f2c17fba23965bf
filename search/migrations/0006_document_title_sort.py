import importlib

from django.db import migrations, models

from places.collation import collation_string

# On SQLite, adding a NOT NULL column rebuilds the table, which drops the FTS5 triggers of 0003: put them back.
fts5 = importlib.import_module("search.migrations.0003_sqlite_fts5")


def sort_titles(apps, schema_editor):
    """The documents already indexed sort in Vietnamese order without waiting for a `search_reindex`."""
    ProductDocument = apps.get_model("product_search", "ProductDocument")
    documents = list(ProductDocument.objects.only("pk", "title"))
    for document in documents:
        document.title_sort = collation_string(document.title)
    ProductDocument.objects.bulk_update(documents, ["title_sort"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("product_search", "0005_document_key_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="productdocument",
            name="title_sort",
            field=models.TextField(default="", help_text="The title's Vietnamese collation (places.collation)"),
        ),
        migrations.RunPython(fts5.run(fts5.FORWARD), migrations.RunPython.noop),
        migrations.RunPython(sort_titles, migrations.RunPython.noop),
    ]
