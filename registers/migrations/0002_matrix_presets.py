from django.db import migrations

from registers.presets import load_presets


def forwards(apps, schema_editor):
    load_presets(
        apps.get_model("registers", "RiskMatrix"),
        apps.get_model("registers", "LikelihoodLevel"),
        apps.get_model("registers", "ConsequenceLevel"),
        apps.get_model("registers", "RiskLevel"),
        apps.get_model("registers", "MatrixCell"),
    )


class Migration(migrations.Migration):
    dependencies = [("registers", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
