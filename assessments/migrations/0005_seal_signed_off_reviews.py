"""Signed-off reviews carried a plain SHA-256 of their frozen content, which anyone can
compute. Replace each one that still matches its content with the keyed seal of
``assessments.reviews``; one that no longer matches keeps its old value and so shows as
altered, as it did before."""

import hashlib
import json

from django.db import migrations
from django.db.models import QuerySet


def _old_hash(content: dict) -> str:
    """The hash as it was computed before: SHA-256 of sorted, ASCII-escaped JSON."""
    text = json.dumps(content, sort_keys=True, separators=(",", ":"))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def seal_signed_off_reviews(apps, schema_editor):
    from assessments import reviews

    Review = apps.get_model("assessments", "Review")
    for review in Review.objects.filter(state="signed_off").iterator():
        content = reviews.frozen_content(review)
        if review.content_hash == _old_hash(content):
            sealed = reviews.sign(content, reviews.SIGNED_HERE)
            # A plain queryset update: the frozen review's save() refuses any change, and
            # the app's manager refuses unrecorded bulk updates (the seal is not history).
            QuerySet(model=Review).filter(pk=review.pk).update(content_hash=sealed)


class Migration(migrations.Migration):
    dependencies = [("assessments", "0004_supervisors_group")]

    operations = [migrations.RunPython(seal_signed_off_reviews, migrations.RunPython.noop)]
