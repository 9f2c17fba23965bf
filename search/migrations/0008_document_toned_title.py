"""The title's words with their marks (each `toned`): a word typed with its marks ranks the titles holding
it as typed first ("mật": Mật ong before Mặt nạ). Filled from the documents' titles here, so no
`search_reindex` is needed on the database.
"""

import importlib

from django.db import migrations, models

from catalogue.text import toned_padded

# On SQLite, adding a NOT NULL column rebuilds the table, which drops the FTS5 triggers of 0003: put them back.
fts5 = importlib.import_module("search.migrations.0003_sqlite_fts5")


def tone_titles(apps, schema_editor):
    ProductDocument = apps.get_model("product_search", "ProductDocument")
    documents = list(ProductDocument.objects.only("pk", "title"))
    for document in documents:
        document.toned_title = toned_padded(document.title)
    ProductDocument.objects.bulk_update(documents, ["toned_title"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("product_search", "0007_document_toned_text"),
    ]

    operations = [
        migrations.AddField(
            model_name="productdocument",
            name="toned_title",
            field=models.TextField(default="", help_text="The title's words with their marks, each tone first"),
        ),
        migrations.RunPython(fts5.run(fts5.FORWARD), migrations.RunPython.noop),
        migrations.RunPython(tone_titles, migrations.RunPython.noop),
    ]
