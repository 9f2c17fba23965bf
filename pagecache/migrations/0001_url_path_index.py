from django.db import migrations

# Routing fetches a page by its url_path in one query (pagecache/routing.py). Wagtail does not index that
# column, so on SQLite the query read every page: 3 ms a request at 20,000 products, growing with the
# catalogue. IF NOT EXISTS: a database restored from a backup may have it already.
CREATE = "CREATE INDEX IF NOT EXISTS pagecache_page_url_path ON wagtailcore_page (url_path)"
DROP = "DROP INDEX IF EXISTS pagecache_page_url_path"


class Migration(migrations.Migration):
    dependencies = [("wagtailcore", "0098_apitoken")]

    operations = [migrations.RunSQL(CREATE, reverse_sql=DROP)]
