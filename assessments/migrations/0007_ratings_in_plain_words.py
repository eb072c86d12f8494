"""Ratings stored before read like code ("L3 x C4 (health & safety) = 12 -> Medium"). Rewrite
each stored explanation from its own numbers in the words of ``registers.rating.explain``;
the numbers, level and history rows stay as they are. Review snapshots are sealed, so they
keep their text and the pages word them from their numbers."""

from django.db import migrations


def reword(apps, schema_editor):
    from registers.rating import explain

    Assessment = apps.get_model("assessments", "Assessment")
    for rating in Assessment.objects.iterator():
        words = explain(
            likelihood=rating.likelihood,
            finance=rating.consequence_finance,
            reputation=rating.consequence_reputation,
            health_safety=rating.consequence_health_safety,
            score=rating.score,
            level_label=rating.level_label,
            escalated=rating.escalated,
        )
        if words != rating.explanation:
            # A queryset update: a saved rating refuses save(), and the text is not a change
            # of the rating that history should record.
            Assessment.objects.filter(pk=rating.pk).update(explanation=words)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0006_review_witness_statement_sign_off_reminder")]

    operations = [migrations.RunPython(reword, migrations.RunPython.noop)]
