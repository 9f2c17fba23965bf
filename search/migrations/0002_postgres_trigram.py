"""On PostgreSQL: pg_trgm, and trigram GIN indexes so that `body_text LIKE '% keo%'` uses an index.

Nothing happens on SQLite, where the LIKE scans the documents (fast enough: see bench_search).
"""

from django.db import migrations

FORWARD = [
    "CREATE EXTENSION IF NOT EXISTS pg_trgm",
    "CREATE INDEX IF NOT EXISTS search_document_body_trgm ON product_search_productdocument "
    "USING gin (body_text gin_trgm_ops)",
    "CREATE INDEX IF NOT EXISTS search_document_title_trgm ON product_search_productdocument "
    "USING gin (title_text gin_trgm_ops)",
]
BACKWARD = [
    "DROP INDEX IF EXISTS search_document_title_trgm",
    "DROP INDEX IF EXISTS search_document_body_trgm",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "postgresql":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("product_search", "0001_product_document")]
    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
