"""The documents' words with their marks (each `toned`), for the last word of a query typed with marks.

Empty until `manage.py search_reindex`: meanwhile such a word matches the words folding equal to it.
"""

import importlib

from django.db import migrations, models

# On SQLite, adding a NOT NULL column rebuilds the table, which drops the FTS5 triggers of 0003: put them back.
fts5 = importlib.import_module("search.migrations.0003_sqlite_fts5")


class Migration(migrations.Migration):
    dependencies = [
        ("product_search", "0006_document_title_sort"),
    ]

    operations = [
        migrations.AddField(
            model_name="productdocument",
            name="toned_text",
            field=models.TextField(default="", help_text="The body's words with their marks, each tone first"),
        ),
        migrations.RunPython(fts5.run(fts5.FORWARD), migrations.RunPython.noop),
    ]
