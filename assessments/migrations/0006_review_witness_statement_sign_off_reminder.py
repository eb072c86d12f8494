"""Reviews carry the supervisor's witness statement, written at sign-off, and supervisors
get a daily reminder of the reviews waiting for their sign-off.

The seal of a review covers every field of ``assessments.reviews.SEALED_FIELDS`` the model
has, the witness statement from now on: a review sealed before it existed gets the same
kind of seal over its content with the (empty) statement, so it stays verified. A seal
that did not match before still does not."""

from django.db import migrations, models


def seal_with_the_statement(apps, schema_editor):
    from assessments import reviews

    Review = apps.get_model("assessments", "Review")
    for review in Review.objects.filter(state="signed_off").iterator():
        content = reviews.frozen_content(review)
        before = {key: value for key, value in content.items() if key != "witness_statement"}
        for purpose in (reviews.SIGNED_HERE, reviews.RESTORED_UNVERIFIED):
            if reviews.signature_matches(before, purpose, review.content_hash):
                # A queryset update: the frozen review's save() refuses any change.
                Review.objects.filter(pk=review.pk).update(
                    content_hash=reviews.sign(content, purpose)
                )
                break


class Migration(migrations.Migration):
    dependencies = [
        ("assessments", "0005_seal_signed_off_reviews"),
    ]

    operations = [
        migrations.AddField(
            model_name="historicalreview",
            name="witness_statement",
            field=models.TextField(
                blank=True,
                help_text="What the supervisor saw the learner do at work, written when signing off; the portfolio's witness testimony.",
            ),
        ),
        migrations.AddField(
            model_name="review",
            name="witness_statement",
            field=models.TextField(
                blank=True,
                help_text="What the supervisor saw the learner do at work, written when signing off; the portfolio's witness testimony.",
            ),
        ),
        migrations.AlterField(
            model_name="reminderlog",
            name="kind",
            field=models.CharField(
                choices=[
                    ("overdue_action", "Overdue action"),
                    ("overdue_review", "Overdue register review"),
                    ("review_sign_off", "Review to sign off"),
                ],
                max_length=20,
            ),
        ),
        migrations.RunPython(seal_with_the_statement, migrations.RunPython.noop),
    ]
