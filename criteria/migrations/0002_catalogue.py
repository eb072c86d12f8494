from django.db import migrations

from criteria.catalogue import load_catalogue


def forwards(apps, schema_editor):
    load_catalogue(apps.get_model("criteria", "Criterion"))


class Migration(migrations.Migration):
    dependencies = [("criteria", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
