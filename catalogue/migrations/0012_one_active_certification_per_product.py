"""One active certification per product. Before, a revoked record decided after the one in force hid it
(`current_record` took the latest by date), so a later record did not supersede it and a product could
hold two active records: two "Còn hiệu lực" rows and expiry reminders for a replaced decision. Each such
product keeps its latest decision in force (the one its page already shows); the earlier ones become
superseded by the next, as if recorded in order. Then (0013) the database refuses a second active record."""

from django.db import migrations, models


def supersede_all_but_the_latest_active(apps, schema_editor):
    Certification = apps.get_model("catalogue", "Certification")
    ProductPage = apps.get_model("catalogue", "ProductPage")
    doubled = (
        Certification.objects.filter(state="active", product__isnull=False)
        .values("product")
        .annotate(count=models.Count("pk"))
        .filter(count__gt=1)
        .values_list("product", flat=True)
    )
    for product_id in list(doubled):
        records = list(
            Certification.objects.filter(product_id=product_id, state="active").order_by(
                "decision_date", "pk"
            )
        )
        for earlier, later in zip(records, records[1:], strict=False):
            earlier.state = "superseded"
            earlier.save(update_fields=["state"])
            if later.supersedes_id is None:
                later.supersedes_id = earlier.pk
                later.save(update_fields=["supersedes"])
        ProductPage.objects.filter(pk=product_id).update(certification_id=records[-1].pk)


class Migration(migrations.Migration):
    dependencies = [
        ("catalogue", "0011_default_workflow_in_vietnamese"),
    ]

    operations = [
        # The constraint comes in 0013, its own transaction: on PostgreSQL the foreign keys changed here
        # leave deferred checks pending, and no index may be created before they run at the commit.
        migrations.RunPython(supersede_all_but_the_latest_active, migrations.RunPython.noop),
    ]
