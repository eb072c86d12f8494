"""Evidence requirements 1-4 join the catalogue; 5 and 8 are split into their parts.

A learner's tags of the retired whole requirement move to the part the old rule read:
ER5 (risks discussed with colleagues) to ER5c, ER8 (a risk acted on and one tolerated) to
ER8a; then the retired rows go.
"""

from django.db import migrations

from criteria.catalogue import load_catalogue

RETIRED = {"OCR ER5": "OCR ER5c", "OCR ER8": "OCR ER8a"}


def forwards(apps, schema_editor):
    Criterion = apps.get_model("criteria", "Criterion")
    CriterionTag = apps.get_model("criteria", "CriterionTag")
    load_catalogue(Criterion)
    for old_code, new_code in RETIRED.items():
        old = Criterion.objects.filter(code=old_code).first()
        if old is None:
            continue
        new = Criterion.objects.get(code=new_code)
        for tag in CriterionTag.objects.filter(criterion=old):
            duplicate = CriterionTag.objects.filter(
                register_id=tag.register_id,
                criterion=new,
                content_type_id=tag.content_type_id,
                object_id=tag.object_id,
            ).exists()
            if duplicate:
                tag.delete()
            else:
                tag.criterion = new
                tag.save(update_fields=["criterion"])
        old.delete()


class Migration(migrations.Migration):
    dependencies = [("criteria", "0003_explanations_evidence_requirements")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
