from django.db import migrations


def load_units(apps, schema_editor):
    from places.sync import sync_places

    sync_places(apps.get_model("places", "Province"), apps.get_model("places", "Commune"))


class Migration(migrations.Migration):
    dependencies = [("places", "0001_initial")]
    operations = [migrations.RunPython(load_units, migrations.RunPython.noop)]
