"""The database refuses a second active certification for a product (0012 left one each)."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0012_one_active_certification_per_product"),
    ]

    operations = [
        migrations.AddConstraint(
            model_name="certification",
            constraint=models.UniqueConstraint(
                condition=models.Q(("state", "active")),
                fields=("product",),
                name="certification_one_active_per_product",
            ),
        ),
    ]
