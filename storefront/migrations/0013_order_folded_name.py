from django.db import migrations, models

from catalogue.text import words

BATCH = 1000


def fold_names(apps, schema_editor):
    """The orders placed before the column: their buyers' names folded as `Order.save` folds them, so
    that the admin's order list finds them typed without tone marks too."""
    Order = apps.get_model("storefront", "Order")
    batch = []
    for order in Order.objects.only("pk", "full_name").iterator(chunk_size=BATCH):
        order.folded_name = " ".join(words(order.full_name))
        batch.append(order)
        if len(batch) == BATCH:
            Order.objects.bulk_update(batch, ["folded_name"])
            batch = []
    Order.objects.bulk_update(batch, ["folded_name"])


class Migration(migrations.Migration):
    dependencies = [
        ("storefront", "0012_model_names_in_the_plural"),
    ]

    operations = [
        migrations.AddField(
            model_name="order",
            name="folded_name",
            field=models.TextField(blank=True, editable=False),
        ),
        migrations.RunPython(fold_names, migrations.RunPython.noop, elidable=True),
    ]
