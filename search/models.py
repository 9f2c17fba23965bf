"""The database engine's search document: one denormalised row per live product.

Kept by the search app (signals and `manage.py search_reindex`), never edited by hand. Text columns
hold folded words padded with spaces (" keo dua sau rieng "), so that "word starts with" is a plain
`LIKE '% keo%'` on every database, and facet columns let one GROUP BY count each facet.
"""

from django.db import models


class ProductDocument(models.Model):
    product = models.OneToOneField(
        "catalogue.ProductPage", primary_key=True, on_delete=models.CASCADE, related_name="search_document"
    )
    title = models.CharField(max_length=255)
    title_text = models.TextField(help_text="Folded title words, space padded")
    title_sort = models.TextField(default="", help_text="The title's Vietnamese collation (places.collation)")
    key_text = models.TextField(default="", help_text="Folded title, producer, categories and tags")
    body_text = models.TextField(help_text="Folded title, producer, categories, tags, summary, province")
    toned_text = models.TextField(default="", help_text="The body's words with their marks, each tone first")
    toned_title = models.TextField(
        default="", help_text="The title's words with their marks, each tone first"
    )
    stars = models.PositiveSmallIntegerField(null=True, db_index=True)
    potential_five = models.BooleanField(default=False)
    province = models.ForeignKey("places.Province", null=True, on_delete=models.SET_NULL, related_name="+")
    producer_type = models.CharField(max_length=30, blank=True, db_index=True)
    min_price = models.PositiveIntegerField(null=True, db_index=True)
    max_price = models.PositiveIntegerField(null=True)
    in_stock = models.BooleanField(default=False)
    published_at = models.DateTimeField(null=True, db_index=True)
    categories = models.ManyToManyField(
        "catalogue.CategoryPage", through="DocumentCategory", related_name="+", blank=True
    )

    class Meta:
        # Covers the one GROUP BY that counts the facets (stars, province, kind, stock): 7x faster
        # than scanning the table on SQLite with 20,000 documents.
        indexes = [
            models.Index(fields=["stars", "province", "producer_type", "in_stock"], name="search_doc_facets")
        ]

    def __str__(self):
        return self.title


class DocumentCategory(models.Model):
    document = models.ForeignKey(ProductDocument, on_delete=models.CASCADE, related_name="category_links")
    category = models.ForeignKey("catalogue.CategoryPage", on_delete=models.CASCADE, related_name="+")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["document", "category"], name="unique_document_category")
        ]
        indexes = [models.Index(fields=["category", "document"])]

    def __str__(self):
        return f"{self.document_id} → {self.category_id}"
