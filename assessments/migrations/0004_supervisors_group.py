"""The "Supervisors" group: which kinds of record a supervisor may view or change in the
admin (riskportal.admin_scoping decides which rows: their own teams').

It lives here, at the end of the domain chain, because it names permissions of all three
domain apps.
"""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from riskportal.admin_scoping import SUPERVISORS_GROUP, ensure_supervisors_group


def forwards(apps, schema_editor):
    # Permissions are normally created after all migrations ran; create them now so the
    # group can be given them on a fresh database.
    for app_config in apps.get_app_configs():
        app_config.models_module = True
        create_permissions(app_config, apps=apps, verbosity=0)
        app_config.models_module = None
    ensure_supervisors_group(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


def backwards(apps, schema_editor):
    apps.get_model("auth", "Group").objects.filter(name=SUPERVISORS_GROUP).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0003_reminder_log"),
        ("journeys", "0001_initial"),
        ("registers", "0002_matrix_presets"),
        ("auth", "0012_alter_user_first_name_max_length"),
        ("contenttypes", "0002_remove_content_type_name"),
    ]
    operations = [migrations.RunPython(forwards, backwards)]
