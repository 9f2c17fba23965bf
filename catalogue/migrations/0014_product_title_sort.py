"""Products keep their title's Vietnamese collation beside it, so category and producer pages list equal
stars in Vietnamese order ("Đường" after "Dưa", not after "Zô"), as search does (search 0006)."""

from django.db import migrations, models

from places.collation import collation_string


def sort_titles(apps, schema_editor):
    """The products already published sort in Vietnamese order without waiting to be saved again."""
    ProductPage = apps.get_model("catalogue", "ProductPage")
    products = list(ProductPage.objects.only("pk", "title"))
    for product in products:
        product.title_sort = collation_string(product.title)
    ProductPage.objects.bulk_update(products, ["title_sort"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0013_certification_one_active_constraint"),
    ]

    operations = [
        migrations.AddField(
            model_name="productpage",
            name="title_sort",
            field=models.TextField(
                default="", editable=False, help_text="The title's Vietnamese collation (places.collation)"
            ),
        ),
        migrations.RunPython(sort_titles, migrations.RunPython.noop),
    ]
