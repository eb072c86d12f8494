"""A review says the learner's part in it, and the criteria its witness statement speaks
for; an imported rating says which file and row it came from and the rater the file names.

The seal of a review covers the two new review fields from now on: a review sealed before
they existed gets the same kind of seal over its content with them (empty), so it stays
verified. A seal that did not match before still does not."""

from django.db import migrations, models
from django.db.models import QuerySet


NEW_SEALED = ("learner_part", "witnessed_criteria")


def seal_with_the_new_fields(apps, schema_editor):
    from assessments import reviews

    Review = apps.get_model("assessments", "Review")
    for review in Review.objects.filter(state="signed_off").iterator():
        content = reviews.frozen_content(review)
        before = {key: value for key, value in content.items() if key not in NEW_SEALED}
        for purpose in (reviews.SIGNED_HERE, reviews.RESTORED_UNVERIFIED):
            if reviews.signature_matches(before, purpose, review.content_hash):
                # A plain queryset update: the frozen review's save() refuses any change, and
                # the app's manager refuses unrecorded bulk updates (the seal is not history).
                QuerySet(model=Review).filter(pk=review.pk).update(
                    content_hash=reviews.sign(content, purpose)
                )
                break


class Migration(migrations.Migration):

    dependencies = [
        ('assessments', '0010_action_benefit_beyond_money'),
    ]

    operations = [
        migrations.AddField(
            model_name='assessment',
            name='imported_from',
            field=models.CharField(blank=True, help_text='The file the rating was imported from, if any.', max_length=255),
        ),
        migrations.AddField(
            model_name='assessment',
            name='imported_row',
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='assessment',
            name='rated_by_name',
            field=models.CharField(blank=True, help_text='The rater as the imported file names them, if it does.', max_length=120, verbose_name='rated by, as the file says'),
        ),
        migrations.AddField(
            model_name='historicalassessment',
            name='imported_from',
            field=models.CharField(blank=True, help_text='The file the rating was imported from, if any.', max_length=255),
        ),
        migrations.AddField(
            model_name='historicalassessment',
            name='imported_row',
            field=models.PositiveIntegerField(blank=True, null=True),
        ),
        migrations.AddField(
            model_name='historicalassessment',
            name='rated_by_name',
            field=models.CharField(blank=True, help_text='The rater as the imported file names them, if it does.', max_length=120, verbose_name='rated by, as the file says'),
        ),
        migrations.AddField(
            model_name='historicalreview',
            name='learner_part',
            field=models.CharField(blank=True, choices=[('led', 'Led it'), ('proposed', 'Proposed it'), ('took_part', 'Took part'), ('informed', 'Was informed')], help_text='Your own part in it, so the assessor sees whose work it is.', max_length=10, verbose_name='my part'),
        ),
        migrations.AddField(
            model_name='historicalreview',
            name='witnessed_criteria',
            field=models.JSONField(blank=True, default=list, help_text='The criteria (codes of WITNESSABLE_CRITERIA) the witness statement speaks for, ticked by the supervisor at sign-off.'),
        ),
        migrations.AddField(
            model_name='review',
            name='learner_part',
            field=models.CharField(blank=True, choices=[('led', 'Led it'), ('proposed', 'Proposed it'), ('took_part', 'Took part'), ('informed', 'Was informed')], help_text='Your own part in it, so the assessor sees whose work it is.', max_length=10, verbose_name='my part'),
        ),
        migrations.AddField(
            model_name='review',
            name='witnessed_criteria',
            field=models.JSONField(blank=True, default=list, help_text='The criteria (codes of WITNESSABLE_CRITERIA) the witness statement speaks for, ticked by the supervisor at sign-off.'),
        ),
        migrations.RunPython(seal_with_the_new_fields, migrations.RunPython.noop),
    ]
