"""Supervisors may view exhibits and correct their titles in the admin (their own teams')."""

from django.contrib.auth.management import create_permissions
from django.db import migrations

from riskportal.admin_scoping import ensure_supervisors_group


def forwards(apps, schema_editor):
    app_config = apps.get_app_config("exhibits")
    app_config.models_module = True
    create_permissions(app_config, apps=apps, verbosity=0)
    app_config.models_module = None
    ensure_supervisors_group(apps.get_model("auth", "Group"), apps.get_model("auth", "Permission"))


class Migration(migrations.Migration):
    dependencies = [
        ("exhibits", "0001_initial"),
        ("assessments", "0004_supervisors_group"),
    ]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
