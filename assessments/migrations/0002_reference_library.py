from django.db import migrations

LIBRARY = [
    ("law", "Health and Safety at Work etc. Act 1974", "1974 c. 37",
     "https://www.legislation.gov.uk/ukpga/1974/37"),
    ("law", "Management of Health and Safety at Work Regulations 1999", "SI 1999/3242",
     "https://www.legislation.gov.uk/uksi/1999/3242"),
    ("law", "RIDDOR 2013 (reporting of injuries and dangerous occurrences)", "SI 2013/1471",
     "https://www.legislation.gov.uk/uksi/2013/1471"),
    ("law", "UK General Data Protection Regulation", "Data Protection Act 2018 and UK GDPR",
     "https://www.legislation.gov.uk/ukpga/2018/12"),
    ("law", "Consumer Rights Act 2015", "2015 c. 15",
     "https://www.legislation.gov.uk/ukpga/2015/15"),
    ("law", "Equality Act 2010", "2010 c. 15", "https://www.legislation.gov.uk/ukpga/2010/15"),
    ("law", "Consumer Protection from Unfair Trading Regulations 2008", "SI 2008/1277",
     "https://www.legislation.gov.uk/uksi/2008/1277"),
    ("law", "Regulatory Reform (Fire Safety) Order 2005", "SI 2005/1541",
     "https://www.legislation.gov.uk/uksi/2005/1541"),
]


def forwards(apps, schema_editor):
    Reference = apps.get_model("assessments", "Reference")
    for kind, title, citation, url in LIBRARY:
        Reference.objects.get_or_create(
            team=None, title=title, defaults={"kind": kind, "citation": citation, "url": url}
        )


class Migration(migrations.Migration):
    dependencies = [("assessments", "0001_initial")]
    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
