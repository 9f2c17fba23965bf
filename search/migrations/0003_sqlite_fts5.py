"""On SQLite: an FTS5 index over the documents' folded text, kept in step by triggers.

The text is already folded by catalogue.text.fold (so unicode61's gaps with ừ/ầ/ậ/ổ/ợ and đ do not
matter): FTS5 only answers "which documents have words starting with these prefixes", which a LIKE
scan over 20,000 rows answers ten times slower. Nothing happens on PostgreSQL (see 0002).
"""

from django.db import migrations

FORWARD = [
    "CREATE VIRTUAL TABLE IF NOT EXISTS product_search_fts USING fts5("
    "body_text, content='product_search_productdocument', content_rowid='product_id', "
    "tokenize='unicode61 remove_diacritics 0', prefix='1 2 3')",
    "CREATE TRIGGER IF NOT EXISTS product_search_fts_insert AFTER INSERT ON product_search_productdocument BEGIN "
    "INSERT INTO product_search_fts(rowid, body_text) VALUES (new.product_id, new.body_text); END",
    "CREATE TRIGGER IF NOT EXISTS product_search_fts_delete AFTER DELETE ON product_search_productdocument BEGIN "
    "INSERT INTO product_search_fts(product_search_fts, rowid, body_text) "
    "VALUES ('delete', old.product_id, old.body_text); END",
    "CREATE TRIGGER IF NOT EXISTS product_search_fts_update AFTER UPDATE ON product_search_productdocument BEGIN "
    "INSERT INTO product_search_fts(product_search_fts, rowid, body_text) "
    "VALUES ('delete', old.product_id, old.body_text); "
    "INSERT INTO product_search_fts(rowid, body_text) VALUES (new.product_id, new.body_text); END",
    "INSERT INTO product_search_fts(product_search_fts) VALUES ('rebuild')",
]
BACKWARD = [
    "DROP TRIGGER IF EXISTS product_search_fts_update",
    "DROP TRIGGER IF EXISTS product_search_fts_delete",
    "DROP TRIGGER IF EXISTS product_search_fts_insert",
    "DROP TABLE IF EXISTS product_search_fts",
]


def run(statements):
    def apply(apps, schema_editor):
        if schema_editor.connection.vendor == "sqlite":
            for sql in statements:
                schema_editor.execute(sql)

    return apply


class Migration(migrations.Migration):
    dependencies = [("product_search", "0002_postgres_trigram")]
    operations = [migrations.RunPython(run(FORWARD), run(BACKWARD))]
