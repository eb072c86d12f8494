"""The shared law library made current: each reference says when it was last checked, and
revoked law says what replaced it."""

from django.db import migrations, models


CHECKED = "2026-12-05"
#: The shared library as it stands: (old title or None, kind, title, citation, url, revoked on,
#: replaced by). Titles are renamed in place, so links from risks and actions are kept.
LIBRARY = [
    (
        None,
        "law",
        "Health and Safety at Work etc. Act 1974",
        "1974 c. 37",
        "https://www.legislation.gov.uk/ukpga/1974/37",
        None,
        "",
    ),
    (
        None,
        "law",
        "Management of Health and Safety at Work Regulations 1999",
        "SI 1999/3242",
        "https://www.legislation.gov.uk/uksi/1999/3242",
        None,
        "",
    ),
    (
        "RIDDOR 2013 (reporting of injuries and dangerous occurrences)",
        "law",
        "Reporting of Injuries, Diseases and Dangerous Occurrences Regulations 2013 (RIDDOR)",
        "SI 2013/1471",
        "https://www.legislation.gov.uk/uksi/2013/1471",
        None,
        "",
    ),
    (
        None,
        "law",
        "UK General Data Protection Regulation",
        "Regulation (EU) 2016/679 as retained in UK law; read with the Data Protection Act 2018",
        "https://www.legislation.gov.uk/eur/2016/679",
        None,
        "",
    ),
    (
        None,
        "law",
        "Data Protection Act 2018",
        "2018 c. 12",
        "https://www.legislation.gov.uk/ukpga/2018/12",
        None,
        "",
    ),
    (
        None,
        "law",
        "Consumer Rights Act 2015",
        "2015 c. 15",
        "https://www.legislation.gov.uk/ukpga/2015/15",
        None,
        "",
    ),
    (
        None,
        "law",
        "Equality Act 2010",
        "2010 c. 15",
        "https://www.legislation.gov.uk/ukpga/2010/15",
        None,
        "",
    ),
    (
        None,
        "law",
        "Consumer Protection from Unfair Trading Regulations 2008",
        "SI 2008/1277",
        "https://www.legislation.gov.uk/uksi/2008/1277",
        "2025-04-06",
        "Digital Markets, Competition and Consumers Act 2024 (Part 4, Chapter 1: unfair "
        "commercial practices, from 6 April 2025)",
    ),
    (
        None,
        "law",
        "Digital Markets, Competition and Consumers Act 2024",
        "2024 c. 13",
        "https://www.legislation.gov.uk/ukpga/2024/13",
        None,
        "",
    ),
    (
        None,
        "law",
        "Food Information (Amendment) (England) Regulations 2019 (Natasha's Law)",
        "SI 2019/1218",
        "https://www.legislation.gov.uk/uksi/2019/1218",
        None,
        "",
    ),
    (
        None,
        "law",
        "Regulatory Reform (Fire Safety) Order 2005",
        "SI 2005/1541",
        "https://www.legislation.gov.uk/uksi/2005/1541",
        None,
        "",
    ),
]


def forwards(apps, schema_editor):
    Reference = apps.get_model("assessments", "Reference")
    for old, kind, title, citation, url, revoked_on, replaced_by in LIBRARY:
        fields = {
            "kind": kind,
            "citation": citation,
            "url": url,
            "last_checked": CHECKED,
            "revoked_on": revoked_on,
            "replaced_by": replaced_by,
        }
        if old and not Reference.objects.filter(team=None, title=title).exists():
            Reference.objects.filter(team=None, title=old).update(title=title)
        Reference.objects.update_or_create(team=None, title=title, defaults=fields)


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0007_ratings_in_plain_words"),
    ]

    operations = [
        migrations.AddField(
            model_name="reference",
            name="last_checked",
            field=models.DateField(
                blank=True,
                help_text="When someone last checked the reference is current.",
                null=True,
            ),
        ),
        migrations.AddField(
            model_name="reference",
            name="replaced_by",
            field=models.CharField(
                blank=True, help_text="What replaced it, when it was revoked.", max_length=200
            ),
        ),
        migrations.AddField(
            model_name="reference",
            name="revoked_on",
            field=models.DateField(
                blank=True,
                help_text="When the law was revoked; it should no longer be cited.",
                null=True,
            ),
        ),
        migrations.RunPython(forwards, migrations.RunPython.noop),
    ]
